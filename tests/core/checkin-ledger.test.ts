import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/main/core/clock';
import { issueCredential } from '../../src/main/core/credentials/credentials';
import { vaultFor } from '../../src/main/core/credentials/keys';
import { openDatabase, openScanConnection } from '../../src/main/core/db/open';
import { sql } from '../../src/main/core/db/sql';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import { insertAttendees } from '../../src/main/core/roster/repo';
import { createServices, initEvent } from '../../src/main/core/services';
import type { ActivityCounts, ScanAnswer } from '../../src/shared/checkin';
import { attendee } from './roster-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'lanyard-ledger-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const clock = fixedClock('2024-10-15T06:00:00Z');
const PEOPLE = ['0ZHANGSAN0', '1PQXR00000', '2MNBV00000'];
let files = 0;
let scans = 0;

/** An event file with three attendees (the last a demo one) and their badge codes. */
function eventFile(): { file: string; codes: string[] } {
  const file = join(dir, `event-${++files}.db`);
  const db = openDatabase(file);
  initEvent(db, cnmc2024(), clock.now());
  db.tx(() => insertAttendees(db, PEOPLE.map((id, i) => attendee({ id, registrations: ['forum-2'], isDemo: i === 2, source: i === 2 ? 'demo' : 'import' })), clock.now()));
  const codes = PEOPLE.map((id) => issueCredential(db, vaultFor(db), id).payload);
  db.close();
  return { file, codes };
}

/** A station process on the file: its own connections, its own ledger. */
function stationOn(file: string) {
  const db = openDatabase(file);
  const services = createServices({ db, clock, logger: { error: () => undefined }, badgeThreads: null });
  const call = async <T>(command: string, input: unknown): Promise<T> => {
    const r = await services.call(command, input, { transport: 'cli' });
    if (!r.ok) throw new Error(`${command}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };
  return {
    db,
    scan: (code: string, activityId = 'forum-2') => call<ScanAnswer>('scan:record', { scanId: `ledger-${++scans}`, activityId, code, direction: 'in', station: 'door' }),
    counts: (activityId = 'forum-2') => call<ActivityCounts>('scan:counts', { activityId }),
    undo: (scanId: string) => call('scan:undo', { scanId, undoId: `ledger-undo-${++scans}`, reason: 'wrong badge' }),
    removeDemo: () => call('demo:remove', {}),
    close: () => db.close(),
  };
}

describe('the door ledger: presence and counts kept in memory from the scan log', () => {
  it('sees a scan another station process wrote to the same file at its next decision', async () => {
    const { file, codes } = eventFile();
    const a = stationOn(file);
    const b = stationOn(file);
    expect(await a.counts()).toMatchObject({ inside: 0, admitted: 0 });
    expect(await b.scan(codes[0]!)).toMatchObject({ outcome: 'admitted', reason: 'ok' });
    // Station a never saw that scan pass through it: it is in the log, so a's answer is a re-entry.
    expect(await a.scan(codes[0]!)).toMatchObject({ outcome: 'admitted', reason: 're_entry' });
    expect(await a.counts()).toMatchObject({ inside: 1, admitted: 1, admittedToday: 1 });
    expect(await b.counts()).toMatchObject({ inside: 1, admitted: 1 });
    a.close();
    b.close();
  });

  it('rebuilds from the log when a station starts: what was admitted counts, an undone scan does not', async () => {
    const { file, codes } = eventFile();
    const first = stationOn(file);
    await first.scan(codes[0]!);
    const undone = await first.scan(codes[1]!);
    await first.scan(codes[2]!);
    await first.undo(undone.scanId);
    expect(await first.counts()).toMatchObject({ inside: 2, admitted: 2 });
    first.close();
    const restarted = stationOn(file);
    expect(await restarted.counts()).toMatchObject({ inside: 2, admitted: 2, admittedToday: 2 });
    expect(await restarted.scan(codes[1]!)).toMatchObject({ outcome: 'admitted', reason: 'ok' });
    expect(await restarted.scan(codes[0]!)).toMatchObject({ outcome: 'admitted', reason: 're_entry' });
    restarted.close();
  });

  it('forgets the demo roster\'s scans when another process removes it', async () => {
    const { file, codes } = eventFile();
    const door = stationOn(file);
    const office = stationOn(file);
    await door.scan(codes[0]!);
    await door.scan(codes[2]!);
    expect(await door.counts()).toMatchObject({ inside: 2, admitted: 2 });
    await office.removeDemo();
    expect(await door.counts()).toMatchObject({ inside: 1, admitted: 1 });
    expect(await door.scan(codes[0]!)).toMatchObject({ reason: 're_entry' });
    door.close();
    office.close();
  });

  it('commits scans on a second connection to the file with a small page cache, closed with the station\'s database', () => {
    const { file } = eventFile();
    const db = openDatabase(file);
    const scanDb = openScanConnection(db);
    expect(scanDb).not.toBe(db);
    expect(scanDb.raw.name).toBe(db.raw.name);
    expect(scanDb.raw.pragma('cache_size', { simple: true })).toBe(-8192);
    expect(db.raw.pragma('cache_size', { simple: true })).toBe(-131072);
    expect(scanDb.raw.pragma('synchronous', { simple: true })).toBe(2);
    expect(scanDb.get(sql`SELECT count(*) AS n FROM attendee`)).toEqual({ n: 3 });
    db.close();
    expect(scanDb.raw.open).toBe(false);
    const memory = openDatabase(':memory:');
    expect(openScanConnection(memory)).toBe(memory);
    memory.close();
  });

  it('settles the counts when an exit arrives before its entry (two doors, the entry synced late): the person came and went', async () => {
    const { file } = eventFile();
    const door = stationOn(file);
    expect(await door.counts()).toMatchObject({ inside: 0, admitted: 0 });
    // The exit at door B is recorded first; door A's earlier entry reaches this file afterwards (as sync applies it).
    const row = (id: string, at: string, kind: string, station: string) =>
      door.db.run(sql`INSERT INTO scan (id, at, station, kind, activity_id, attendee_id, outcome, reason) VALUES (${id}, ${at}, ${station}, ${kind}, 'forum-2', ${PEOPLE[0]!}, ${kind === 'exit' ? 'admitted_with_warning' : 'admitted'}, ${kind === 'exit' ? 'not_inside' : 'ok'})`);
    row('late-exit-1', '2024-10-15T02:05:00.000Z', 'exit', '平行论坛二 B门');
    expect(await door.counts()).toMatchObject({ inside: 0, admitted: 0 });
    row('late-entry-1', '2024-10-15T02:02:00.000Z', 'entry', '平行论坛二 A门');
    expect(await door.counts()).toMatchObject({ inside: 0, admitted: 1 });
    // A later entry is an entry again, and the door says where the last one was.
    row('late-entry-2', '2024-10-15T02:30:00.000Z', 'entry', '平行论坛二 A门');
    expect(await door.counts()).toMatchObject({ inside: 1, admitted: 1 });
    door.close();
  });
});
