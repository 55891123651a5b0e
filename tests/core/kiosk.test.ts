import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/main/core/clock';
import { openDatabase } from '../../src/main/core/db/open';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import { CupsPrinter } from '../../src/main/core/printing/cups';
import { insertAttendees } from '../../src/main/core/roster/repo';
import { createServices, initEvent } from '../../src/main/core/services';
import { COMMANDS } from '../../src/shared/commands';
import type { Command } from '../../src/shared/commands';
import type { Output } from '../../src/shared/contract';
import { contract } from '../../src/shared/contract';
import type { KioskAnswer, KioskJob } from '../../src/shared/kiosk';
import { SURNAME_CHOICES } from '../../src/shared/kiosk';
import type { TestCups } from '../helpers/cups';
import { cupsPdfOutputs, startCups, until } from '../helpers/cups';
import { attendee } from './roster-fixtures';

const outputs = cupsPdfOutputs();
let cups: TestCups;

beforeAll(async () => {
  cups = await startCups();
  cups.addPdfPrinter('kiosk-1');
}, 30_000);

afterAll(async () => {
  await cups?.stop();
  outputs.clean();
});

// Pre-registered people as a registration system sends them: ticket codes, phones; two share a tail and a surname.
const PEOPLE = [
  attendee({ id: 'K0000000A1', nameZh: '王小明', nameEn: 'Wang Xiaoming', orgZh: '湖南日报', categoryId: 'delegate', phone: '13800001234', documentType: 'cn_id', documentNumber: '430102199001011234', ticketCodes: ['PX-7H3K9'] }),
  attendee({ id: 'K0000000A2', nameZh: '欧阳娜娜', categoryId: 'media', phone: '13900001234', ticketCodes: ['PX-22222'] }),
  attendee({ id: 'K0000000A3', nameZh: null, nameEn: 'CHAN Tai Man', categoryId: 'hkmt-media', region: 'hong_kong', phone: '+852 9123 5678', ticketCodes: ['PX-33333'] }),
  attendee({ id: 'K0000000A4', nameZh: '李雷', categoryId: 'delegate', phone: '13700009999', ticketCodes: ['PX-44444'] }),
  attendee({ id: 'K0000000A5', nameZh: '李梅', categoryId: 'delegate', phone: '13600009999', ticketCodes: ['PX-55555'] }),
  attendee({ id: 'K0000000A6', nameZh: '赵贵宾', categoryId: 'guest', phone: '13500000001', attention: '省领导，请引导至贵宾室', ticketCodes: ['PX-66666'] }),
  attendee({ id: 'K0000000A7', nameZh: '钱取消', categoryId: 'delegate', phone: '13500000002', status: 'cancelled', ticketCodes: ['PX-77777'] }),
  attendee({ id: 'K0000000A8', nameZh: '孙嘉宾', categoryId: 'speaker', phone: '13500000003', ticketCodes: ['PX-88888'] }),
  attendee({ id: 'K0000000A9', nameZh: '周已领', categoryId: 'delegate', phone: '13500000004', ticketCodes: ['PX-99999'] }),
  // A character the badge font does not have: the badge cannot be made.
  attendee({ id: 'K0000000AA', nameZh: '𠮷田阳', nameEn: 'Yoshida Yo', categoryId: 'delegate', phone: '13500000006', ticketCodes: ['PX-AAAAA'] }),
];

