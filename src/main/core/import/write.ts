import type { AttendeeRecord } from '../../../shared/attendee';
import type { Db } from '../db/sql';
import { sql } from '../db/sql';
import type { AttendeeChanges } from '../roster/repo';
import { updateAttendee } from '../roster/repo';

const EDITABLE = ['nameZh', 'nameEn', 'orgZh', 'orgEn', 'title', 'categoryId', 'region', 'phone', 'email', 'documentType', 'documentNumber', 'attention'] as const;

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/**
 * Writes an imported row over the stored attendee. External id and ticket codes (which only imports set) go first,
 * so the roster's own update, which keeps sort keys and the search index current, sees them.
 */
export function updateImportedAttendee(db: Db, before: AttendeeRecord, after: AttendeeRecord, at: Date): void {
  const id = after.id;
  if (before.externalId !== after.externalId) db.run(sql`UPDATE attendee SET external_id = ${after.externalId} WHERE id = ${id}`);
  if (!sameList(before.ticketCodes, after.ticketCodes)) {
    db.run(sql`DELETE FROM ticket_code WHERE attendee_id = ${id}`);
    for (const code of after.ticketCodes) db.run(sql`INSERT INTO ticket_code (code, attendee_id) VALUES (${code}, ${id})`);
  }
  const changes: AttendeeChanges = {};
  for (const key of EDITABLE) {
    if (before[key] !== after[key]) (changes as Record<string, unknown>)[key] = after[key];
  }
  if (!sameList(before.registrations, after.registrations)) changes.registrations = after.registrations;
  updateAttendee(db, id, changes, at);
}
