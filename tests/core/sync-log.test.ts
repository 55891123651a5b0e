import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/open';
import type { Db } from '../../src/main/core/db/sql';
import { sql } from '../../src/main/core/db/sql';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import { initEvent } from '../../src/main/core/services';
import type { LogEntry } from '../../src/main/core/sync/log';
import { applyFromHub, entriesAfter, quarantined, recordAcks, sequenceEntries, unsentEntries, wholeLog } from '../../src/main/core/sync/log';
import { readFileSync } from 'node:fs';
import { APP_VERSION } from '../../src/shared/version';

/** The replicated log's rules on one file at a time: logging by trigger, sequencing once, applying once, quarantine. */

function station(role: 'hub' | 'door' | null): Db {
  const db = openDatabase(':memory:');
  initEvent(db, cnmc2024(), new Date('2024-10-15T01:00:00Z'));
  db.run(sql`INSERT INTO attendee (id, name_zh, category_id, region, source, created_at, updated_at) VALUES ('A1', '陈大文', 'media', 'hong_kong', 'import', 'x', 'x')`);
  if (role) db.run(sql`INSERT INTO sync_state (one, role, station_id, station_name, epoch) VALUES (1, ${role}, ${`${role}-1`}, ${role}, 'E1')`);
  return db;
}

const scanRow = (db: Db, id: string, attendee = 'A1') =>
  db.run(sql`INSERT INTO scan (id, at, station, kind, activity_id, attendee_id, code, outcome, reason) VALUES (${id}, '2024-10-15T01:30:00.000Z', 'A门', 'entry', 'main-forum', ${attendee}, 'T1', 'admitted', 'ok')`);

describe('the replicated log', () => {
  it('logs nothing on a station on its own; logs a station’s scan unplaced; places a hub’s at once', () => {
    const alone = station(null);
    scanRow(alone, 'S1');
    expect(wholeLog(alone)).toEqual([]);
    const door = station('door');
    scanRow(door, 'S1');
    expect(unsentEntries(door, 10)).toMatchObject([{ id: 'S1', origin: 'door-1', kind: 'scan', seq: null }]);
    expect(JSON.parse(unsentEntries(door, 10)[0]!.body)).toMatchObject({ id: 'S1', activityId: 'main-forum', attendeeId: 'A1', outcome: 'admitted' });
    const hub = station('hub');
    scanRow(hub, 'H1');
    scanRow(hub, 'H2');
    expect(wholeLog(hub).map((e) => [e.id, e.seq])).toEqual([
      ['H1', 1],
      ['H2', 2],
    ]);
  });

  it('sequences a pushed entry once: a retried push is answered with the places it has, and writes nothing', () => {
    const door = station('door');
    scanRow(door, 'S1');
    scanRow(door, 'S2');
    const hub = station('hub');
    scanRow(hub, 'H1');
    const pushed = unsentEntries(door, 10);
    const first = sequenceEntries(hub, pushed);
    expect(first).toEqual([
      { id: 'S1', seq: 2, duplicate: false },
      { id: 'S2', seq: 3, duplicate: false },
    ]);
    const again = sequenceEntries(hub, pushed);
    expect(again).toEqual(first.map((a) => ({ ...a, duplicate: true })));
    expect(hub.get<{ n: number }>(sql`SELECT count(*) AS n FROM scan`)?.n).toBe(3);
    recordAcks(door, first);
    expect(unsentEntries(door, 10)).toEqual([]);
  });

  it('applies the hub’s feed in order, once, learning its own entries’ places; a second delivery changes nothing', () => {
    const hub = station('hub');
    scanRow(hub, 'H1');
    const door = station('door');
    scanRow(door, 'S1');
    sequenceEntries(hub, unsentEntries(door, 10));
    const feed = entriesAfter(hub, 0, 100);
    expect(applyFromHub(door, feed)).toBe(1);
    expect(applyFromHub(door, feed)).toBe(0);
    expect(wholeLog(door).map((e) => [e.id, e.seq])).toEqual(wholeLog(hub).map((e) => [e.id, e.seq]));
    expect(door.get<{ n: number }>(sql`SELECT count(*) AS n FROM scan`)?.n).toBe(2);
    expect(door.get<{ n: number }>(sql`SELECT applied_through AS n FROM sync_state`)?.n).toBe(2);
  });

  it('quarantines an entry it cannot apply (an attendee this file has not received): kept in order, never dropped', () => {
    const hub = station('hub');
    const stranger: LogEntry = {
      id: 'X1',
      origin: 'desk-9',
      kind: 'scan',
      at: '2024-10-15T01:31:00.000Z',
      seq: null,
      body: JSON.stringify({ id: 'X1', at: '2024-10-15T01:31:00.000Z', station: 'B门', kind: 'entry', activityId: 'main-forum', attendeeId: 'WALKIN', code: 'C', outcome: 'admitted', reason: 'ok', note: null, operatorId: 'OP-ELSEWHERE', refersTo: null, why: null }),
    };
    const unknownKind: LogEntry = { ...stranger, id: 'X2', kind: 'future_kind' };
    expect(sequenceEntries(hub, [stranger, unknownKind])).toEqual([
      { id: 'X1', seq: 1, duplicate: false },
      { id: 'X2', seq: 2, duplicate: false },
    ]);
    expect(quarantined(hub).map((e) => [e.id, e.seq, /FOREIGN KEY|not known/.test(e.problem)])).toEqual([
      ['X1', 1, true],
      ['X2', 2, true],
    ]);
    expect(hub.get<{ n: number }>(sql`SELECT count(*) AS n FROM scan`)?.n).toBe(0);
  });

  it('logs a raised badge version as one entry whose id is the attendee and version; applied, versions only rise', () => {
    const door = station('door');
    door.run(sql`UPDATE attendee SET badge_version = 2, updated_at = 'y' WHERE id = 'A1'`);
    door.run(sql`UPDATE attendee SET badge_version = 2, updated_at = 'z' WHERE id = 'A1'`);
    expect(unsentEntries(door, 10).map((e) => [e.id, e.kind, JSON.parse(e.body)])).toEqual([['badge:A1:2', 'badge', { attendeeId: 'A1', version: 2 }]]);
    const hub = station('hub');
    sequenceEntries(hub, unsentEntries(door, 10));
    expect(hub.get<{ v: number }>(sql`SELECT badge_version AS v FROM attendee WHERE id = 'A1'`)?.v).toBe(2);
    // Applying it logged nothing more on the hub (the same id), and an older raise arriving late lowers nothing.
    expect(wholeLog(hub).map((e) => e.id)).toEqual(['badge:A1:2']);
    const late: LogEntry = { id: 'badge:A1:1', origin: 'desk-2', kind: 'badge', at: 'x', body: JSON.stringify({ attendeeId: 'A1', version: 1 }), seq: null };
    sequenceEntries(hub, [late]);
    expect(hub.get<{ v: number }>(sql`SELECT badge_version AS v FROM attendee WHERE id = 'A1'`)?.v).toBe(2);
  });

  it('keeps the app version stations report equal to package.json’s', () => {
    expect(APP_VERSION).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
  });
});
