import { randomBytes } from 'node:crypto';
import type { CredentialCheck } from '../../../shared/credential';
import type { KioskAnswer, KioskDeskReason, KioskJob, KioskStatus, KioskToDesk } from '../../../shared/kiosk';
import { KIOSK_FREE_FAILURES, KIOSK_MAX_WAIT_S, KIOSK_MESSAGES, KIOSK_TICKET_MS, PRINTER_SIDES } from '../../../shared/kiosk';
import { AppFailure } from '../../../shared/result';
import type { ServiceContext } from '../context';
import type { CallContext, Handlers } from '../dispatch';
import { getEventInfo, getKioskRules, writeKioskRules } from '../event/repo';
import { newId } from '../ids';
import { sessionInfo } from '../operators/handlers';
import type { Printer } from '../printing/printer';
import { getPrintJob, refreshSentJobs } from '../printing/queue';
import { getStationConfig, readSetting, writeSetting } from '../station/repo';
import { cardOf, findByCode, findByPhone, kioskSecret, kioskVerdict, readPerson, surnameChoices } from './find';

type KioskCommands = 'kiosk:start' | 'kiosk:status' | 'kiosk:find' | 'kiosk:confirm' | 'kiosk:job' | 'event:setKioskRules';

/** The desk's own commands the kiosk's confirmation runs, so an arrival and a badge are recorded as a desk records them. */
export interface KioskDeskActions {
  arrive: Handlers['checkin:arrive'];
  submit: Handlers['print:submit'];
  collect: Handlers['badge:collect'];
  /** Makes the person's badge without printing it: throws when it cannot be made (a character the font lacks). */
  checkBadge: (attendeeId: string) => void;
}

/** A badge sent this long ago and still not printed: the printer is not printing (out of paper, jammed, off). */
export const KIOSK_STUCK_MS = 45_000;
/** A confirmed card's ticket answers `kiosk:job` this long after it was shown. */
const TICKET_KEPT_MS = 10 * 60_000;
/** Failed look-ups older than this are forgotten: the next person does not wait for the last one's typing. */
const FAILURES_FORGOTTEN_MS = 5 * 60_000;

interface Ticket {
  attendeeId: string;
  session: string;
  expires: number;
  jobId: string | null;
}

/**
 * The self-service kiosk's commands (issue #16). Its session — opened by a supervisor's `kiosk:start`, the kiosk role,
 * below a door's — reaches these and nothing else: no list, no export, no reprint. A look-up answers with one card
 * (and a ticket to confirm it), eight surnames to choose from, a wait, or the desk; failed look-ups in a row are
 * audited and make the next ones wait longer each time.
 */
