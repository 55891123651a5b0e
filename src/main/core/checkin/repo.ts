import type { ActivityCounts, Direction, ScanDecision } from '../../../shared/checkin';
import type { CredentialCheck } from '../../../shared/credential';
import type { AccessLevel, Activity } from '../../../shared/event';
import type { Db } from '../db/sql';
import { sql } from '../db/sql';
import type { ScanContext } from './decide';

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
}

export const getScan = (db: Db, id: string): ScanRow | undefined => db.statement('SELECT * FROM scan WHERE id = ?').get(id) as ScanRow | undefined;

/**
 * The rows a door decides from, all by primary key or a unique index: never a count over the log. The attendee's name
 * and category come with them, for the answer.
 */
export function loadScanContext(
  db: Db,
  { activity, check, direction, local }: { activity: Activity; check: CredentialCheck; direction: Direction; local: ScanContext['local'] },
): { context: ScanContext; who: { nameZh: string | null; nameEn: string | null; categoryId: string } | null } {
  const counts = (db.statement('SELECT inside, admitted FROM activity_count WHERE activity_id = ?').get(activity.id) as { inside: number; admitted: number } | undefined) ?? { inside: 0, admitted: 0 };
  const id = check.attendeeId;
  const row =
    id === undefined
      ? undefined
      : (db
          .statement(
            `SELECT a.status, a.attention, a.arrived_at, a.name_zh, a.name_en, a.category_id, ca.access,
               EXISTS (SELECT 1 FROM registration r WHERE r.attendee_id = a.id AND r.activity_id = ?) AS registered,
               p.inside, p.entries
             FROM attendee a
             LEFT JOIN category_access ca ON ca.category_id = a.category_id AND ca.activity_id = ?
             LEFT JOIN presence p ON p.activity_id = ? AND p.attendee_id = a.id
             WHERE a.id = ?`,
          )
          .get(activity.id, activity.id, activity.id, id) as
          | {
              status: 'active' | 'cancelled';
              attention: string | null;
              arrived_at: string | null;
              name_zh: string | null;
              name_en: string | null;
              category_id: string;
              access: AccessLevel | null;
              registered: number;
              inside: number | null;
              entries: number | null;
            }
          | undefined);
  const found = row === undefined || id === undefined ? null : { id, row };
  return {
    context: {
      check,
      activity,
      direction,
      local,
      counts,
      attendee:
        found === null
          ? null
          : { id: found.id, status: found.row.status, attention: found.row.attention, arrivedAtDesk: found.row.arrived_at !== null, registered: found.row.registered === 1, access: found.row.access ?? 'denied' },
      presence: { inside: row?.inside === 1, admittedBefore: (row?.entries ?? 0) > 0 },
    },
    who: found === null ? null : { nameZh: found.row.name_zh, nameEn: found.row.name_en, categoryId: found.row.category_id },
  };
}

/** Appends a scan and moves presence and counts with it, in the caller's transaction. */
export function insertScan(db: Db, row: ScanRow): void {
  db.statement(
    `INSERT INTO scan (id, at, station, kind, activity_id, attendee_id, code, outcome, reason, note, operator_id, refers_to, why)
     VALUES (@id, @at, @station, @kind, @activity_id, @attendee_id, @code, @outcome, @reason, @note, @operator_id, @refers_to, @why)`,
  ).run(row);
  if (row.kind === 'reversal') recountActivities(db, row.activity_id);
  else applyScan(db, row);
}

/** What a scan does to presence and counts: an entry admitted puts the attendee inside, an exit takes them out. */
function applyScan(db: Db, row: Pick<ScanRow, 'kind' | 'activity_id' | 'attendee_id' | 'outcome'>): void {
  // A refusal moves nothing: today's refusals are counted from the log (activity_count.refused is no longer kept).
  if (row.activity_id === null || row.attendee_id === null || row.outcome === 'refused') return;
  db.statement('INSERT INTO activity_count (activity_id) VALUES (?) ON CONFLICT DO NOTHING').run(row.activity_id);
  if (row.kind === 'exit') {
    db.statement('UPDATE presence SET inside = 0 WHERE activity_id = ? AND attendee_id = ?').run(row.activity_id, row.attendee_id);
    db.statement('UPDATE activity_count SET inside = inside - 1 WHERE activity_id = ?').run(row.activity_id);
    return;
  }
  const before = db.statement('SELECT inside FROM presence WHERE activity_id = ? AND attendee_id = ?').get(row.activity_id, row.attendee_id) as { inside: number } | undefined;
  db.statement(
    `INSERT INTO presence (activity_id, attendee_id, inside, entries) VALUES (?, ?, 1, 1)
     ON CONFLICT (activity_id, attendee_id) DO UPDATE SET inside = 1, entries = entries + 1`,
  ).run(row.activity_id, row.attendee_id);
  db.statement('UPDATE activity_count SET inside = inside + ?, admitted = admitted + ? WHERE activity_id = ?').run(before?.inside === 1 ? 0 : 1, before === undefined ? 1 : 0, row.activity_id);
}

/**
 * Rebuilds presence and counts from the scan log, the source of truth, for one activity (after an undo) or all
 * (after demo attendees and their scans go). Reversed scans count for nothing.
 */
export function recountActivities(db: Db, activityId: string | null = null): void {
  db.run(sql`DELETE FROM presence WHERE ${activityId} IS NULL OR activity_id = ${activityId}`);
  db.run(sql`DELETE FROM activity_count WHERE ${activityId} IS NULL OR activity_id = ${activityId}`);
  const live = db.all<ScanRow>(sql`SELECT * FROM scan s WHERE s.kind <> 'reversal' AND s.activity_id IS NOT NULL AND (${activityId} IS NULL OR s.activity_id = ${activityId})
    AND NOT EXISTS (SELECT 1 FROM scan r WHERE r.kind = 'reversal' AND r.refers_to = s.id) ORDER BY s.at, s.rowid`);
  for (const row of live) applyScan(db, row);
}

/**
 * The door's counters: inside now and everyone ever admitted from the kept counts; admitted and refused today (since
 * `dayStart`, the event's local midnight) from the log, read along (activity_id, at), reversed scans not counted.
 */
export function activityCounts(db: Db, activity: Activity, dayStart: Date): ActivityCounts {
  const row = db.get<{ inside: number; admitted: number }>(sql`SELECT inside, admitted FROM activity_count WHERE activity_id = ${activity.id}`);
  const today = db.get<{ admitted: number; refused: number }>(sql`
    SELECT count(DISTINCT CASE WHEN s.outcome <> 'refused' AND s.kind IN ('entry', 'override') THEN s.attendee_id END) AS admitted,
           count(CASE WHEN s.outcome = 'refused' THEN 1 END) AS refused
    FROM scan s
    WHERE s.activity_id = ${activity.id} AND s.at >= ${dayStart.toISOString()} AND s.kind <> 'reversal'
      AND NOT EXISTS (SELECT 1 FROM scan r WHERE r.refers_to = s.id AND r.kind = 'reversal')`);
  return { activityId: activity.id, inside: row?.inside ?? 0, admitted: row?.admitted ?? 0, admittedToday: today?.admitted ?? 0, refusedToday: today?.refused ?? 0, capacity: activity.capacity };
}
