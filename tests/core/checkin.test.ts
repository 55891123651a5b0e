import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from '../../src/main/core/db/sql';
import { insertAttendees } from '../../src/main/core/roster/repo';
import type { ScanAnswer } from '../../src/shared/checkin';
import { testStation } from '../helpers/core';
import { lanyard } from '../helpers/cli';
import { attendee, signedIn } from './roster-fixtures';

const ZHANG = '0ZHANGSAN0';
const LI = '1PQXR00000';
let n = 0;
const scanId = () => `scan-${String(++n).padStart(6, '0')}`;

function station() {
  const s = testStation('2024-10-15T06:00:00Z'); // 14:00 in Changsha, day one
  s.db.tx(() =>
    insertAttendees(s.db, [attendee({ id: ZHANG, registrations: ['main-forum', 'forum-2'] }), attendee({ id: LI, nameZh: '李四', nameEn: 'LI Si', phone: '13900001111', documentType: null, documentNumber: null, attention: '轮椅通道', isDemo: true, source: 'demo' })], s.clock.now()),
  );
  const door = signedIn(s, 'door');
  const supervisor = signedIn(s, 'supervisor');
  const desk = signedIn(s, 'desk');
  const admin = signedIn(s, 'admin');
  const code = async (id: string) => (await s.must('credential:issue', { attendeeId: id }, desk)).payload;
  const scan = async (activityId: string, payload: string, direction: 'in' | 'out' = 'in', id = scanId()) => s.must('scan:record', { scanId: id, activityId, code: payload, direction, station: 'door-forum-2' }, door) as Promise<ScanAnswer>;
  const counts = (activityId: string) => s.must('scan:counts', { activityId }, door);
  const rows = () => s.db.all<{ id: string; kind: string; outcome: string; reason: string }>(sql`SELECT id, kind, outcome, reason FROM scan ORDER BY rowid`);
  return { ...s, door, supervisor, desk, admin, code, scan, counts, rows };
}

