import type { Direction, ScanAnswer, ScanDecision } from '../../../shared/checkin';
import { SCAN_MESSAGES } from '../../../shared/checkin';
import type { CredentialCheck } from '../../../shared/credential';
import { MAX_SCAN_LENGTH } from '../../../shared/credential';
import type { Activity } from '../../../shared/event';
import { AppFailure } from '../../../shared/result';
import type { ServiceContext } from '../context';
import type { CallContext, Handlers } from '../dispatch';
import type { Db } from '../db/sql';
import { sql } from '../db/sql';
import { getActivity, getEventInfo } from '../event/repo';
import { localDateTime } from '../clock';
import type { ScanContext } from './decide';
import { decideScan } from './decide';
import { ScanLedger } from './ledger';
import type { ScanRow } from './repo';
import { activityCounts, getScan, insertScan, loadScanContext } from './repo';

type ScanCommands = 'scan:record' | 'scan:admitManual' | 'scan:override' | 'scan:undo' | 'scan:counts' | 'checkin:arrive';

/** Now in the event's time zone, as the time window check reads it: the local date and minutes since midnight. */
function localNow(at: Date, timeZone: string): ScanContext['local'] {
  const { date, time } = localDateTime(at, timeZone);
  return { date, minutes: Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)) };
}

type Who = { nameZh: string | null; nameEn: string | null; categoryId: string } | null;

/** The answer to a scan row; `who` when the caller read the attendee already (a fresh scan), else read here (a repeat, an override). */
function answerOf(db: ServiceContext['db'], row: ScanRow, repeated: boolean, known?: Who): ScanAnswer {
  const who =
    known !== undefined
      ? known
      : row.attendee_id === null
        ? null
        : (db.get<{ nameZh: string | null; nameEn: string | null; categoryId: string }>(sql`SELECT name_zh AS nameZh, name_en AS nameEn, category_id AS categoryId FROM attendee WHERE id = ${row.attendee_id}`) ?? null);
  return {
    scanId: row.id,
    outcome: row.outcome,
    reason: row.reason as ScanDecision['reason'],
    message: SCAN_MESSAGES[row.reason as ScanDecision['reason']],
    note: row.note,
    ...(row.attendee_id === null ? {} : { attendeeId: row.attendee_id }),
    ...(who ? { attendee: who } : {}),
    repeated,
  };
}

/**
 * The door's commands. A scan commits on `scans`, the station's scan connection (db/open.ts openScanConnection); the
 * supervisor's override and undo are audited, so they write on the main connection with their audit entry.
 */
