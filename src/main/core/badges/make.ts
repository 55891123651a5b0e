import type { BadgeLayout, BadgeSize } from '../../../shared/badge';
import { DEFAULT_BADGE_LAYOUT, layoutForCategory } from '../../../shared/badge';
import type { EventFile } from '../../../shared/event';
import type { AppFailure } from '../../../shared/result';
import type { BadgeAttendee, BadgeEvent } from './content';
import { badgeContent } from './content';
import type { BadgeFonts } from './fonts';
import { assertDrawable } from './fonts';
import { layoutBadge } from './layout';
import type { MadeBadge } from './pdf';
import { qrForm } from './qr';

/** The event as badges need it: what badgeContent reads, and the layouts. Plain data, so a badge thread can have it. */
export type BadgeEventData = BadgeEvent & { layouts: BadgeLayout[] };

/** An event's parts as badges need them: categories by id, the layouts (the default when the event names none). */
export const badgeEventOf = (file: Pick<EventFile, 'event' | 'activities' | 'categories' | 'badgeLayouts'>): BadgeEventData => ({
  event: file.event,
  activities: file.activities,
  categories: new Map(file.categories.map((c) => [c.id, c])),
  layouts: file.badgeLayouts ?? [DEFAULT_BADGE_LAYOUT],
});

/**
 * One attendee's badge from their issued payload: what it says, every character checked against the font, the layout
 * and the QR. No database, so a badge thread makes it as well as this one.
 */
export function makeBadge(event: BadgeEventData, a: BadgeAttendee, payload: string, fonts: BadgeFonts, size?: BadgeSize): MadeBadge {
  const layout = layoutForCategory(event.layouts, a.categoryId);
  const content = badgeContent(event, a, payload);
  assertDrawable(fonts, a.id, { name: content.nameMain, 'second name': content.nameSecond, organisation: layout.fields.organisation ? content.organisation : null, title: layout.fields.title ? content.title : null });
  const page = layoutBadge(size === undefined || size === 'custom' ? layout : { ...layout, size, customMm: null }, content, fonts);
  const text = page.boxes.flatMap((box) => (box.kind === 'text' ? box.lines.map((line) => fonts.shape(line.text, box.weight)) : []));
  return { page, qr: qrForm(payload), text };
}


/** A badge left out of a batch, with the failure that stopped it (its code: missing_glyph, conflict …). */
export interface SkippedBadge {
  attendeeId: string;
  failure: AppFailure;
}

/** An attendee with the payload of their current badge, issued on the thread that holds the key. */
export interface IssuedBadge {
  attendee: BadgeAttendee;
  payload: string;
}
