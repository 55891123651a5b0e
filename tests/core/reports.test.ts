import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { insertAttendees } from '../../src/main/core/roster/repo';
import type { AttendeeRecord } from '../../src/shared/attendee';
import type { ScanAnswer } from '../../src/shared/checkin';
import type { AttendanceReport, ReportFile } from '../../src/shared/report';
import { lanyard } from '../helpers/cli';
import { testStation } from '../helpers/core';
import { attendee, signedIn } from './roster-fixtures';

const CATEGORIES = ['delegate', 'media', 'hkmt-media', 'guest'] as const;
const REGIONS = ['mainland', 'hong_kong', 'macao', 'taiwan'] as const;
const ACTIVITIES = ['main-forum', 'forum-2', 'tech-expo'] as const;
type Act = (typeof ACTIVITIES)[number];
const DAYS = ['2024-10-15', '2024-10-16'] as const;
/** forum-2 scans exits and ends at 17:30 in Changsha (UTC+8, no summer time): a stay with no exit closes then. */
const FORUM_END = '17:30';

/** A small deterministic generator, so a failure replays. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

/** 'YYYY-MM-DD HH:MM' in Changsha of a UTC instant. */
const local = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const quarter = (stamp: string) => {
  const m = Number(stamp.slice(11, 13)) * 60 + Number(stamp.slice(14, 16));
  const q = m - (m % 15);
  return `${String(Math.floor(q / 60)).padStart(2, '0')}:${String(q % 60).padStart(2, '0')}`;
};

interface Entry {
  id: string;
  at: number;
  undone: boolean;
}

/**
 * Two days of a small event driven through the station's own commands (desk arrivals, entries, exits, re-entries, a
 * refused scan overridden, entries undone), with the test's own journal of every answer: the recount is made from
 * that journal, never from the report's code.
 */
