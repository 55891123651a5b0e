import type { BadgeOrder, BadgeSelection, BadgeSize } from '../../../shared/badge';
import { AppFailure } from '../../../shared/result';
import { issueCredential } from '../credentials/credentials';
import type { KeyVault } from '../credentials/keys';
import type { Db } from '../db/sql';
import { getEventInfo, listActivities, listBadgeLayouts, listCategories } from '../event/repo';
import type { AttendeeRow } from '../roster/repo';
import { fillSortKeys, namingOf, sortKeysMissing } from '../roster/repo';
import type { BadgeAttendee } from './content';
import type { BadgeFonts } from './fonts';
import type { BadgeEventData, IssuedBadge, SkippedBadge } from './make';
import { badgeEventOf, makeBadge } from './make';
import type { MadeBadge } from './pdf';
import type { BadgeThreads } from './pool';

export const loadBadgeEvent = (db: Db): BadgeEventData =>
  badgeEventOf({ event: getEventInfo(db), activities: listActivities(db), categories: listCategories(db), badgeLayouts: listBadgeLayouts(db) });

type BadgeRow = Pick<AttendeeRow, 'id' | 'name_zh' | 'name_en' | 'org_zh' | 'org_en' | 'title' | 'category_id'> & { registrations: string | null };

const ORDER_BY: Record<BadgeOrder, string> = {
  pinyin: 'a.name_sort, a.id',
  organisation: 'a.org_sort, a.name_sort, a.id',
  category: '(SELECT position FROM category c WHERE c.id = a.category_id), a.name_sort, a.id',
};

// A badge counts as printed only when a job for its current version reached `printed`.
const PRINTED = `EXISTS (SELECT 1 FROM print_job p WHERE p.attendee_id = a.id AND p.badge_version = a.badge_version AND p.state = 'printed')`;

/** The attendees a batch prints, in print order; explicitly chosen ones come even when cancelled, for issuing to refuse by name. */
export function selectBadgeAttendees(db: Db, selection: BadgeSelection, order: BadgeOrder): BadgeAttendee[] {
  if (sortKeysMissing(db)) db.tx(() => fillSortKeys(db));
  const where =
    'attendeeIds' in selection
      ? 'a.id IN (SELECT value FROM json_each(?))'
      : 'categoryId' in selection
        ? "a.category_id = ? AND a.status = 'active'"
        : 'notPrinted' in selection
          ? `a.status = 'active' AND NOT ${PRINTED}`
          : "a.status = 'active'";
  const params = 'attendeeIds' in selection ? [JSON.stringify(selection.attendeeIds)] : 'categoryId' in selection ? [selection.categoryId] : [];
  const rows = db.statement(
    `SELECT a.id, a.name_zh, a.name_en, a.org_zh, a.org_en, a.title, a.category_id,
       (SELECT group_concat(activity_id, ' ') FROM registration r WHERE r.attendee_id = a.id) AS registrations
     FROM attendee a WHERE ${where} ORDER BY ${ORDER_BY[order]}`,
  ).all(...params) as BadgeRow[];
  if ('attendeeIds' in selection) {
    const found = new Set(rows.map((r) => r.id));
    const unknown = selection.attendeeIds.filter((id) => !found.has(id));
    if (unknown.length > 0) throw new AppFailure('not_found', `no attendee ${unknown.slice(0, 5).map((id) => `"${id}"`).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}`);
  }
  return rows.map((r) => ({ ...namingOf(r), registrations: r.registrations === null ? [] : r.registrations.split(' ') }));
}

/** The one badge of a one-attendee selection, made here, or the failure that stopped it: asked for by name, it is an error. */
export function onlyBadge(db: Db, vault: KeyVault, fonts: BadgeFonts, attendeeId: string, size?: BadgeSize): MadeBadge {
  const [attendee] = selectBadgeAttendees(db, { attendeeIds: [attendeeId] }, 'pinyin');
  if (attendee === undefined) throw new AppFailure('not_found', `no attendee "${attendeeId}"`);
  return makeBadge(loadBadgeEvent(db), attendee, issueCredential(db, vault, attendee.id).payload, fonts, size);
}

/** Badges from this many on are made on the badge threads while this one writes the PDF; fewer are made here. */
export const BADGE_THREAD_FROM = 48;

export interface BadgeBatch {
  /** The badges, in print order, as they are made. */
  badges: AsyncIterable<MadeBadge>;
  /** Badges left out with their reasons, in print order once `badges` has been read to its end. */
  skipped: SkippedBadge[];
}

/**
 * Issues each attendee's current credential (signing stays on this thread, with the key) and has their badges made:
 * here for a few, on the badge threads for a batch, so the caller writes the first badges while later ones are laid
 * out. A badge that cannot be made right (a character the font lacks, a cancelled attendee) is left out with its
 * reason; the rest of the batch goes on.
 */
export function makeBadges(db: Db, vault: KeyVault, fonts: BadgeFonts, attendees: readonly BadgeAttendee[], size?: BadgeSize, threads?: BadgeThreads): BadgeBatch {
  const event = loadBadgeEvent(db);
  const skipped: SkippedBadge[] = [];
  const issue = function* (): Generator<IssuedBadge> {
    for (const attendee of attendees) {
      try {
        yield { attendee, payload: issueCredential(db, vault, attendee.id).payload };
      } catch (e) {
        if (!(e instanceof AppFailure)) throw e;
        skipped.push({ attendeeId: attendee.id, failure: e });
      }
    }
  };
  const onThreads = threads !== undefined && attendees.length >= BADGE_THREAD_FROM;
  if (onThreads && threads.takeBatch) {
    const position = new Map(attendees.map((a, i) => [a.id, i]));
    const inPrintOrder = async function* (): AsyncGenerator<MadeBadge> {
      yield* threads.make(event, size, issue(), skipped);
      // Refusals to issue are noted here as the chunks go out, missing glyphs as the threads answer: put in print order.
      skipped.sort((a, b) => position.get(a.attendeeId)! - position.get(b.attendeeId)!);
    };
    return { badges: inPrintOrder(), skipped };
  }
  const here = async function* (): AsyncGenerator<MadeBadge> {
    for (const { attendee, payload } of issue()) {
      try {
        yield makeBadge(event, attendee, payload, fonts, size);
      } catch (e) {
        if (!(e instanceof AppFailure)) throw e;
        skipped.push({ attendeeId: attendee.id, failure: e });
      }
    }
    // Threads not yet running (the first batch after the station started) would have made this batch wait for them:
    // it was made here, and they start now, once it is done rather than competing with it, for the next one.
    if (onThreads) void threads.warm().catch(() => {});
  };
  return { badges: here(), skipped };
}