export function kioskHandlers({ db, now, audit, sessions }: ServiceContext, printer: Printer, check: (raw: string) => CredentialCheck, desk: KioskDeskActions): Pick<Handlers, KioskCommands> {
  const tickets = new Map<string, Ticket>();
  /** Failed look-ups in a row, when the last was, and when the next may be answered. */
  const noFailures = () => ({ count: 0, last: 0, nextAt: 0 });
  let failures = noFailures();
  const deskWhere = () => getKioskRules(db).deskWhere;
  const sendToDesk = (reason: KioskDeskReason): KioskToDesk => ({ reason, message: KIOSK_MESSAGES[reason], deskWhere: deskWhere() });
  const toDesk = (reason: KioskDeskReason): KioskAnswer => ({ kind: 'desk', ...sendToDesk(reason) });
  const jobToDesk = (reason: KioskDeskReason, detail: string | null = null): KioskJob => ({ state: 'desk', detail, ...sendToDesk(reason) });

  const kioskSession = (ctx: CallContext) => {
    if (ctx.session?.role !== 'kiosk') throw new AppFailure('forbidden', 'only a kiosk started by a supervisor serves attendees', { needs: 'kiosk', has: ctx.session?.role ?? null });
    return ctx.session;
  };

  /** Why the kiosk's printer cannot print now: none chosen, the spooler unreachable, the printer gone, stopped or refusing jobs. */
  const printerProblem = async (): Promise<string | null> => {
    const name = readSetting(db, 'kiosk.printer');
    if (name === null) return 'no printer chosen';
    let list;
    try {
      list = await printer.list();
    } catch (e) {
      return `the print service cannot be reached: ${e instanceof Error ? e.message : String(e)}`;
    }
    const p = list.find((x) => x.name === name);
    if (p === undefined) return `printer ${name} is not installed`;
    if (p.state === 'stopped' || !p.accepting) return p.message ?? `printer ${name} is stopped`;
    return null;
  };

  /** Why the kiosk cannot serve now: its printer's problem, or a badge of its own that failed or has not printed in time. */
  const outOfService = async (): Promise<string | null> => {
    const problem = await printerProblem();
    if (problem !== null) return problem;
    await refreshSentJobs(db, printer, now);
    const since = new Date(now().getTime() - KIOSK_STUCK_MS).toISOString();
    const stuck = db.get<{ error: string | null; state: string }>({
      text: `SELECT error, state FROM print_job WHERE station IS NULL AND printer = ? AND (state = 'failed' OR (state = 'sent' AND updated_at < ?)) LIMIT 1`,
      values: [readSetting(db, 'kiosk.printer'), since],
    });
    if (stuck !== undefined) return stuck.state === 'failed' ? (stuck.error ?? 'a badge failed to print') : 'a badge sent to the printer has not printed';
    return null;
  };

  const failed = (ctx: CallContext, by: 'code' | 'phone', reason: KioskDeskReason) => {
    const at = now().getTime();
    if (at - failures.last > FAILURES_FORGOTTEN_MS) failures = noFailures();
    failures.count += 1;
    failures.last = at;
    const over = failures.count - KIOSK_FREE_FAILURES;
    if (over >= 0) failures.nextAt = at + Math.min(KIOSK_MAX_WAIT_S, 2 ** over) * 1000;
    db.tx(() => audit(ctx, { action: 'kiosk.lookupFailed', entity: 'kiosk', entityId: getStationConfig(db).name, after: { by, reason, inARow: failures.count } }));
  };

  const ticketFor = (ctx: CallContext, input: { ticket: string }): Ticket => {
    const session = kioskSession(ctx);
    const t = tickets.get(input.ticket);
    if (t === undefined || t.session !== session.token || t.expires + (t.jobId === null ? 0 : TICKET_KEPT_MS) <= now().getTime()) throw new AppFailure('not_found', 'this card is no longer on the screen; look yourself up again');
    return t;
  };

  return {
    'kiosk:start': async (input, ctx) => {
      const supervisor = ctx.session!;
      if (getStationConfig(db).mode !== 'kiosk') throw new AppFailure('conflict', 'this station is not a kiosk: set its mode to kiosk first');
      let list;
      try {
        list = await printer.list();
      } catch (e) {
        throw new AppFailure('conflict', `the print service cannot be reached: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (!list.some((p) => p.name === input.printer)) throw new AppFailure('invalid_input', `no printer "${input.printer}" on this station`, [{ path: 'printer', message: 'is not a printer of this station' }]);
      const kiosk = sessions.open({ operatorId: supervisor.operatorId, name: supervisor.name, role: 'kiosk' });
      db.tx(() => {
        writeSetting(db, 'kiosk.printer', input.printer);
        writeSetting(db, 'kiosk.printerSide', input.printerSide);
        audit(ctx, { action: 'kiosk.start', entity: 'kiosk', entityId: getStationConfig(db).name, after: { printer: input.printer, printerSide: input.printerSide, supervisor: supervisor.name } });
      });
      // The supervisor's own session ends here: the screen is the kiosk's now, until a supervisor signs in over it.
      sessions.close(supervisor.token);
      ctx.bindSession?.(kiosk.token);
      failures = noFailures();
      return sessionInfo(kiosk);
    },

    'kiosk:status': async (_input, ctx): Promise<KioskStatus> => {
      const event = getEventInfo(db);
      const printerName = readSetting(db, 'kiosk.printer');
      const side = PRINTER_SIDES.find((x) => x === readSetting(db, 'kiosk.printerSide')) ?? 'left';
      const base = { printer: printerName, printerSide: side, eventName: event.name, deskWhere: deskWhere() };
      if (ctx.session?.role !== 'kiosk' || getStationConfig(db).mode !== 'kiosk') return { state: 'paused', detail: null, ...base };
      const why = await outOfService();
      return why === null ? { state: 'in_service', detail: null, ...base } : { state: 'out_of_service', detail: why, ...base };
    },

    'kiosk:find': async (input, ctx): Promise<KioskAnswer> => {
      const session = kioskSession(ctx);
      const at = now().getTime();
      if (failures.nextAt > at) return { kind: 'wait', seconds: Math.ceil((failures.nextAt - at) / 1000) };
      if ((await outOfService()) !== null) return toDesk('out_of_service');
      const by = 'code' in input ? 'code' : 'phone';
      let found;
      if ('code' in input) found = findByCode(db, check(input.code));
      else if (!('surname' in input)) return { kind: 'surnames', choices: surnameChoices(db, input.phoneTail, kioskSecret(db)) };
      else found = findByPhone(db, input.phoneTail, input.surname);
      if (typeof found === 'string') {
        if (found === 'not_found') failed(ctx, by, found);
        return toDesk(found);
      }
      const verdict = kioskVerdict(found, getKioskRules(db));
      if (verdict !== null) return toDesk(verdict);
      failures = noFailures();
      // Cards not confirmed in time go; confirmed ones once their badge is long done (the screen stopped asking).
      for (const [key, t] of tickets) if (t.expires + (t.jobId === null ? 0 : TICKET_KEPT_MS) <= at) tickets.delete(key);
      const ticket = randomBytes(18).toString('base64url');
      tickets.set(ticket, { attendeeId: found.id, session: session.token, expires: at + KIOSK_TICKET_MS, jobId: null });
      return { kind: 'card', card: cardOf(found), ticket };
    },

    'kiosk:confirm': async (input, ctx): Promise<KioskJob> => {
      const t = ticketFor(ctx, input);
      if (t.jobId !== null) return jobState(t, ctx);
      const person = readPerson(db, t.attendeeId);
      const verdict = person === undefined ? 'not_found' : kioskVerdict(person, getKioskRules(db));
      if (verdict !== null) return jobToDesk(verdict);
      const why = await outOfService();
      if (why !== null) return jobToDesk('out_of_service', why);
      // A badge that cannot be made is this person's matter for the desk, not the printer's: the kiosk stays in service.
      try {
        desk.checkBadge(t.attendeeId);
      } catch (e) {
        return jobToDesk('badge_problem', e instanceof Error ? e.message : String(e));
      }
      // The desk's own two acts, in the kiosk's name: the arrival (a scan of the log) and the badge to this kiosk's printer.
      await desk.arrive({ scanId: `kiosk-${newId(16)}`, attendeeId: t.attendeeId, station: getStationConfig(db).name }, ctx);
      const job = await desk.submit({ attendeeId: t.attendeeId, printer: readSetting(db, 'kiosk.printer')! }, ctx);
      t.jobId = job.id;
      if (job.state === 'failed') return jobToDesk('print_failed', job.error);
      return { state: 'printing' };
    },

    'kiosk:job': async (input, ctx) => jobState(ticketFor(ctx, input), ctx),

    'event:setKioskRules': (input, ctx) =>
      db.tx(() => {
        const before = getKioskRules(db);
        writeKioskRules(db, input);
        audit(ctx, { action: 'event.setKioskRules', entity: 'event', before, after: input });
        return getKioskRules(db);
      }),
  };

  /** The badge of a confirmed card: printing, printed (and so collected, here and now), or failed (to the desk). */
  async function jobState(t: Ticket, ctx: CallContext): Promise<KioskJob> {
    if (t.jobId === null) throw new AppFailure('conflict', 'this card was not confirmed');
    await refreshSentJobs(db, printer, now);
    const job = getPrintJob(db, t.jobId);
    if (job.state === 'printed') {
      const collected = readPerson(db, t.attendeeId)?.badge_collected_at ?? null;
      if (collected === null) await desk.collect({ attendeeId: t.attendeeId }, ctx);
      return { state: 'printed' };
    }
    if (job.state === 'failed' || job.state === 'cancelled') return jobToDesk('print_failed', job.error);
    // Still on its way (the spooler asked just now): the printer stopped under it, or it is taking too long.
    const why = await printerProblem();
    if (why !== null || now().getTime() - Date.parse(job.updatedAt) > KIOSK_STUCK_MS) return jobToDesk('print_failed', why);
    return { state: 'printing' };
  }
}