async function event(seed: number) {
  const s = testStation('2024-10-15T01:00:00Z');
  const rnd = lcg(seed);
  const people: AttendeeRecord[] = Array.from({ length: 16 }, (_, i) =>
    attendee({
      id: `0TEST${String(i).padStart(5, '0')}`,
      nameZh: `测试${i}`,
      nameEn: `Test ${i}`,
      orgZh: i === 3 ? '=HYPERLINK("http://x","y")' : '湖南日报社',
      phone: `1380000${String(1000 + i)}`,
      categoryId: CATEGORIES[rnd(CATEGORIES.length)]!,
      region: REGIONS[rnd(REGIONS.length)]!,
      registrations: ['main-forum', 'forum-2'].filter(() => rnd(3) > 0),
    }),
  );
  s.db.tx(() => insertAttendees(s.db, people, s.clock.now()));
  const admin = signedIn(s, 'admin');
  let door = signedIn(s, 'door');
  let desk = signedIn(s, 'desk');
  let supervisor = signedIn(s, 'supervisor');
  // Two days of shifts outlast a session: each step signs in afresh, as the staff would after their screen locked.
  const session = (role: 'door' | 'desk' | 'supervisor') => s.services.sessions.open({ operatorId: `OP-${role}`, name: `${role}-1`, role }).token;
  await s.must('event:updateActivity', { id: 'forum-2', startTime: '09:00', endTime: FORUM_END, policy: { reEntry: 'allow', exitScans: true, opensMinutesBefore: 30, capacityCounts: 'inside', deskArrivalRequired: false, admitNotYetReceived: false } }, admin);
  const codes = new Map<string, string>();
  for (const p of people) codes.set(p.id, (await s.must('credential:issue', { attendeeId: p.id }, desk)).payload);
  // One cancels before the event: not expected anywhere, and refused at every door.
  await s.must('roster:cancel', { id: people[15]!.id, reason: 'cannot come' }, supervisor);
  people[15] = { ...people[15]!, status: 'cancelled' };

  // The journal: every admitted entry (undone or not), every exit, every refusal, every desk arrival.
  const entries = new Map<string, Entry[]>(); // `${activity} ${person}`
  const exits = new Map<string, number[]>();
  const inside = new Set<string>(); // forum-2 only, `${person}`
  const refused = new Map<Act, Map<string, number>>(ACTIVITIES.map((a) => [a, new Map()]));
  const arrivals: Array<{ person: string; at: number }> = [];
  let overrides = 0;
  let undos = 0;
  let n = 0;
  const id = () => `scan-${seed}-${String(++n).padStart(5, '0')}`;
  const key = (a: Act, p: string) => `${a} ${p}`;

  for (const day of DAYS) {
    s.clock.set(`${day}T01:05:00Z`); // 09:05 in Changsha
    while (s.clock.now().getTime() < Date.parse(`${day}T09:15:00Z`)) {
      s.clock.advance((1 + rnd(9)) * 60_000 + rnd(50) * 1000);
      [door, desk, supervisor] = [session('door'), session('desk'), session('supervisor')];
      const person = people[rnd(people.length)]!.id;
      const at = s.clock.now().getTime();
      const roll = rnd(20);
      if (roll < 3) {
        const a = (await s.must('checkin:arrive', { scanId: id(), attendeeId: person, station: 'desk-1' }, desk)) as ScanAnswer;
        if (a.outcome !== 'refused') arrivals.push({ person, at });
        continue;
      }
      if (roll < 7 && inside.has(person)) {
        const a = (await s.must('scan:record', { scanId: id(), activityId: 'forum-2', code: codes.get(person)!, direction: 'out', station: 'door-2' }, door)) as ScanAnswer;
        expect(a.outcome).not.toBe('refused');
        inside.delete(person);
        const list = exits.get(key('forum-2', person)) ?? [];
        list.push(at);
        exits.set(key('forum-2', person), list);
        continue;
      }
      const activity = ACTIVITIES[rnd(ACTIVITIES.length)]!;
      const scanId = id();
      const a = (await s.must('scan:record', { scanId, activityId: activity, code: codes.get(person)!, direction: 'in', station: `door-${activity}` }, door)) as ScanAnswer;
      if (a.outcome === 'refused') {
        // A supervisor lets some refused delegates into forum 2 (an override is an entry at its own time).
        if (activity === 'forum-2' && a.reason === 'not_registered' && rnd(2) === 0) {
          s.clock.advance(20_000);
          const overrideId = id();
          await s.must('scan:override', { scanId, overrideId, reason: 'speaker’s guest' }, supervisor);
          overrides++;
          const list = entries.get(key(activity, person)) ?? [];
          list.push({ id: overrideId, at: s.clock.now().getTime(), undone: false });
          entries.set(key(activity, person), list);
          inside.add(person);
        }
        const r = refused.get(activity)!;
        r.set(a.reason, (r.get(a.reason) ?? 0) + 1);
        continue;
      }
      const list = entries.get(key(activity, person)) ?? [];
      const entry = { id: scanId, at, undone: false };
      list.push(entry);
      entries.set(key(activity, person), list);
      // A mistaken scan at the main forum, undone by a supervisor a moment later.
      if (activity === 'main-forum' && rnd(6) === 0) {
        s.clock.advance(5_000);
        await s.must('scan:undo', { scanId, undoId: id(), reason: 'scanned the wrong badge' }, supervisor);
        entry.undone = true;
        undos++;
      }
      if (activity === 'forum-2') inside.add(person);
    }
    inside.clear(); // the day ends: nobody is carried into the next (their stay closes at the forum's end)
  }
  expect(overrides).toBeGreaterThan(0);
  expect(undos).toBeGreaterThan(0);
  return { s, people, entries, exits, refused, arrivals, admin: s.services.sessions.open({ operatorId: 'OP-admin', name: 'admin-1', role: 'admin' }).token, supervisor: session('supervisor'), key };
}

type Journal = Awaited<ReturnType<typeof event>>;

