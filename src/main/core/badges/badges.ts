import type { BadgeLayout, BadgeOrder, BadgePage, BadgeSelection, BadgeSize } from '../../../shared/badge';
import { layoutForCategory } from '../../../shared/badge';
import { AppFailure } from '../../../shared/result';
import { issueCredential } from '../credentials/credentials';
import type { KeyVault } from '../credentials/keys';
import type { Db } from '../db/sql';
import { getEventInfo, listActivities, listBadgeLayouts, listCategories } from '../event/repo';
import type { AttendeeRow } from '../roster/repo';
import { fillSortKeys, sortKeysMissing } from '../roster/repo';
import type { BadgeAttendee, BadgeEvent } from './content';
import { badgeContent } from './content';
import type { BadgeFonts } from './fonts';
import { assertDrawable } from './fonts';
import { layoutBadge } from './layout';

export function loadBadgeEvent(db: Db): BadgeEvent & { layouts: BadgeLayout[] } {
  return {
    event: getEventInfo(db),
    activities: listActivities(db),
    categories: new Map(listCategories(db).map((c) => [c.id, c])),
    layouts: listBadgeLayouts(db),
  };
}

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
  return rows.map((r) => ({
    id: r.id,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    orgZh: r.org_zh,
    orgEn: r.org_en,
    title: r.title,
    categoryId: r.category_id,
    registrations: r.registrations === null ? [] : r.registrations.split(' '),
  }));
}

export interface LaidOutBadges {
  pages: BadgePage[];
  /** Badges left out, each with the failure that stopped it (its code: missing_glyph, conflict …). */
  skipped: Array<{ attendeeId: string; failure: AppFailure }>;
}

/** The one badge of a one-attendee batch, or the failure that stopped it: asked for by name, it is an error, not an empty file. */
export function onlyBadge(laid: LaidOutBadges): BadgePage {
  const [page] = laid.pages;
  if (page !== undefined) return page;
  const [skipped] = laid.skipped;
  throw skipped?.failure ?? new AppFailure('not_found', 'no badge to make: the selection has no active attendee');
}

/**
 * Issues each attendee's current credential and lays out their badge. A badge that cannot be made right (a character
 * the font lacks, a cancelled attendee) is left out with its reason; the rest of the batch goes on.
 */
export function layOutBadges(db: Db, vault: KeyVault, fonts: BadgeFonts, attendees: readonly BadgeAttendee[], size?: BadgeSize): LaidOutBadges {
  const event = loadBadgeEvent(db);
  const out: LaidOutBadges = { pages: [], skipped: [] };
  for (const a of attendees) {
    try {
      const layout = layoutForCategory(event.layouts, a.categoryId);
      const { payload } = issueCredential(db, vault, a.id);
      const content = badgeContent(event, a, payload);
      assertDrawable(fonts, a.id, { name: content.nameMain, 'second name': content.nameSecond, organisation: layout.fields.organisation ? content.organisation : null, title: layout.fields.title ? content.title : null });
      out.pages.push(layoutBadge(size === undefined || size === 'custom' ? layout : { ...layout, size, customMm: null }, content, fonts));
    } catch (e) {
      if (!(e instanceof AppFailure)) throw e;
      out.skipped.push({ attendeeId: a.id, failure: e });
    }
  }
  return out;
}
