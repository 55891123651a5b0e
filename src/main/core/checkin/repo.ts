import type { ActivityCounts, Direction, ScanDecision } from '../../../shared/checkin';
import type { CredentialCheck } from '../../../shared/credential';
import type { AccessLevel, Activity } from '../../../shared/event';
import type { Db } from '../db/sql';
import { sql } from '../db/sql';
import type { ScanContext } from './decide';
import type { ScanLedger } from './ledger';

export interface ScanRow {
  id: string;
  at: string;
  station: string;
  kind: 'entry' | 'exit' | 'arrival' | 'override' | 'reversal';
  activity_id: string | null;
  attendee_id: string | null;
  code: string | null;
  outcome: ScanDecision['outcome'];
  reason: string;
  note: string | null;
  operator_id: string | null;
  refers_to: string | null;
  why: string | null;
  /** The offset to the hub's clock this station's time was corrected by (issue #14); null on its own. */
  clock_offset_ms?: number | null;
}

export const getScan = (db: Db, id: string): ScanRow | undefined => db.statement('SELECT * FROM scan WHERE id = ?').get(id) as ScanRow | undefined;

/**
 * What a door decides from: the attendee's row with their category's access and registration, by primary key, and
 * presence and the door's totals from the ledger, never a count over the log. The attendee's name and category come
 * with them, for the answer. Call it with the ledger caught up, in the scan's transaction.
 */
export function loadScanContext(
  db: Db,
  ledger: ScanLedger,
  { activity, check, direction, local, timeOf }: { activity: Activity; check: CredentialCheck; direction: Direction; local: ScanContext['local']; timeOf?: (iso: string) => string },
): { context: ScanContext; who: { nameZh: string | null; nameEn: string | null; categoryId: string } | null } {
  const id = check.attendeeId;
  const row =
    id === undefined
      ? undefined
      : (db
          .statement(
            `SELECT a.status, a.attention, a.arrived_at, a.name_zh, a.name_en, a.category_id, ca.access,
               EXISTS (SELECT 1 FROM registration r WHERE r.attendee_id = a.id AND r.activity_id = ?) AS registered
             FROM attendee a
             LEFT JOIN category_access ca ON ca.category_id = a.category_id AND ca.activity_id = ?
             WHERE a.id = ?`,
          )
          .get(activity.id, activity.id, id) as
          | {
              status: 'active' | 'cancelled';
              attention: string | null;
              arrived_at: string | null;
              name_zh: string | null;
              name_en: string | null;
              category_id: string;
              access: AccessLevel | null;
              registered: number;
            }
          | undefined);
  const found = row === undefined || id === undefined ? null : { id, row };
  return {
    context: {
      check,
      activity,
      direction,
      local,
      counts: ledger.counts(activity.id),
      attendee:
        found === null
          ? null
          : { id: found.id, status: found.row.status, attention: found.row.attention, arrivedAtDesk: found.row.arrived_at !== null, registered: found.row.registered === 1, access: found.row.access ?? 'denied' },
      presence: found === null ? { inside: false, admittedBefore: false, entered: null } : ledger.presence(activity.id, found.id, timeOf),
    },
    who: found === null ? null : { nameZh: found.row.name_zh, nameEn: found.row.name_en, categoryId: found.row.category_id },
  };
}

/** Appends a scan to the log, in the caller's transaction: the ledger reads it from there at its next catch-up. */
export function insertScan(db: Db, row: ScanRow): void {
  db.statement(
    `INSERT INTO scan (id, at, station, kind, activity_id, attendee_id, code, outcome, reason, note, operator_id, refers_to, why, clock_offset_ms)
     VALUES (@id, @at, @station, @kind, @activity_id, @attendee_id, @code, @outcome, @reason, @note, @operator_id, @refers_to, @why, @clock_offset_ms)`,
  ).run({ ...row, clock_offset_ms: row.clock_offset_ms ?? null });
}

/**
 * The door's counters: inside now and everyone ever admitted from the ledger (caught up by the caller); admitted and
 * refused today (since `dayStart`, the event's local midnight) from the log, read along (activity_id, at), reversed
 * scans not counted.
 */
export function activityCounts(db: Db, ledger: ScanLedger, activity: Activity, dayStart: Date): ActivityCounts {
  const { inside, admitted } = ledger.counts(activity.id);
  const today = db.get<{ admitted: number; refused: number }>(sql`
    SELECT count(DISTINCT CASE WHEN s.outcome <> 'refused' AND s.kind IN ('entry', 'override') THEN s.attendee_id END) AS admitted,
           count(CASE WHEN s.outcome = 'refused' THEN 1 END) AS refused
    FROM scan s
    WHERE s.activity_id = ${activity.id} AND s.at >= ${dayStart.toISOString()} AND s.kind <> 'reversal'
      AND NOT EXISTS (SELECT 1 FROM scan r WHERE r.refers_to = s.id AND r.kind = 'reversal')`);
  return { activityId: activity.id, inside, admitted, admittedToday: today?.admitted ?? 0, refusedToday: today?.refused ?? 0, capacity: activity.capacity };
}