/** The report's figures as the test recounts them from its journal, for one day or both. */
function recount(j: Journal, day: string | null) {
  const inDay = (ms: number) => day === null || local(ms).startsWith(day);
  const active = j.people.filter((p) => p.status === 'active');
  const activities = ACTIVITIES.map((a) => {
    const registered = active.filter((p) => p.registrations.includes(a));
    const came: string[] = [];
    let entries = 0;
    let minutes = 0;
    let openStays = 0;
    let first: number | null = null;
    let lastExit: number | null = null;
    for (const p of j.people) {
      const es = (j.entries.get(j.key(a, p.id)) ?? []).filter((e) => !e.undone && inDay(e.at)).map((e) => e.at);
      const xs = (j.exits.get(j.key(a, p.id)) ?? []).filter(inDay);
      if (es.length > 0) came.push(p.id);
      entries += es.length;
      for (const e of es) if (first === null || e < first) first = e;
      for (const x of xs) if (lastExit === null || x > lastExit) lastExit = x;
      if (a === 'forum-2') {
        // Stays: an entry opens one unless one is open; an exit closes it; an open one ends at 17:30 of its day.
        const events = [...es.map((t) => ({ t, in: true })), ...xs.map((t) => ({ t, in: false }))].sort((x, y) => x.t - y.t);
        let open: number | null = null;
        const close = () => {
          if (open === null) return;
          const end = Date.parse(`${local(open).slice(0, 10)}T${FORUM_END}:00+08:00`);
          if (end > open) minutes += (end - open) / 60_000;
          else openStays++;
          open = null;
        };
        for (const ev of events) {
          if (open !== null && local(open).slice(0, 10) !== local(ev.t).slice(0, 10)) close();
          if (ev.in && open === null) open = ev.t;
          if (!ev.in && open !== null) {
            minutes += (ev.t - open) / 60_000;
            open = null;
          }
        }
        close();
      }
    }
    const refusals = day === null ? j.refused.get(a)! : null;
    return {
      id: a,
      registered: registered.length,
      attended: came.length,
      registeredAttended: registered.filter((p) => came.includes(p.id)).length,
      noShows: registered.filter((p) => !came.includes(p.id)).length,
      reentries: entries - came.length,
      firstEntry: first === null ? null : local(first),
      lastExit: lastExit === null ? null : local(lastExit),
      minutesInside: a === 'forum-2' ? Math.round(minutes) : null,
      openStays: a === 'forum-2' ? openStays : 0,
      refusals,
      byCategory: Object.fromEntries(CATEGORIES.map((c) => [c, { registered: registered.filter((p) => p.categoryId === c).length, attended: came.filter((id) => j.people.find((p) => p.id === id)!.categoryId === c).length }])),
      byRegion: Object.fromEntries(REGIONS.map((r) => [r, { registered: registered.filter((p) => p.region === r).length, attended: came.filter((id) => j.people.find((p) => p.id === id)!.region === r).length }])),
    };
  });
  // Arrivals per quarter hour: each person's first desk arrival of a day, and their first room entry of a day.
  const buckets = new Map<string, { desk: number; firstEntry: number }>();
  const bump = (stamp: string, field: 'desk' | 'firstEntry') => {
    const k = `${stamp.slice(0, 10)} ${quarter(stamp)}`;
    const b = buckets.get(k) ?? { desk: 0, firstEntry: 0 };
    b[field]++;
    buckets.set(k, b);
  };
  const firstBy = (times: Array<{ person: string; at: number }>, field: 'desk' | 'firstEntry') => {
    const first = new Map<string, number>();
    for (const t of times) {
      if (!inDay(t.at)) continue;
      const k = `${local(t.at).slice(0, 10)} ${t.person}`;
      if (!first.has(k) || t.at < first.get(k)!) first.set(k, t.at);
    }
    for (const at of first.values()) bump(local(at), field);
  };
  firstBy(j.arrivals, 'desk');
  firstBy(
    [...j.entries].flatMap(([k, es]) => es.filter((e) => !e.undone).map((e) => ({ person: k.split(' ')[1]!, at: e.at }))),
    'firstEntry',
  );
  const arrivedPeople = new Set(j.arrivals.filter((a) => inDay(a.at)).map((a) => a.person));
  const attendedAny = new Set(activities.flatMap((a) => ACTIVITIES.includes(a.id) ? [...j.people.filter((p) => (j.entries.get(j.key(a.id, p.id)) ?? []).some((e) => !e.undone && inDay(e.at))).map((p) => p.id)] : []));
  return { activities, buckets, arrived: arrivedPeople.size, attendedAny: attendedAny.size, registered: active.length };
}

function expectEqual(report: AttendanceReport, expected: ReturnType<typeof recount>) {
  for (const e of expected.activities) {
    const a = report.activities.find((x) => x.id === e.id)!;
    expect({ id: a.id, registered: a.registered, attended: a.attended, registeredAttended: a.registeredAttended, noShows: a.noShows, reentries: a.reentries, firstEntry: a.firstEntry, lastExit: a.lastExit, minutesInside: a.minutesInside, openStays: a.openStays }).toEqual({
      id: e.id,
      registered: e.registered,
      attended: e.attended,
      registeredAttended: e.registeredAttended,
      noShows: e.noShows,
      reentries: e.reentries,
      firstEntry: e.firstEntry,
      lastExit: e.lastExit,
      minutesInside: e.minutesInside,
      openStays: e.openStays,
    });
    if (e.refusals) expect(Object.fromEntries(a.reasons.map((r) => [r.reason, r.count]))).toEqual(Object.fromEntries(e.refusals));
    for (const [c, v] of Object.entries(e.byCategory)) expect({ c, ...a.byCategory.find((g) => g.id === c)! }).toMatchObject({ c, ...v });
    for (const [r, v] of Object.entries(e.byRegion)) expect({ r, ...a.byRegion.find((g) => g.id === r)! }).toMatchObject({ r, ...v });
  }
  const buckets = Object.fromEntries(report.arrivals.flatMap((d) => d.buckets.map((b) => [`${d.day} ${b.start}`, { desk: b.desk, firstEntry: b.firstEntry }])));
  expect(buckets).toEqual(Object.fromEntries([...expected.buckets].sort()));
  expect(report.overall).toMatchObject({ registered: expected.registered, arrived: expected.arrived, attendedAny: expected.attendedAny });
}