function kioskStation() {
  const db = openDatabase(':memory:');
  const clock = fixedClock('2024-10-15T00:30:00Z');
  initEvent(db, cnmc2024(), clock.now());
  db.tx(() => insertAttendees(db, PEOPLE, clock.now()));
  const services = createServices({ db, clock, printer: new CupsPrinter({ server: cups.server }), badgeThreads: null });
  const call = async <C extends Command>(command: C, input: unknown, token: string | null) => services.call(command, input, { transport: 'http', token }) as Promise<{ ok: true; value: Output<C> } | { ok: false; error: { code: string; message: string; details?: unknown } }>;
  const must = async <C extends Command>(command: C, input: unknown, token: string | null): Promise<Output<C>> => {
    const r = await call(command, input, token);
    if (!r.ok) throw new Error(`${command}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  return { db, clock, services, call, must };
}

async function startedKiosk(s: ReturnType<typeof kioskStation>) {
  const admin = (await s.must('operator:createFirstAdmin', { name: 'admin', pin: '246810' }, null)).token;
  await s.must('operator:create', { name: 'sup', role: 'supervisor', pin: '1357' }, admin);
  await s.must('operator:create', { name: 'desk-1', role: 'desk', pin: '2468' }, admin);
  const supervisor = (await s.must('session:signIn', { name: 'sup', pin: '1357' }, null)).token;
  await s.must('station:configure', { mode: 'kiosk', name: '自助机 1' }, supervisor);
  const kiosk = await s.must('kiosk:start', { printer: 'kiosk-1' }, supervisor);
  return { admin, supervisor, kiosk: kiosk.token };
}

const deskReason = (a: KioskAnswer | KioskJob) => ('kind' in a ? (a.kind === 'desk' ? a.reason : a.kind) : a.state === 'desk' ? a.reason : a.state);

describe('the self-service kiosk', () => {
  it('is started by a supervisor with its printer; its session reaches the kiosk commands and nothing a door or desk may do, refused in main', async () => {
    const s = kioskStation();
    const { supervisor, kiosk } = await startedKiosk(s);
    expect(s.services.sessions.resolve(supervisor)).toBeNull();
    expect((await s.must('kiosk:status', {}, kiosk)).state).toBe('in_service');
    let refused = 0;
    for (const command of COMMANDS) {
      const needs = contract[command].role;
      if (needs === 'public' || needs === 'kiosk') continue;
      const r = await s.call(command, {}, kiosk);
      expect(r.ok ? 'ok' : r.error, command).toMatchObject({ code: 'forbidden', details: { needs, has: 'kiosk' } });
      refused++;
    }
    // Listing, searching, exporting, reprinting, signing out among them.
    expect(refused).toBeGreaterThan(50);
    for (const command of ['roster:list', 'roster:search', 'roster:export', 'report:export', 'print:reprint', 'print:submit', 'badge:pdf', 'session:signOut'] satisfies Command[]) {
      expect(contract[command].role).not.toBe('kiosk');
    }
    expect(s.db.get<{ n: number }>({ text: "SELECT count(*) AS n FROM audit_log WHERE action = 'kiosk.start'", values: [] })?.n).toBe(1);
  });

  it('is left only by a supervisor signing in over it: a desk operator is refused and the kiosk keeps serving', async () => {
    const s = kioskStation();
    const { kiosk } = await startedKiosk(s);
    const desk = await s.call('session:signIn', { name: 'desk-1', pin: '2468', atLeast: 'supervisor' }, kiosk);
    expect(desk.ok ? 'ok' : desk.error.code).toBe('forbidden');
    expect((await s.must('kiosk:status', {}, kiosk)).state).toBe('in_service');
    const wrong = await s.call('session:signIn', { name: 'sup', pin: '0000', atLeast: 'supervisor' }, kiosk);
    expect(wrong.ok ? 'ok' : wrong.error.code).toBe('bad_credentials');
    const taken = await s.must('session:signIn', { name: 'sup', pin: '1357', atLeast: 'supervisor' }, kiosk);
    expect(taken.operator.role).toBe('supervisor');
    expect((await s.call('kiosk:status', {}, kiosk)).ok).toBe(false);
    expect(s.db.get<{ n: number }>({ text: "SELECT count(*) AS n FROM audit_log WHERE action = 'session.takeOver'", values: [] })?.n).toBe(1);
  });

  it('refuses to start on a station not set as a kiosk, or with a printer the station does not have', async () => {
    const s = kioskStation();
    const admin = (await s.must('operator:createFirstAdmin', { name: 'admin', pin: '246810' }, null)).token;
    const notKiosk = await s.call('kiosk:start', { printer: 'kiosk-1' }, admin);
    expect(notKiosk.ok ? 'ok' : notKiosk.error.code).toBe('conflict');
    await s.must('station:configure', { mode: 'kiosk' }, admin);
    const noPrinter = await s.call('kiosk:start', { printer: 'no-such-printer' }, admin);
    expect(noPrinter.ok ? 'ok' : noPrinter.error.code).toBe('invalid_input');
  });

  it('QR path: the e-ticket code shows their own card, masked; "this is me" records the arrival, prints the badge to CUPS and records it collected', async () => {
    const s = kioskStation();
    const { kiosk } = await startedKiosk(s);
    const found = await s.must('kiosk:find', { code: 'px-7h3k9' }, kiosk);
    expect(found.kind).toBe('card');
    if (found.kind !== 'card') return;
    expect(found.card).toMatchObject({ nameZh: '王小明', nameEn: 'Wang Xiaoming', orgZh: '湖南日报', category: { name: { zh: '代表' } }, phone: '138****1234' });
    expect(found.card.document).not.toContain('19900101');
    expect(JSON.stringify(found)).not.toContain('13800001234');
    const confirmed = await s.must('kiosk:confirm', { ticket: found.ticket }, kiosk);
    expect(confirmed.state).toBe('printing');
    const done = await until(() => s.must('kiosk:job', { ticket: found.ticket }, kiosk), (j) => j.state !== 'printing');
    expect(done.state).toBe('printed');
    const row = s.db.get<{ arrived_at: string | null; badge_collected_at: string | null; badge_printed_count: number }>({ text: 'SELECT arrived_at, badge_collected_at, badge_printed_count FROM attendee WHERE id = ?', values: ['K0000000A1'] });
    expect(row).toMatchObject({ badge_printed_count: 1 });
    expect(row?.badge_collected_at).not.toBeNull();
    const arrival = s.db.get<{ station: string; outcome: string }>({ text: "SELECT station, outcome FROM scan WHERE kind = 'arrival' AND attendee_id = ?", values: ['K0000000A1'] });
    expect(arrival).toEqual({ station: '自助机 1', outcome: 'admitted' });
    const actions = s.db.all<{ action: string }>({ text: "SELECT action FROM audit_log WHERE entity_id = 'K0000000A1' ORDER BY id", values: [] }).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['print.submit', 'badge.collect']));
    const job = s.db.get<{ spool_id: string }>({ text: "SELECT spool_id FROM print_job WHERE attendee_id = 'K0000000A1'", values: [] })!;
    expect(outputs.of(job.spool_id)).toHaveLength(1);
    // The same person again: the kiosk never prints a second badge.
    expect(deskReason(await s.must('kiosk:find', { code: 'PX-7H3K9' }, kiosk))).toBe('already_collected');
    // The ticket is spent on this one card; another kiosk session cannot use it.
    const other = await s.call('kiosk:confirm', { ticket: `${found.ticket}x` }, kiosk);
    expect(other.ok ? 'ok' : other.error.code).toBe('not_found');
  }, 40_000);

  it('phone path: eight surnames, the same each time, the real ones among them; the right one gives the card, a wrong one nothing', async () => {
    const s = kioskStation();
    const { kiosk } = await startedKiosk(s);
    const first = await s.must('kiosk:find', { phoneTail: '1234' }, kiosk);
    expect(first.kind).toBe('surnames');
    if (first.kind !== 'surnames') return;
    expect(first.choices).toHaveLength(SURNAME_CHOICES);
    expect(new Set(first.choices).size).toBe(SURNAME_CHOICES);
    expect(first.choices).toEqual(expect.arrayContaining(['王', '欧阳']));
    expect(await s.must('kiosk:find', { phoneTail: '1234' }, kiosk)).toEqual(first);
    // A tail nobody has gets a list just as long: it tells nothing.
    const none = await s.must('kiosk:find', { phoneTail: '0000' }, kiosk);
    expect(none.kind === 'surnames' && none.choices.length).toBe(SURNAME_CHOICES);
    const card = await s.must('kiosk:find', { phoneTail: '1234', surname: '欧阳' }, kiosk);
    expect(card.kind === 'card' && card.card.nameZh).toBe('欧阳娜娜');
    // A Hong Kong name in Latin letters, family name first: either end of it is offered and accepted.
    const hk = await s.must('kiosk:find', { phoneTail: '5678' }, kiosk);
    expect(hk.kind === 'surnames' && hk.choices).toEqual(expect.arrayContaining(['CHAN', 'Man']));
    expect((await s.must('kiosk:find', { phoneTail: '5678', surname: 'chan' }, kiosk)).kind).toBe('card');
    expect(deskReason(await s.must('kiosk:find', { phoneTail: '1234', surname: '张' }, kiosk))).toBe('not_found');
  });

  it('sends to the desk, saying where it is: two matches, attention, cancelled, a desk category, printed already', async () => {
    const s = kioskStation();
    const { admin, kiosk } = await startedKiosk(s);
    await s.must('event:setKioskRules', { deskWhere: { zh: '一楼大厅左侧人工报到台', en: 'the staffed desk on the left of the ground-floor hall' }, deskCategories: ['speaker'] }, admin);
    const several = await s.must('kiosk:find', { phoneTail: '9999', surname: '李' }, kiosk);
    expect(several).toMatchObject({ kind: 'desk', reason: 'several', deskWhere: { zh: '一楼大厅左侧人工报到台' }, message: { zh: expect.any(String), en: expect.any(String) } });
    expect(deskReason(await s.must('kiosk:find', { code: 'PX-66666' }, kiosk))).toBe('attention');
    expect(deskReason(await s.must('kiosk:find', { code: 'PX-77777' }, kiosk))).toBe('cancelled');
    expect(deskReason(await s.must('kiosk:find', { code: 'PX-88888' }, kiosk))).toBe('category');
    s.db.run({ text: "UPDATE attendee SET badge_collected_at = '2024-10-14T08:00:00.000Z' WHERE id = 'K0000000A9'", values: [] });
    expect(deskReason(await s.must('kiosk:find', { code: 'PX-99999' }, kiosk))).toBe('already_collected');
    // A badge printed at a desk (pre-printed, not yet handed out): the kiosk does not print another.
    s.db.run({ text: "UPDATE attendee SET badge_printed_count = 1 WHERE id = 'K0000000A4'", values: [] });
    expect(deskReason(await s.must('kiosk:find', { code: 'PX-44444' }, kiosk))).toBe('already_printed');
    // None of these were failed look-ups: nothing waits, nothing is logged as one.
    expect(s.db.get<{ n: number }>({ text: "SELECT count(*) AS n FROM audit_log WHERE action = 'kiosk.lookupFailed'", values: [] })?.n).toBe(0);
  });

  it('sends someone whose badge cannot be made to the desk before recording anything, and stays in service', async () => {
    const s = kioskStation();
    const { kiosk } = await startedKiosk(s);
    const found = await s.must('kiosk:find', { code: 'PX-AAAAA' }, kiosk);
    if (found.kind !== 'card') throw new Error(found.kind);
    expect(await s.must('kiosk:confirm', { ticket: found.ticket }, kiosk)).toMatchObject({ state: 'desk', reason: 'badge_problem', detail: expect.stringContaining('U+20BB7') });
    expect(s.db.get<{ n: number }>({ text: "SELECT (SELECT count(*) FROM scan WHERE attendee_id = 'K0000000AA') + (SELECT count(*) FROM print_job WHERE attendee_id = 'K0000000AA') AS n", values: [] })?.n).toBe(0);
    expect((await s.must('kiosk:status', {}, kiosk)).state).toBe('in_service');
  });

  it('slows down repeated failed look-ups and logs each one; a card found starts the count again', async () => {
    const s = kioskStation();
    const { kiosk } = await startedKiosk(s);
    for (let i = 0; i < 3; i++) expect(deskReason(await s.must('kiosk:find', { code: `NOPE-${i}` }, kiosk))).toBe('not_found');
    // After the third failure in a row each look-up waits: 1 s, then 2 s after the fourth, 4 s after the fifth …
    expect(await s.must('kiosk:find', { code: 'PX-22222' }, kiosk)).toEqual({ kind: 'wait', seconds: 1 });
    s.clock.advance(1500);
    expect(deskReason(await s.must('kiosk:find', { phoneTail: '1234', surname: '赵' }, kiosk))).toBe('not_found');
    expect(await s.must('kiosk:find', { phoneTail: '1234' }, kiosk)).toEqual({ kind: 'wait', seconds: 2 });
    s.clock.advance(2500);
    expect(deskReason(await s.must('kiosk:find', { code: 'NOPE-4' }, kiosk))).toBe('not_found');
    expect(await s.must('kiosk:find', { code: 'PX-22222' }, kiosk)).toEqual({ kind: 'wait', seconds: 4 });
    const logged = s.db.all<{ after: string }>({ text: "SELECT after FROM audit_log WHERE action = 'kiosk.lookupFailed' ORDER BY id", values: [] }).map((r) => JSON.parse(r.after) as { by: string; inARow: number });
    expect(logged.map((l) => l.inARow)).toEqual([1, 2, 3, 4, 5]);
    expect(logged[3]!.by).toBe('phone');
    // Nothing typed is kept in the log.
    expect(JSON.stringify(logged)).not.toMatch(/NOPE|1234/);
    s.clock.advance(4500);
    expect((await s.must('kiosk:find', { code: 'PX-22222' }, kiosk)).kind).toBe('card');
    expect(deskReason(await s.must('kiosk:find', { code: 'NOPE-5' }, kiosk))).toBe('not_found');
    expect(deskReason(await s.must('kiosk:find', { code: 'NOPE-6' }, kiosk))).toBe('not_found');
  });

  it('goes out of service while its printer is stopped (nothing recorded, sent to the desk) or a badge of its own failed, and back when it works again', async () => {
    const s = kioskStation();
    const { kiosk } = await startedKiosk(s);
    const found = await s.must('kiosk:find', { code: 'PX-55555' }, kiosk);
    if (found.kind !== 'card') throw new Error(found.kind);
    cups.admin('cupsdisable', '-r', 'Out of paper', 'kiosk-1');
    try {
      // Stopped between the card and "this is me": nothing recorded, sent to the desk.
      expect(await s.must('kiosk:confirm', { ticket: found.ticket }, kiosk)).toMatchObject({ state: 'desk', reason: 'out_of_service', detail: 'Out of paper' });
      expect(await s.must('kiosk:status', {}, kiosk)).toMatchObject({ state: 'out_of_service', detail: 'Out of paper' });
      expect(deskReason(await s.must('kiosk:find', { code: 'PX-33333' }, kiosk))).toBe('out_of_service');
    } finally {
      cups.admin('cupsenable', 'kiosk-1');
    }
    expect((await s.must('kiosk:status', {}, kiosk)).state).toBe('in_service');
    expect(s.db.get<{ n: number }>({ text: "SELECT count(*) AS n FROM scan WHERE attendee_id = 'K0000000A5'", values: [] })?.n).toBe(0);
    // A badge of its own that failed stays in its queue and keeps the kiosk out of service until someone deals with it.
    s.db.run({ text: "INSERT INTO print_job (id, attendee_id, badge_version, printer, state, error, created_at, updated_at) VALUES ('J1', 'K0000000A5', 1, 'kiosk-1', 'failed', 'Paper jam', '2024-10-15T00:29:00Z', '2024-10-15T00:29:00Z')", values: [] });
    expect(await s.must('kiosk:status', {}, kiosk)).toMatchObject({ state: 'out_of_service', detail: 'Paper jam' });
    s.db.run({ text: "UPDATE print_job SET state = 'cancelled' WHERE id = 'J1'", values: [] });
    expect((await s.must('kiosk:status', {}, kiosk)).state).toBe('in_service');
  });
});
