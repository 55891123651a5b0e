import { describe, expect, it } from 'vitest';
import type { AttendeeRecord } from '../../src/shared/attendee';
import { listAudit } from '../../src/main/core/audit/repo';
import { openDatabase } from '../../src/main/core/db/open';
import type { Db } from '../../src/main/core/db/sql';
import { sql } from '../../src/main/core/db/sql';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import { getKioskRules, patchActivity, writeKioskRules } from '../../src/main/core/event/repo';
import { insertOperator } from '../../src/main/core/operators/repo';
import { enqueueBadge, markPrinted, printLog, printQueue } from '../../src/main/core/printing/queue';
import { insertWalkIn, setAttendeeStatus, updateAttendee } from '../../src/main/core/roster/repo';
import { searchAttendees } from '../../src/main/core/search/repo';
import { initEvent } from '../../src/main/core/services';
import type { LogEntry } from '../../src/main/core/sync/log';
import { applyFromHub, entriesAfter, quarantined, recordAcks, sequenceEntries, syncFlags, unsentEntries, wholeLog } from '../../src/main/core/sync/log';
import { bodyForRole } from '../../src/main/core/sync/rows';
import { installRowTriggers } from '../../src/main/core/sync/triggers';

/**
 * Every change another station needs travels as a `row` entry (issue 14, point 4): walk-ins, edits, cancellations,
 * operators, rules, the print log. Stations are files in memory here; the hub's feed is handed over by hand, the way
 * StationSync carries it, with each role's view of personal numbers.
 */

const AT = new Date('2024-10-15T01:00:00Z');

function station(role: 'hub' | 'desk' | 'door', id = `${role}-1`): Db {
  const db = openDatabase(':memory:');
  initEvent(db, cnmc2024(), AT);
  db.run(sql`INSERT INTO attendee (id, name_zh, org_en, category_id, region, phone, source, created_at, updated_at) VALUES ('A1', '陈大文', 'Ming Pao', 'media', 'hong_kong', '+85291234567', 'import', 'x', 'x')`);
  db.run(sql`INSERT INTO sync_state (one, role, station_id, station_name, epoch) VALUES (1, ${role}, ${id}, ${id}, 'E1')`);
  installRowTriggers(db);
  return db;
}

/** A station's round with the hub: its unsent entries pushed and acknowledged, then the hub's feed as its role sees it. */
function exchange(hub: Db, db: Db, role: 'desk' | 'door'): void {
  recordAcks(db, sequenceEntries(hub, unsentEntries(db, 1000), AT));
  pull(hub, db, role);
}

function pull(hub: Db, db: Db, role: 'desk' | 'door'): void {
  const through = db.get<{ n: number }>(sql`SELECT applied_through AS n FROM sync_state`)!.n;
  applyFromHub(db, entriesAfter(hub, through, 1000).map((e) => ({ ...e, body: bodyForRole(e.kind, e.body, role) })), AT);
}

const walkIn = (id: string, over: Partial<AttendeeRecord> = {}): AttendeeRecord => ({
  id,
  nameZh: '林嘉欣',
  nameEn: 'Lam Ka-yan',
  orgZh: '澳門日報',
  orgEn: 'Macao Daily',
  title: null,
  categoryId: 'hkmt-media',
  region: 'macao',
  phone: '+85366123456',
  email: 'lam@example.mo',
  documentType: 'hk_mo_permit',
  documentNumber: 'H12345678',
  externalId: null,
  attention: null,
  status: 'active',
  source: 'walk_in',
  isDemo: false,
  registrations: ['main-forum', 'forum-2'],
  ticketCodes: ['WALK-0001'],
  ...over,
});

const attendee = (db: Db, id: string) =>
  db.get<{ org_en: string | null; phone: string | null; email: string | null; document_number: string | null; status: string; badge_version: number; badge_printed_count: number }>(
    sql`SELECT org_en, phone, email, document_number, status, badge_version, badge_printed_count FROM attendee WHERE id = ${id}`,
  );

