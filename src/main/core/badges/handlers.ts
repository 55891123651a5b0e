import { layoutForCategory } from '../../../shared/badge';
import { AppFailure } from '../../../shared/result';
import type { ServiceContext } from '../context';
import type { KeyVault } from '../credentials/keys';
import { issueCredential } from '../credentials/credentials';
import type { Handlers } from '../dispatch';
import { parseEventFile } from '../event/handlers';
import { listBadgeLayouts, readEventFile, writeBadgeLayouts } from '../event/repo';
import { loadBadgeEvent, makeBadges, selectBadgeAttendees } from './badges';
import { badgeContent } from './content';
import type { BadgeFonts } from './fonts';
import { layoutBadge } from './layout';
import { renderPdf } from './pdf';
import type { BadgeThreads } from './pool';
import { qrRuns } from './qr';
import { a4Sheet } from './sheet';

export function badgeHandlers({ db, audit }: ServiceContext, vault: KeyVault, fonts: () => BadgeFonts, threads?: BadgeThreads): Pick<Handlers, 'badge:pdf' | 'badge:preview' | 'badge:batchPlan' | 'badge:saveLayouts'> {
  return {
    'badge:pdf': async (request, ctx) => {
      const attendees = selectBadgeAttendees(db, request.selection, request.order);
      const batch = makeBadges(db, vault, fonts(), attendees, request.size, threads);
      const { pdf, pages, badges } = await renderPdf(batch.badges, fonts(), { ...(request.sheet === 'a4' ? { sheet: a4Sheet } : {}), title: 'Badges' });
      // One attendee asked for by name: the failure that stopped their badge is the answer, not an empty file.
      if (attendees.length === 1 && batch.skipped[0] !== undefined) throw batch.skipped[0].failure;
      const skipped = batch.skipped.map(({ attendeeId, failure }) => ({ attendeeId, message: failure.message }));
      if (badges === 0 && skipped.length > 0) throw new AppFailure('conflict', `no badge could be made: ${skipped.slice(0, 3).map((s) => s.message).join('; ')}`, skipped);
      if (badges === 0) throw new AppFailure('not_found', 'no badge to make: the selection has no active attendee');
      db.tx(() => audit(ctx, { action: 'badge.pdf', entity: 'badge', entityId: null, after: { badges, skipped: skipped.length, selection: request.selection, sheet: request.sheet ?? null } }));
      return { contentBase64: pdf.toString('base64'), badges, pages, skipped };
    },

    'badge:preview': (input) => {
      const event = loadBadgeEvent(db);
      const [attendee] = selectBadgeAttendees(db, { attendeeIds: [input.attendeeId] }, 'pinyin');
      if (attendee === undefined) throw new AppFailure('not_found', `no attendee "${input.attendeeId}"`);
      const layout = input.layout ?? layoutForCategory(event.layouts, attendee.categoryId);
      const content = badgeContent(event, attendee, issueCredential(db, vault, attendee.id).payload);
      return { page: layoutBadge(layout, content, fonts()), qr: qrRuns(content.payload) };
    },

    'badge:batchPlan': (input) => ({ attendeeIds: selectBadgeAttendees(db, input.selection, input.order).map((a) => a.id) }),

    'badge:saveLayouts': (input, ctx) =>
      db.tx(() => {
        const before = listBadgeLayouts(db);
        // Checked as part of the whole event, so a layout naming a category the event lacks is refused.
        parseEventFile({ ...readEventFile(db), badgeLayouts: input.layouts });
        writeBadgeLayouts(db, input.layouts);
        audit(ctx, { action: 'badge.saveLayouts', entity: 'event', entityId: null, before, after: input.layouts });
        return listBadgeLayouts(db);
      }),
  };
}