export function checkinHandlers({ db, now: ownClock, audit }: ServiceContext, check: (raw: string) => CredentialCheck, scans: Db): Pick<Handlers, ScanCommands> {
  /**
   * Now in the hub's time once a paired station knows its offset (as its sync last measured it), with that offset,
   * read once per entry: time windows and the log never follow a wrong laptop clock. Its own clock on its own or on the hub.
   */
  const clock = (): { at: Date; offset: number | null } => {
    const offset = (scans.statement("SELECT clock_offset_ms AS o FROM sync_state WHERE role <> 'hub'").get() as { o: number | null } | undefined)?.o ?? null;
    return { at: offset === null ? ownClock() : new Date(ownClock().getTime() + offset), offset };
  };
  // The event's time zone is read once: changing it means a new event.
  let timezone: string | null = null;
  // Read at each scan, so an organiser's edit of the rules applies at once.
  const activityOf = (id: string): Activity => {
    const a = getActivity(db, id);
    if (a === undefined) throw new AppFailure('not_found', `no activity "${id}"`);
    return a;
  };
  const operatorOf = (ctx: CallContext) => ctx.session?.operatorId ?? null;
  /** Whether a scan already has its one override or its one undo (scan_refers_once). */
  const answeredBy = (scanId: string, kind: 'override' | 'reversal') => db.get(sql`SELECT 1 AS one FROM scan WHERE refers_to = ${scanId} AND kind = ${kind}`) !== undefined;
  /** Ids are unique across every kind of entry in the log: one reused for something else is refused, never taken as a retry. */
  const idTaken = (id: string) => new AppFailure('conflict', `the id ${id.slice(0, 64)} belongs to another entry of the log; a new entry needs a new id`);
  // Presence and the door totals, projected from the log in memory: a scan commits its log row alone.
  const ledger = new ScanLedger(scans);

  /** Decides and appends one scan in one transaction, answering only after the commit; a known scan id is answered from the log. */
  const record = (scan: { scanId: string; activityId: string; direction: Direction; station: string; code: string | null; checked: CredentialCheck }, ctx: CallContext): ScanAnswer => {
    const repeated = getScan(scans, scan.scanId);
    if (repeated) {
      // A retry carries the same scan; the same id on anything else is a collision, never an answer.
      const same = (repeated.kind === 'entry' || repeated.kind === 'exit') && repeated.activity_id === scan.activityId && (repeated.kind === 'exit') === (scan.direction === 'out') && repeated.code === (scan.code === null ? null : scan.code.slice(0, MAX_SCAN_LENGTH));
      if (!same) throw idTaken(scan.scanId);
      return answerOf(scans, repeated, true);
    }
    const activity = activityOf(scan.activityId);
    timezone ??= getEventInfo(db).timezone;
    const { at, offset } = clock();
    const local = localNow(at, timezone);
    const { row, who } = scans.tx(() => {
      ledger.catchUp();
      const tz = timezone!;
      const { context, who } = loadScanContext(scans, ledger, { activity, check: scan.checked, direction: scan.direction, local, timeOf: (iso) => localDateTime(new Date(iso), tz).time });
      const decision = decideScan(context);
      const row: ScanRow = {
        id: scan.scanId,
        at: at.toISOString(),
        station: scan.station,
        kind: scan.direction === 'out' ? 'exit' : 'entry',
        activity_id: activity.id,
        // Someone this file has not received (a desk's walk-in still on its way) is named by the code alone.
        attendee_id: context.attendee?.id ?? null,
        code: scan.code === null ? null : scan.code.slice(0, MAX_SCAN_LENGTH),
        outcome: decision.outcome,
        reason: decision.reason,
        note: decision.outcome === 'admitted' ? null : (decision.note ?? null),
        operator_id: operatorOf(ctx),
        refers_to: null,
        why: null,
        clock_offset_ms: offset,
      };
      insertScan(scans, row);
      return { row, who };
    });
    return answerOf(scans, row, false, who);
  };

  return {
    'scan:record': (input, ctx) => record({ scanId: input.scanId, activityId: input.activityId, direction: input.direction, station: input.station, code: input.code, checked: check(input.code) }, ctx),

    'scan:admitManual': (input, ctx) => {
      const status = db.get<{ status: string }>(sql`SELECT status FROM attendee WHERE id = ${input.attendeeId}`);
      if (status === undefined) throw new AppFailure('not_found', `no attendee "${input.attendeeId}"`);
      // No badge to check: the person was found by name; every rule of the door still applies.
      return record({ scanId: input.scanId, activityId: input.activityId, direction: 'in', station: input.station, code: null, checked: { valid: true, reason: 'valid', attendeeId: input.attendeeId, version: null } }, ctx);
    },

    'scan:override': (input, ctx) => {
      const done = getScan(db, input.overrideId);
      if (done) {
        if (done.kind !== 'override' || done.refers_to !== input.scanId) throw idTaken(input.overrideId);
        return answerOf(db, done, true);
      }
      const row = db.tx((): ScanRow => {
        const refused = getScan(db, input.scanId);
        if (refused === undefined) throw new AppFailure('not_found', `no scan "${input.scanId}"`);
        if (answeredBy(input.scanId, 'override')) throw new AppFailure('conflict', `scan ${input.scanId} was overridden already`);
        if (refused.outcome !== 'refused' || refused.activity_id === null) throw new AppFailure('conflict', `scan ${input.scanId} was not a refusal at a door`);
        if (refused.attendee_id === null) throw new AppFailure('conflict', `scan ${input.scanId} names no attendee: find them by name and admit them instead`);
        const { at, offset } = clock();
        const row: ScanRow = { ...refused, id: input.overrideId, at: at.toISOString(), kind: 'override', outcome: 'admitted', reason: 'override', note: null, operator_id: operatorOf(ctx), refers_to: refused.id, why: input.reason, clock_offset_ms: offset };
        insertScan(db, row);
        audit(ctx, { action: 'scan.override', entity: 'scan', entityId: refused.id, before: { reason: refused.reason }, after: { overrideId: row.id, why: input.reason } });
        return row;
      });
      return answerOf(db, row, false);
    },

    'scan:undo': (input, ctx) =>
      db.tx(() => {
        const done = getScan(db, input.undoId);
        if (done) {
          if (done.kind !== 'reversal' || done.refers_to !== input.scanId) throw idTaken(input.undoId);
          return { undone: input.scanId };
        }
        const scan = getScan(db, input.scanId);
        if (scan === undefined) throw new AppFailure('not_found', `no scan "${input.scanId}"`);
        if (scan.kind === 'reversal') throw new AppFailure('conflict', 'an undo cannot be undone; scan again instead');
        if (answeredBy(input.scanId, 'reversal')) throw new AppFailure('conflict', `scan ${input.scanId} was undone already`);
        const { at, offset } = clock();
        insertScan(db, { ...scan, id: input.undoId, at: at.toISOString(), kind: 'reversal', operator_id: operatorOf(ctx), refers_to: scan.id, why: input.reason, clock_offset_ms: offset });
        audit(ctx, { action: 'scan.undo', entity: 'scan', entityId: scan.id, after: { undoId: input.undoId, why: input.reason } });
        return { undone: scan.id };
      }),

    'scan:counts': (input) => {
      timezone ??= getEventInfo(db).timezone;
      const { at } = clock();
      // Local midnight, as an instant: now less the local minutes since midnight.
      const dayStart = new Date(at.getTime() - localNow(at, timezone).minutes * 60_000 - at.getUTCSeconds() * 1000 - at.getUTCMilliseconds());
      ledger.catchUp();
      return activityCounts(db, ledger, activityOf(input.activityId), dayStart);
    },

    'checkin:arrive': (input, ctx) =>
      db.tx(() => {
        const done = getScan(db, input.scanId);
        if (done) return answerOf(db, done, true);
        const a = db.get<{ status: string; arrived_at: string | null }>(sql`SELECT status, arrived_at FROM attendee WHERE id = ${input.attendeeId}`);
        if (a === undefined) throw new AppFailure('not_found', `no attendee "${input.attendeeId}"`);
        const { at: when, offset } = clock();
        const at = when.toISOString();
        const refused = a.status === 'cancelled';
        const row: ScanRow = {
          id: input.scanId,
          at,
          station: input.station,
          kind: 'arrival',
          activity_id: null,
          attendee_id: input.attendeeId,
          code: null,
          outcome: refused ? 'refused' : 'admitted',
          reason: refused ? 'cancelled' : a.arrived_at === null ? 'ok' : 're_entry',
          note: null,
          operator_id: operatorOf(ctx),
          refers_to: null,
          why: null,
          clock_offset_ms: offset,
        };
        insertScan(db, row);
        if (!refused && a.arrived_at === null) db.run(sql`UPDATE attendee SET arrived_at = ${at} WHERE id = ${input.attendeeId}`);
        return answerOf(db, row, false);
      }),
  };
}