describe('attendance reports', () => {
  it.each([11, 29])('every figure equals the recount from the journal of the scans made (seed %i), for both days and for each day', async (seed) => {
    const j = await event(seed);
    const all = await j.s.must('report:attendance', {}, j.supervisor);
    expect(all.days).toEqual([...DAYS]);
    expectEqual(all, recount(j, null));
    for (const day of DAYS) expectEqual(await j.s.must('report:attendance', { day }, j.supervisor), recount(j, day));
    // Something happened at every activity counted, or the test would prove little.
    for (const a of ACTIVITIES) expect(all.activities.find((x) => x.id === a)!.attended).toBeGreaterThan(0);
    expect(all.activities.find((x) => x.id === 'forum-2')!.overrides).toBeGreaterThan(0);
    expect(all.activities.find((x) => x.id === 'main-forum')!.reentries).toBeGreaterThan(0);
  });

  it('one activity alone gives the same figures as in the whole report; an unknown activity is refused', async () => {
    const j = await event(5);
    const all = await j.s.must('report:attendance', {}, j.supervisor);
    const one = await j.s.must('report:attendance', { activityId: 'forum-2' }, j.supervisor);
    expect(one.activities).toEqual([all.activities.find((a) => a.id === 'forum-2')]);
    const r = await j.s.call('report:attendance', { activityId: 'no-such' }, j.supervisor);
    expect(r).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('writes a workbook: a summary and a sheet per activity, formulas neutralised, phones masked unless an admin asks, audited', async () => {
    const j = await event(7);
    const file = (await j.s.must('report:export', { format: 'xlsx' }, j.supervisor)) as ReportFile;
    expect(file.fileName).toMatch(/^cnmc-2024-attendance-\d{8}-\d{4}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer);
    expect(book.worksheets.length).toBe(1 + 11);
    const summary = book.worksheets[0]!;
    const rowOf = (title: string) => summary.getSheetValues().find((r) => Array.isArray(r) && typeof r[1] === 'string' && r[1].startsWith(title)) as unknown[];
    const forum = file.report.activities.find((a) => a.id === 'forum-2')!;
    expect(rowOf(forum.title.zh).slice(1, 6)).toEqual([`${forum.title.zh} / ${forum.title.en}`, forum.registered, forum.attended, forum.registeredAttended, forum.noShows]);
    const cells = book.worksheets.flatMap((w) => (w.getSheetValues() as unknown[][]).flat().filter((v): v is string => typeof v === 'string'));
    expect(cells.some((v) => v.startsWith('='))).toBe(false);
    expect(cells).toContain('\'=HYPERLINK("http://x","y")');
    expect(cells.some((v) => /^1380000\d{4}$/.test(v))).toBe(false);
    expect(cells.some((v) => /^138\*{4}\d{4}$/.test(v))).toBe(true);
    // A person's line on an activity's sheet, each value in its column (texts from the workbook's string table).
    const sheet = book.worksheets.find((w) => w.name === forum.shortTitle.zh)!;
    const line = file.report.activities.find((a) => a.id === 'forum-2')!;
    expect(line.attended).toBeGreaterThan(0);
    const first = (sheet.getRow(2).values as unknown[]).slice(1);
    const who = j.s.db.raw.prepare('SELECT a.name_zh AS nameZh, a.name_en AS nameEn, a.org_zh AS org, c.name_zh AS category FROM attendee a JOIN category c ON c.id = a.category_id WHERE a.name_en = ?').get(first[1]) as { nameZh: string; nameEn: string; org: string; category: string };
    expect(first.slice(0, 4)).toEqual([who.nameZh, who.nameEn, who.org, who.category]);
    expect(first[5]).toMatch(/^138\*{4}\d{4}$/);
    expect(first.slice(6, 9)).toEqual([expect.stringMatching(/^(是 yes|否 no)$/), '是 yes', expect.any(Number)]);
    // Full numbers: an admin's choice; a supervisor is refused.
    expect(await j.s.call('report:export', { format: 'xlsx', unmasked: true }, j.supervisor)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const full = (await j.s.must('report:export', { format: 'xlsx', unmasked: true }, j.admin)) as ReportFile;
    const fullBook = new ExcelJS.Workbook();
    await fullBook.xlsx.load(Buffer.from(full.contentBase64, 'base64') as unknown as ArrayBuffer);
    expect(fullBook.worksheets.flatMap((w) => (w.getSheetValues() as unknown[][]).flat()).some((v) => typeof v === 'string' && /^1380000\d{4}$/.test(v))).toBe(true);
    const audit = j.s.db.raw.prepare("SELECT action, after FROM audit_log WHERE action = 'report.export' ORDER BY id").all() as Array<{ action: string; after: string }>;
    expect(audit.map((a) => JSON.parse(a.after).masked)).toEqual([true, false]);
  });

  it('`lanyard report` writes the workbook and prints each activity\'s figures; a day must be a date and the file a workbook', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanyard-report-'));
    try {
      const db = join(dir, 'event.db');
      expect(lanyard('init', '--db', db).code).toBe(0);
      expect(lanyard('demo', '--db', db, '--attendees', '30', '--seed', '3').code).toBe(0);
      const file = new BetterSqlite3(db, { readonly: true });
      const ids = (file.prepare("SELECT attendee_id AS id FROM registration WHERE activity_id = 'main-forum' ORDER BY attendee_id LIMIT 3").all() as Array<{ id: string }>).map((r) => r.id);
      file.close();
      for (const id of ids) {
        const payload = (JSON.parse(lanyard('credential', '--db', db, '--attendee', id).stdout) as { payload: string }).payload;
        expect(JSON.parse(lanyard('scan', '--db', db, '--activity', 'main-forum', '--code', payload).stdout)).toMatchObject({ outcome: 'admitted' });
      }
      const out = join(dir, 'attendance.xlsx');
      const r = lanyard('report', '--db', db, '--out', out);
      expect(r.code, r.stderr).toBe(0);
      const printed = JSON.parse(r.stdout) as { masked: boolean; activities: Array<{ id: string; attended: number }> };
      expect(printed.masked).toBe(true);
      expect(printed.activities.find((a) => a.id === 'main-forum')!.attended).toBe(3);
      expect(lanyard('report', '--db', db, '--out', join(dir, 'x.csv')).stderr).toMatch(/--out FILE\.xlsx or --out FILE\.pdf/);
      expect(lanyard('report', '--db', db, '--out', out, '--day', '15/10/2024').stderr).toMatch(/day: must be a date/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes the organiser\'s PDF summary: each activity\'s title and attendance in the text, Noto Sans SC embedded as a subset, no one\'s phone', async () => {
    const j = await event(13);
    const file = (await j.s.must('report:export', { format: 'pdf' }, j.supervisor)) as ReportFile;
    expect(file.fileName).toMatch(/^cnmc-2024-attendance-\d{8}-\d{4}\.pdf$/);
    const dir = mkdtempSync(join(tmpdir(), 'lanyard-report-pdf-'));
    try {
      const pdf = join(dir, 'summary.pdf');
      writeFileSync(pdf, Buffer.from(file.contentBase64, 'base64'));
      const run = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      // -layout keeps each table row on one line: the title's first line, then its figures.
      const text = run('pdftotext', '-layout', pdf, '-');
      for (const a of file.report.activities) {
        // A long title wraps in its cell: its row's line starts with the title's beginning, the figures after it.
        const numbers = (l: string) => l.trim().split(/\s+/).slice(1).filter((t) => /^\d+$/.test(t)).map(Number);
        const line = text.split('\n').find((l) => l.trimStart().startsWith(a.title.zh.slice(0, 8)) && numbers(l).length >= 4);
        expect(line, a.title.zh).toBeDefined();
        expect(numbers(line!).slice(0, 4), a.id).toEqual([a.registered, a.attended, a.noShows, a.reentries]);
      }
      expect(text).toContain('Attendance per activity');
      expect(text).toContain('中国香港 Hong Kong, China');
      expect(text).not.toMatch(/1380000\d{4}/);
      const fonts = run('pdffonts', pdf).trim().split('\n').slice(2);
      expect(fonts.length).toBeGreaterThan(0);
      for (const f of fonts) expect(f).toMatch(/^[A-Z]{6}\+NotoSansSC-\S+\s+CID TrueType\s+Identity-H\s+yes yes yes/);
      const artifacts = join('tests', 'e2e', 'artifacts', 'reports');
      mkdirSync(artifacts, { recursive: true });
      run('pdftoppm', '-r', '100', '-f', '1', '-l', '1', '-png', '-singlefile', pdf, join(artifacts, 'attendance-summary-page1'));
      expect(j.s.db.raw.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'report.export'").get()).toEqual({ n: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