describe('roster, operators, rules and print log in the replicated log', () => {
  it('takes a walk-in registered at one desk to the hub, the other desk and a door: found, registered, its code known; numbers as each role may hold them', () => {
    const hub = station('hub');
    const desk1 = station('desk', 'desk-1');
    const desk2 = station('desk', 'desk-2');
    const door = station('door');
    desk1.tx(() => insertWalkIn(desk1, walkIn('W1'), AT));
    expect(unsentEntries(desk1, 100).map((e) => [e.kind, JSON.parse(e.body).t, JSON.parse(e.body).op])).toEqual([
      ['row', 'attendee', 'insert'],
      ['row', 'registration', 'insert'],
      ['row', 'registration', 'insert'],
      ['row', 'ticket_code', 'insert'],
    ]);
    exchange(hub, desk1, 'desk');
    exchange(hub, desk2, 'desk');
    exchange(hub, door, 'door');
    expect(attendee(hub, 'W1')).toMatchObject({ phone: '+85366123456', email: 'lam@example.mo', document_number: 'H12345678' });
    expect(attendee(desk2, 'W1')).toMatchObject({ phone: '+853 ****3456', email: 'lam@example.mo', document_number: 'H*****678' });
    expect(attendee(door, 'W1')).toMatchObject({ phone: null, email: null, document_number: null });
    for (const db of [hub, desk2, door]) {
      expect(searchAttendees(db, { query: '林嘉欣', limit: 5 }).map((h) => h.id)).toEqual(['W1']);
      expect(db.all<{ activity_id: string }>(sql`SELECT activity_id FROM registration WHERE attendee_id = 'W1' ORDER BY activity_id`).map((r) => r.activity_id)).toEqual(['forum-2', 'main-forum']);
      expect(db.get<{ attendee_id: string }>(sql`SELECT attendee_id FROM ticket_code WHERE code = 'WALK-0001'`)?.attendee_id).toBe('W1');
    }
    // The desk's own search finds the walk-in by the phone's last four digits, as it finds anyone.
    expect(searchAttendees(desk2, { query: '3456', limit: 5 }).map((h) => h.id)).toContain('W1');
    // Nothing applied was logged again: the stations have nothing to send, and the door's log holds none of the numbers.
    for (const db of [desk2, door]) expect(unsentEntries(db, 10)).toEqual([]);
    const doorLog = wholeLog(door).map((e) => e.body).join('\n');
    expect(doorLog).not.toMatch(/66123456|lam@example|H12345678/);
    expect(wholeLog(door).map((e) => [e.id, e.seq])).toEqual(wholeLog(hub).map((e) => [e.id, e.seq]));
  });

  it('two edits of one field made apart: the later in the hub’s order wins everywhere; the hub flags it and keeps the earlier in its audit log', () => {
    const hub = station('hub');
    const desk1 = station('desk', 'desk-1');
    const desk2 = station('desk', 'desk-2');
    desk1.tx(() => updateAttendee(desk1, 'A1', { orgEn: 'Ming Pao Daily' }, AT));
    desk2.tx(() => updateAttendee(desk2, 'A1', { orgEn: 'Ming Pao News', title: 'Editor' }, AT));
    // Desk 2 hears of desk 1's edit before its own reaches the hub: its own edit, still to be placed, is the later one.
    exchange(hub, desk1, 'desk');
    pull(hub, desk2, 'desk');
    expect(attendee(desk2, 'A1')?.org_en).toBe('Ming Pao News');
    exchange(hub, desk2, 'desk');
    pull(hub, desk1, 'desk');
    for (const db of [hub, desk1, desk2]) expect(attendee(db, 'A1')?.org_en).toBe('Ming Pao News');
    expect(searchAttendees(desk1, { query: 'Ming Pao News', limit: 5 }).map((h) => h.id)).toEqual(['A1']);
    const [flag, ...more] = syncFlags(hub);
    expect(more).toEqual([]);
    expect(flag).toMatchObject({ kind: 'edit_conflict', entity: 'attendee', field: 'org_en', attendeeId: 'A1' });
    const audit = listAudit(hub, { limit: 10 }).find((a) => a.action === 'sync.edit_conflict');
    expect(audit).toMatchObject({ entity: 'attendee', entityId: 'A1', before: { org_en: 'Ming Pao Daily', station: 'desk-1' }, after: { org_en: 'Ming Pao News', station: 'desk-2' } });

    // An edit made after seeing the other is no conflict.
    desk1.tx(() => updateAttendee(desk1, 'A1', { orgEn: 'Ming Pao (HK)' }, AT));
    exchange(hub, desk1, 'desk');
    pull(hub, desk2, 'desk');
    expect(syncFlags(hub)).toHaveLength(1);
    for (const db of [hub, desk1, desk2]) expect(attendee(db, 'A1')).toMatchObject({ org_en: 'Ming Pao (HK)' });
  });

  it('a cancellation at the hub reaches a door, and a restore after it; an operator made at the hub can sign in at the door; a rule changed at the hub (an activity’s, the kiosks’) holds there', () => {
    const hub = station('hub');
    const door = station('door');
    hub.tx(() => setAttendeeStatus(hub, { id: 'A1', status: 'cancelled', at: AT }));
    insertOperator(hub, { id: 'OP1', name: '王芳', role: 'door', pinHash: 'scrypt$x$y', createdAt: AT.toISOString() });
    hub.tx(() => patchActivity(hub, { id: 'forum-2', capacity: 120, policy: { reEntry: 'refuse', exitScans: true } as never, access: { media: 'denied' } }));
    pull(hub, door, 'door');
    expect(attendee(door, 'A1')).toMatchObject({ status: 'cancelled', badge_version: 2 });
    expect(door.get<{ pin_hash: string; role: string }>(sql`SELECT pin_hash, role FROM operator WHERE id = 'OP1'`)).toEqual({ pin_hash: 'scrypt$x$y', role: 'door' });
    expect(door.get<{ capacity: number; policy: string }>(sql`SELECT capacity, policy FROM activity WHERE id = 'forum-2'`)).toMatchObject({ capacity: 120 });
    expect(JSON.parse(door.get<{ policy: string }>(sql`SELECT policy FROM activity WHERE id = 'forum-2'`)!.policy)).toMatchObject({ reEntry: 'refuse', exitScans: true });
    expect(door.get<{ access: string }>(sql`SELECT access FROM category_access WHERE category_id = 'media' AND activity_id = 'forum-2'`)?.access).toBe('denied');
    // The kiosks' rules are the event's too: where the desk is, which categories go there.
    const rules = { deskWhere: { zh: '一楼大厅左侧', en: 'ground-floor hall, on the left' }, deskCategories: ['speaker'] };
    hub.tx(() => writeKioskRules(hub, rules));
    pull(hub, door, 'door');
    expect(getKioskRules(door)).toEqual(rules);
    hub.tx(() => setAttendeeStatus(hub, { id: 'A1', status: 'active', at: AT }));
    pull(hub, door, 'door');
    expect(attendee(door, 'A1')?.status).toBe('active');
    expect(unsentEntries(door, 10)).toEqual([]);
  });

  it('a badge printed at a desk is in the attendee’s print log and count everywhere, and in no other station’s queue or spooler', () => {
    const hub = station('hub');
    const desk = station('desk', 'desk-1');
    const job = desk.tx(() => enqueueBadge(desk, { attendeeId: 'A1', printer: 'desk1-zebra', at: AT, operatorId: null }));
    desk.run(sql`UPDATE print_job SET state = 'sent', spool_id = 'desk1-zebra-17' WHERE id = ${job}`);
    desk.tx(() => markPrinted(desk, job, 'spooler', AT));
    exchange(hub, desk, 'desk');
    expect(attendee(hub, 'A1')?.badge_printed_count).toBe(1);
    expect(printLog(hub, 'A1').map((j) => [j.id, j.state, j.printer])).toEqual([[job, 'printed', 'desk1-zebra']]);
    expect(printQueue(hub)).toEqual([]);
    expect(printQueue(desk).map((j) => j.id)).toEqual([job]);
    expect(() => hub.tx(() => markPrinted(hub, job, 'operator', AT))).toThrow(/belongs to station desk-1/);
    // Printing it again at the hub is a reprint: the badge was printed, wherever that was.
    expect(() => hub.tx(() => enqueueBadge(hub, { attendeeId: 'A1', printer: 'office', at: AT, operatorId: null }))).toThrow(/reprint/);
  });

  it('quarantines a row entry for a table or column that does not travel, writing nothing; demo rows never travel', () => {
    const hub = station('hub');
    const bad = (id: string, body: object): LogEntry => ({ id, origin: 'desk-9', kind: 'row', at: 'x', seq: null, body: JSON.stringify(body) });
    sequenceEntries(hub, [
      bad('R1', { t: 'sync_station', op: 'insert', k: ['x'], set: { token_hash: 'h' }, seen: 0 }),
      bad('R2', { t: 'attendee', op: 'update', k: ['A1'], set: { 'status = \'cancelled\' --': 1 }, seen: 0 }),
      bad('R3', { t: 'operator', op: 'update', k: ['NOBODY'], set: { active: 0 }, seen: 0 }),
    ], AT);
    expect(quarantined(hub).map((e) => [e.id, e.problem.replace(/ \(.*/, '')])).toEqual([
      ['R1', 'the row entry R1 names a table that does not travel'],
      ['R2', 'the row entry R2 sets a column that does not travel'],
      ['R3', 'the row entry R3 changes a operator row this file has not received'],
    ]);
    expect(hub.get<{ n: number }>(sql`SELECT count(*) AS n FROM sync_station`)?.n).toBe(0);
    expect(attendee(hub, 'A1')?.status).toBe('active');
    const desk = station('desk', 'desk-1');
    desk.tx(() => insertWalkIn(desk, walkIn('DEMO1', { isDemo: true }), AT));
    expect(unsentEntries(desk, 10)).toEqual([]);
    // A file on its own has no logging triggers at all: an import's rows pay nothing for sync.
    const alone = openDatabase(':memory:');
    initEvent(alone, cnmc2024(), AT);
    expect(alone.get<{ n: number }>(sql`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'sync_row_%'`)?.n).toBe(0);
    expect(desk.get<{ n: number }>(sql`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'sync_row_%'`)?.n).toBeGreaterThan(25);
  });
});
