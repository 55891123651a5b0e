import type { AttendeeRecord } from '../../../shared/attendee';
import type { Db } from '../db/sql';
import { sql } from '../db/sql';
import { indexAttendees, unindexDemoAttendees } from '../search/repo';

/** Inserts many attendees with their registrations and ticket codes; the caller holds the transaction. */
export function insertAttendees(db: Db, attendees: readonly AttendeeRecord[], at: Date): void {
  const now = at.toISOString();
  const attendee = db.statement(`INSERT INTO attendee (id, name_zh, name_en, org_zh, org_en, title, category_id, region, phone, email,
      document_type, document_number, external_id, attention, status, source, is_demo, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const registration = db.statement(`INSERT INTO registration (attendee_id, activity_id) VALUES (?, ?)`);
  const ticket = db.statement(`INSERT INTO ticket_code (code, attendee_id) VALUES (?, ?)`);
  for (const a of attendees) {
    attendee.run(a.id, a.nameZh, a.nameEn, a.orgZh, a.orgEn, a.title, a.categoryId, a.region, a.phone, a.email,
      a.documentType, a.documentNumber, a.externalId, a.attention, a.status, a.source, a.isDemo ? 1 : 0, now, now);
    for (const activityId of a.registrations) registration.run(a.id, activityId);
    for (const code of a.ticketCodes) ticket.run(code, a.id);
  }
  indexAttendees(db, attendees);
}

export function countAttendees(db: Db): { total: number; demo: number } {
  const r = db.get<{ total: number; demo: number | null }>(sql`SELECT count(*) AS total, sum(is_demo) AS demo FROM attendee`);
  return { total: r?.total ?? 0, demo: r?.demo ?? 0 };
}

/** Removes every demo attendee (registrations and ticket codes go with them); real rows are never touched. */
export function deleteDemoAttendees(db: Db): number {
  unindexDemoAttendees(db);
  return db.run(sql`DELETE FROM attendee WHERE is_demo = 1`).changes;
}
