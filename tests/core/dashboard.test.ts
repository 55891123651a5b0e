import { describe, expect, it } from 'vitest';
import { insertAttendees } from '../../src/main/core/roster/repo';
import type { ScanAnswer } from '../../src/shared/checkin';
import type { AttendanceReport, DashboardView } from '../../src/shared/report';
import { testStation } from '../helpers/core';
import { attendee, signedIn } from './roster-fixtures';

const ids = Array.from({ length: 12 }, (_, i) => `0DASH${String(i).padStart(5, '0')}`);

async function office() {
  const s = testStation('2024-10-15T01:00:00Z'); // 09:00 in Changsha
  s.db.tx(() =>
    insertAttendees(
      s.db,
      ids.map((id, i) => attendee({ id, registrations: ['main-forum', 'forum-2'], attention: i === 11 ? '轮椅通道' : null })),
      s.clock.now(),
    ),
  );
  const admin = signedIn(s, 'admin');
  for (const role of ['door', 'desk', 'supervisor'] as const) signedIn(s, role);
  // Signed in afresh at each call: the test's clock moves past a session's idle limit.
  const token = (role: 'door' | 'desk' | 'supervisor') => s.services.sessions.open({ operatorId: `OP-${role}`, name: `${role}-1`, role }).token;
  await s.must('event:updateActivity', { id: 'forum-2', capacity: 10 }, admin);
  const codes = new Map<string, string>();
  for (const id of ids) codes.set(id, (await s.must('credential:issue', { attendeeId: id }, token('desk'))).payload);
  let n = 0;
  const scan = async (id: string, activityId = 'forum-2', code = codes.get(id)!) =>
    (await s.must('scan:record', { scanId: `dash-scan-${++n}`, activityId, code, direction: 'in', station: 'door-1' }, token('door'))) as ScanAnswer & { scanId: string };
  const view = () => s.must('report:dashboard', {}, token('supervisor')) as Promise<DashboardView>;
  const tile = async (id = 'forum-2') => (await view()).tiles.find((t) => t.id === id)!;
  return { s, scan, view, tile, token };
}