describe('scans at a door', () => {
  it('records every scan, refused ones too, and the answer names the attendee and the reason', async () => {
    const s = station();
    const ok = await s.scan('forum-2', await s.code(ZHANG));
    expect(ok).toMatchObject({ outcome: 'admitted', reason: 'ok', attendeeId: ZHANG, attendee: { nameZh: '张三', categoryId: 'delegate' }, message: { zh: '请进' }, repeated: false });
    const refused = await s.scan('forum-2', 'NOT-A-BADGE');
    expect(refused).toMatchObject({ outcome: 'refused', reason: 'unknown_code', message: { en: 'Not a code this event issued' } });
    expect(s.rows().map((r) => [r.kind, r.outcome, r.reason])).toEqual([['entry', 'admitted', 'ok'], ['entry', 'refused', 'unknown_code']]);
    expect(await s.counts('forum-2')).toEqual({ activityId: 'forum-2', inside: 1, admitted: 1, admittedToday: 1, refusedToday: 1, capacity: null });
  });

  it('treats a repeated scan id as the same scan: the stored answer, nothing recorded twice', async () => {
    const s = station();
    const payload = await s.code(ZHANG);
    const first = await s.scan('forum-2', payload, 'in', 'scan-repeat-1');
    const again = await s.scan('forum-2', payload, 'in', 'scan-repeat-1');
    expect(again).toEqual({ ...first, repeated: true });
    expect(s.rows()).toHaveLength(1);
    expect((await s.counts('forum-2')).admitted).toBe(1);
  });

  it('refuses a delegate at the committee meeting and an unregistered forum, with the attention note shown where admitted', async () => {
    const s = station();
    expect(await s.scan('committee-meeting', await s.code(ZHANG))).toMatchObject({ outcome: 'refused', reason: 'category_not_allowed' });
    expect(await s.scan('forum-5', await s.code(ZHANG))).toMatchObject({ outcome: 'refused', reason: 'not_registered' });
    expect(await s.scan('tech-expo', await s.code(LI))).toMatchObject({ outcome: 'admitted_with_warning', reason: 'attention', note: '轮椅通道' });
  });

  it('counts exits when the activity scans them, and refuses a second entry while inside', async () => {
    const s = station();
    const activity = await s.must('event:get', {}, s.admin).then((e) => e.activities.find((a) => a.id === 'forum-2')!);
    await s.must('event:updateActivity', { id: 'forum-2', policy: { ...activity.policy, exitScans: true } }, s.admin);
    const payload = await s.code(ZHANG);
    await s.scan('forum-2', payload);
    expect(await s.scan('forum-2', payload)).toMatchObject({ outcome: 'refused', reason: 'already_inside' });
    expect(await s.scan('forum-2', payload, 'out')).toMatchObject({ outcome: 'admitted', reason: 'exit' });
    expect(await s.counts('forum-2')).toMatchObject({ inside: 0, admitted: 1, admittedToday: 1, refusedToday: 1 });
    expect(await s.scan('forum-2', payload)).toMatchObject({ outcome: 'admitted', reason: 're_entry' });
    expect(await s.counts('forum-2')).toMatchObject({ inside: 1, admitted: 1 });
  });

  it('counts today by the event\'s own midnight: the second day starts at zero, the totals go on', async () => {
    const s = station();
    await s.scan('tech-expo', await s.code(ZHANG));
    await s.scan('tech-expo', 'NOT-A-BADGE');
    // 23:59 in Changsha on day one, then 00:01 on day two (UTC+8).
    s.clock.set('2024-10-15T15:59:00Z');
    expect(await s.counts('tech-expo')).toMatchObject({ admitted: 1, admittedToday: 1, refusedToday: 1 });
    s.clock.set('2024-10-15T16:01:00Z');
    expect(await s.counts('tech-expo')).toMatchObject({ inside: 1, admitted: 1, admittedToday: 0, refusedToday: 0 });
    await s.scan('tech-expo', await s.code(LI));
    expect(await s.counts('tech-expo')).toMatchObject({ admitted: 2, admittedToday: 1 });
  });

  it('keeps a full room full: refused at capacity until someone leaves', async () => {
    const s = station();
    const activity = await s.must('event:get', {}, s.admin).then((e) => e.activities.find((a) => a.id === 'tech-expo')!);
    await s.must('event:updateActivity', { id: 'tech-expo', capacity: 1, policy: { ...activity.policy, exitScans: true } }, s.admin);
    const zhang = await s.code(ZHANG);
    const li = await s.code(LI);
    await s.scan('tech-expo', zhang);
    expect(await s.scan('tech-expo', li)).toMatchObject({ outcome: 'refused', reason: 'room_full' });
    await s.scan('tech-expo', zhang, 'out');
    expect(await s.scan('tech-expo', li)).toMatchObject({ outcome: 'admitted_with_warning', reason: 'attention' });
  });

  it('applies an activity\'s access as the admin sets it: a category let in or shut out at the next scan, audited', async () => {
    const s = station();
    const zhang = await s.code(ZHANG);
    const categoryId = 'delegate';
    expect(await s.scan('committee-meeting', zhang)).toMatchObject({ outcome: 'refused', reason: 'category_not_allowed' });
    await s.must('event:updateActivity', { id: 'committee-meeting', access: { [categoryId]: 'allowed' } }, s.admin);
    expect(await s.scan('committee-meeting', zhang)).toMatchObject({ outcome: 'admitted' });
    await s.must('event:updateActivity', { id: 'tech-expo', access: { [categoryId]: 'denied' } }, s.admin);
    expect(await s.scan('tech-expo', zhang)).toMatchObject({ outcome: 'refused', reason: 'category_not_allowed' });
    const audited = s.db.get<{ before: string; after: string }>(sql`SELECT before, after FROM audit_log WHERE action = 'event.updateActivity' ORDER BY id DESC LIMIT 1`)!;
    expect(JSON.parse(audited.before).access[categoryId]).toBe('allowed');
    expect(JSON.parse(audited.after).access[categoryId]).toBe('denied');
    const unknown = await s.call('event:updateActivity', { id: 'tech-expo', access: { 'no-such-category': 'allowed' } }, s.admin);
    expect(unknown.ok ? null : unknown.error.code).toBe('not_found');
  });

  it('admits someone found by name without a badge by the same rules, recorded without a code', async () => {
    const s = station();
    expect(await s.must('scan:admitManual', { scanId: 'manual-0001', activityId: 'forum-2', attendeeId: ZHANG, station: 'door-1' }, s.door)).toMatchObject({ outcome: 'admitted', reason: 'ok', attendeeId: ZHANG });
    expect(await s.must('scan:admitManual', { scanId: 'manual-0002', activityId: 'committee-meeting', attendeeId: ZHANG, station: 'door-1' }, s.door)).toMatchObject({ outcome: 'refused', reason: 'category_not_allowed' });
    expect(s.db.all(sql`SELECT code, outcome FROM scan ORDER BY rowid`)).toEqual([{ code: null, outcome: 'admitted' }, { code: null, outcome: 'refused' }]);
    const unknown = await s.call('scan:admitManual', { scanId: 'manual-0003', activityId: 'forum-2', attendeeId: 'NOBODY0000', station: 'door-1' }, s.door);
    expect(unknown.ok ? null : unknown.error.code).toBe('not_found');
  });

  it('lets a supervisor override a refusal with a reason, recorded beside the refusal; a door operator cannot', async () => {
    const s = station();
    const refused = await s.scan('committee-meeting', await s.code(ZHANG));
    const byDoor = await s.call('scan:override', { scanId: refused.scanId, overrideId: 'override-0001', reason: 'guest of the chair' }, s.door);
    expect(byDoor.ok ? null : byDoor.error.code).toBe('forbidden');
    const override = await s.must('scan:override', { scanId: refused.scanId, overrideId: 'override-0001', reason: 'guest of the chair' }, s.supervisor);
    expect(override).toMatchObject({ outcome: 'admitted', reason: 'override', attendeeId: ZHANG });
    expect(s.rows().map((r) => [r.kind, r.outcome])).toEqual([['entry', 'refused'], ['override', 'admitted']]);
    expect(await s.counts('committee-meeting')).toMatchObject({ inside: 1, admitted: 1, admittedToday: 1, refusedToday: 1 });
    expect(s.db.get(sql`SELECT why, operator_id FROM scan WHERE kind = 'override'`)).toEqual({ why: 'guest of the chair', operator_id: 'OP-supervisor' });
    expect(s.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM audit_log WHERE action = 'scan.override'`)?.n).toBe(1);
  });

  it('undoes a scan by recording a reversal: nothing is deleted, and the counts follow', async () => {
    const s = station();
    const ok = await s.scan('forum-2', await s.code(ZHANG));
    expect(await s.must('scan:undo', { scanId: ok.scanId, undoId: 'undo-000001', reason: 'scanned the wrong badge' }, s.supervisor)).toEqual({ undone: ok.scanId });
    expect(s.rows().map((r) => r.kind)).toEqual(['entry', 'reversal']);
    expect(await s.counts('forum-2')).toMatchObject({ inside: 0, admitted: 0, admittedToday: 0 });
    expect(() => s.db.run(sql`DELETE FROM scan WHERE id = ${ok.scanId}`)).toThrow(/append-only/);
    expect(() => s.db.run(sql`UPDATE scan SET outcome = 'refused' WHERE id = ${ok.scanId}`)).toThrow(/append-only/);
  });

  it('keeps desk arrival, badge pickup and room entry apart, and a door that needs arrival sends people to the desk', async () => {
    const s = station();
    const activity = await s.must('event:get', {}, s.admin).then((e) => e.activities.find((a) => a.id === 'main-forum')!);
    await s.must('event:updateActivity', { id: 'main-forum', policy: { ...activity.policy, deskArrivalRequired: true } }, s.admin);
    const payload = await s.code(ZHANG);
    expect(await s.scan('main-forum', payload)).toMatchObject({ outcome: 'refused', reason: 'desk_first' });
    expect(await s.must('checkin:arrive', { scanId: 'arrive-00001', attendeeId: ZHANG, station: 'desk-1' }, s.desk)).toMatchObject({ outcome: 'admitted', reason: 'ok' });
    const state = () => s.db.get(sql`SELECT arrived_at IS NOT NULL AS arrived, badge_collected_at IS NOT NULL AS collected FROM attendee WHERE id = ${ZHANG}`);
    expect(state()).toEqual({ arrived: 1, collected: 0 });
    expect(await s.scan('main-forum', payload)).toMatchObject({ outcome: 'admitted', reason: 'ok' });
    expect(state()).toEqual({ arrived: 1, collected: 0 });
    await s.must('badge:collect', { attendeeId: ZHANG }, s.desk);
    expect(state()).toEqual({ arrived: 1, collected: 1 });
  });

  it('removes a rehearsal\'s demo scans with the demo roster and recounts the doors', async () => {
    const s = station();
    await s.scan('tech-expo', await s.code(ZHANG));
    await s.scan('tech-expo', await s.code(LI));
    expect(await s.counts('tech-expo')).toMatchObject({ inside: 2, admitted: 2 });
    await s.must('demo:remove', {}, s.admin);
    expect(await s.counts('tech-expo')).toMatchObject({ inside: 1, admitted: 1 });
    expect(s.rows()).toHaveLength(1);
  });
});

describe('lanyard scan', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-scan-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the decision as {outcome, reason, message, attendeeId?}', () => {
    const db = join(dir, 'e.db');
    expect(lanyard('init', '--db', db).code).toBe(0);
    expect(lanyard('demo', '--db', db, '--attendees', '30').code).toBe(0);
    const id = (JSON.parse(lanyard('search', 'a', '--db', db, '--limit', '1').stdout) as Array<{ id: string }>)[0]!.id;
    const { payload } = JSON.parse(lanyard('credential', '--db', db, '--attendee', id).stdout) as { payload: string };
    const first = JSON.parse(lanyard('scan', '--db', db, '--activity', 'tech-expo', '--code', payload, '--station', 'door-1').stdout) as Record<string, unknown>;
    expect(first).toEqual({ outcome: expect.stringMatching(/^admitted/), reason: expect.any(String), message: { zh: expect.any(String), en: expect.any(String) }, attendeeId: id });
    expect(JSON.parse(lanyard('scan', '--db', db, '--activity', 'tech-expo', '--code', 'L1XYZ').stdout)).toEqual({ outcome: 'refused', reason: 'truncated', message: { zh: '证件码不完整，请重新扫描', en: 'The badge code is incomplete; scan again' } });
    expect(lanyard('scan', '--db', db, '--code', payload).code).toBe(2);
    const unknown = lanyard('scan', '--db', db, '--activity', 'no-such', '--code', payload);
    expect(unknown.code).toBe(1);
  });
});