describe('the office\'s live dashboard', () => {
  it('moves with every scan: inside, admitted and refused today, top reasons; a room at 90 % and at 100 % raises its alert', async () => {
    const o = await office();
    expect(await o.tile()).toMatchObject({ inside: 0, admittedToday: 0, refusedToday: 0, level: 'ok', capacity: 10 });
    for (const id of ids.slice(0, 8)) await o.scan(id);
    expect(await o.tile()).toMatchObject({ inside: 8, admittedToday: 8, level: 'ok' });
    await o.scan(ids[8]!);
    expect(await o.tile()).toMatchObject({ inside: 9, level: 'busy' });
    expect((await o.view()).alerts).toContainEqual({ kind: 'room_busy', activityId: 'forum-2', count: 9, capacity: 10 });
    await o.scan(ids[9]!);
    const full = await o.view();
    expect(full.tiles.find((t) => t.id === 'forum-2')).toMatchObject({ inside: 10, level: 'full' });
    expect(full.alerts).toContainEqual({ kind: 'room_full', activityId: 'forum-2', count: 10, capacity: 10 });
    // Refusals, with their reasons, most frequent first: a full room, and codes that are no badge at all.
    expect(await o.scan(ids[10]!)).toMatchObject({ outcome: 'refused', reason: 'room_full' });
    await o.scan(ids[10]!, 'forum-2', 'NOT-A-BADGE-1');
    await o.scan(ids[10]!, 'forum-2', 'NOT-A-BADGE-2');
    const t = await o.tile();
    expect(t).toMatchObject({ refusedToday: 3, reasons: [{ reason: 'unknown_code', count: 2 }, { reason: 'room_full', count: 1 }] });
    // The same figures as the door's own counter.
    const counts = await o.s.must('scan:counts', { activityId: 'forum-2' }, o.token('door'));
    expect([t.inside, t.admittedToday, t.refusedToday]).toEqual([counts.inside, counts.admittedToday, counts.refusedToday]);
  });

  it('counts arrivals per quarter hour (desk arrivals, first room entries), tells of an attention-flagged arrival, forgets an undone scan, and starts the next day afresh', async () => {
    const o = await office();
    await o.s.must('checkin:arrive', { scanId: 'dash-arrive-1', attendeeId: ids[0], station: 'desk-1' }, o.token('desk'));
    o.s.clock.advance(16 * 60_000); // 09:16
    await o.scan(ids[1]!, 'main-forum');
    await o.scan(ids[1]!, 'forum-2'); // not a first room entry
    const flagged = await o.scan(ids[11]!, 'main-forum');
    let v = await o.view();
    expect(v.arrivals.buckets).toEqual([
      { start: '09:00', desk: 1, firstEntry: 0 },
      { start: '09:15', desk: 0, firstEntry: 2 },
    ]);
    const name = o.s.db.raw.prepare('SELECT coalesce(name_zh, name_en) FROM attendee WHERE id = ?').pluck().get(ids[11]);
    expect(v.alerts).toContainEqual({ kind: 'attention_arrived', attendeeId: ids[11], name, at: o.s.clock.now().toISOString(), activityId: 'main-forum', note: '轮椅通道' });
    // Undone: the entry counts for nothing, here as at the door.
    await o.s.must('scan:undo', { scanId: flagged.scanId, undoId: 'dash-undo-1', reason: 'wrong badge scanned' }, o.token('supervisor'));
    v = await o.view();
    expect(v.tiles.find((t) => t.id === 'main-forum')).toMatchObject({ inside: 1, admittedToday: 1 });
    expect(v.arrivals.buckets).toEqual([
      { start: '09:00', desk: 1, firstEntry: 0 },
      { start: '09:15', desk: 0, firstEntry: 1 },
    ]);
    expect(v.alerts.some((a) => a.kind === 'attention_arrived')).toBe(false);
    // The next morning: today's figures start again; who is inside is what the doors say.
    o.s.clock.set('2024-10-16T01:00:00Z');
    v = await o.view();
    expect(v.day).toBe('2024-10-16');
    expect(v.arrivals.buckets).toEqual([]);
    expect(v.tiles.find((t) => t.id === 'main-forum')).toMatchObject({ admittedToday: 0, inside: 1 });
  });

  it('gives today the same figures as the day\'s attendance report: admitted and refused per activity, arrivals per quarter hour', async () => {
    const o = await office();
    await o.s.must('checkin:arrive', { scanId: 'dash-same-arrive-1', attendeeId: ids[0], station: 'desk-1' }, o.token('desk'));
    await o.s.must('checkin:arrive', { scanId: 'dash-same-arrive-2', attendeeId: ids[1], station: 'desk-1' }, o.token('desk'));
    for (const [i, id] of ids.slice(0, 6).entries()) {
      o.s.clock.advance(7 * 60_000);
      await o.scan(id, i % 2 === 0 ? 'main-forum' : 'forum-2');
    }
    await o.scan(ids[2]!, 'forum-2');
    await o.scan(ids[3]!, 'forum-2', 'NOT-A-BADGE-3');
    const undone = await o.scan(ids[4]!, 'forum-2');
    await o.s.must('scan:undo', { scanId: undone.scanId, undoId: 'dash-same-undo', reason: 'scanned twice by mistake' }, o.token('supervisor'));
    const v = await o.view();
    const report = (await o.s.must('report:attendance', { day: v.day }, o.token('supervisor'))) as AttendanceReport;
    for (const a of report.activities) {
      const tile = v.tiles.find((t) => t.id === a.id)!;
      expect([a.id, tile.admittedToday, tile.refusedToday]).toEqual([a.id, a.attended, a.refused]);
    }
    expect(v.arrivals.buckets).toEqual(report.arrivals.find((d) => d.day === v.day)!.buckets);
    expect(v.arrivals.buckets.reduce((n, b) => n + b.desk + b.firstEntry, 0)).toBe(2 + 6);
  });

  it("counts the scans of the local day's first and last minute in the zones furthest from UTC, and none of the day before", async () => {
    // UTC+14, UTC−11 and UTC−12: their 15 October starts 14 hours before that date's UTC midnight, or ends 12 after the next.
    for (const [timezone, hours] of [['Pacific/Kiritimati', 14], ['Pacific/Pago_Pago', -11], ['Etc/GMT+12', -12]] as const) {
      const utc = (local: string) => new Date(Date.parse(`${local}Z`) - hours * 3_600_000).toISOString();
      const o = await office();
      o.s.db.raw.prepare('UPDATE event SET timezone = ?').run(timezone);
      o.s.clock.set(utc('2024-10-15T12:00:00'));
      const add = o.s.db.raw.prepare("INSERT INTO scan (id, at, station, kind, activity_id, attendee_id, code, outcome, reason) VALUES (?, ?, 'door-1', 'entry', 'forum-2', ?, NULL, 'admitted', 'ok')");
      add.run(`first-${timezone}`, utc('2024-10-15T00:00:30'), ids[0]);
      add.run(`last-${timezone}`, utc('2024-10-15T23:59:30'), ids[1]);
      add.run(`before-${timezone}`, utc('2024-10-14T23:59:30'), ids[2]);
      const v = await o.view();
      expect(v.day).toBe('2024-10-15');
      expect(v.tiles.find((t) => t.id === 'forum-2')!.admittedToday).toBe(2);
      expect(v.arrivals.buckets.map((b) => [b.start, b.firstEntry])).toEqual([['00:00', 1], ['23:45', 1]]);
    }
  });
});
