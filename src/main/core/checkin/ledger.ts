import type { Db } from '../db/sql';
import type { ScanContext } from './decide';
import type { ScanRow } from './repo';

/** What a scan row does to a door's view: the columns the ledger reads, with the row's place in the log. */
type LogRow = Pick<ScanRow, 'kind' | 'activity_id' | 'attendee_id' | 'outcome' | 'at' | 'station'> & { seq: number };

/** A person at one door: inside now or not, and their last entry's time and door. */
interface Presence {
  inside: boolean;
  at: string;
  station: string;
}

/**
 * One activity's door: everyone ever admitted, with whether they are inside now, and the two totals. An exit with
 * no entry on record (made at a door whose entry scan has not arrived yet) waits: the entry that arrives later but
 * happened before it counts the person as having come and gone, so the counts settle by themselves.
 */
class Door {
  inside = 0;
  admitted = 0;
  readonly people = new Map<string, Presence>();
  private readonly unmatchedExits = new Map<string, string>();

  apply(row: LogRow): void {
    // A refusal moves nothing; nor does a scan that names no attendee.
    if (row.attendee_id === null || row.outcome === 'refused') return;
    const person = this.people.get(row.attendee_id);
    if (row.kind === 'exit') {
      if (person?.inside === true) {
        person.inside = false;
        this.inside--;
      } else {
        const waiting = this.unmatchedExits.get(row.attendee_id);
        if (waiting === undefined || waiting < row.at) this.unmatchedExits.set(row.attendee_id, row.at);
      }
      return;
    }
    if (person === undefined) this.admitted++;
    const leftAfter = this.unmatchedExits.get(row.attendee_id);
    const alreadyLeft = leftAfter !== undefined && leftAfter >= row.at;
    if (alreadyLeft) this.unmatchedExits.delete(row.attendee_id);
    const inside = !alreadyLeft;
    if (inside && person?.inside !== true) this.inside++;
    if (!inside && person?.inside === true) this.inside--;
    this.people.set(row.attendee_id, { inside, at: row.at, station: row.station });
  }
}

const COLUMNS = 's.rowid AS seq, s.kind, s.activity_id, s.attendee_id, s.outcome, s.at, s.station';

/**
 * Presence and the door totals, kept in memory as a projection of the scan log, the only truth: a scan commit writes
 * the log row and nothing else, so its commit is as small as it can be. The ledger catches up from the log
 * (`rowid` past the last row it applied) inside each scan's transaction, so rows written by another connection (the
 * CLI, a second process) count too, and a transaction rolled back never reached it. A deletion from the log (only a
 * demo roster's scans) bumps `scan_log_state.epoch` by trigger, and the ledger is rebuilt; so does an undo, for its
 * activity, replaying the log in time order as it stands.
 */
export class ScanLedger {
  private readonly doors = new Map<string, Door>();
  private seq = 0;
  private epoch: number | null = null;

  constructor(private readonly db: Db) {}

  /** Applies what the log gained since the last call; in a write transaction, everything committed before it. */
  catchUp(): void {
    const { epoch } = this.db.statement('SELECT epoch FROM scan_log_state').get() as { epoch: number };
    if (epoch !== this.epoch) {
      this.rebuild(null);
      this.epoch = epoch;
      return;
    }
    const rows = this.db.statement(`SELECT ${COLUMNS} FROM scan s WHERE s.rowid > ? ORDER BY s.rowid`).all(this.seq) as LogRow[];
    for (const row of rows) {
      this.seq = row.seq;
      if (row.activity_id === null) continue;
      if (row.kind === 'reversal') this.rebuild(row.activity_id);
      else this.door(row.activity_id).apply(row);
    }
  }

  /** Presence at a door, with the last entry's time (as `timeOf` gives it, the event's local clock) and door. */
  presence(activityId: string, attendeeId: string, timeOf: (iso: string) => string = (iso) => iso.slice(11, 16)): ScanContext['presence'] {
    const person = this.doors.get(activityId)?.people.get(attendeeId);
    return { inside: person?.inside === true, admittedBefore: person !== undefined, entered: person ? { time: timeOf(person.at), station: person.station } : null };
  }

  counts(activityId: string): ScanContext['counts'] {
    const door = this.doors.get(activityId);
    return { inside: door?.inside ?? 0, admitted: door?.admitted ?? 0 };
  }

  private door(activityId: string): Door {
    let door = this.doors.get(activityId);
    if (door === undefined) {
      door = new Door();
      this.doors.set(activityId, door);
    }
    return door;
  }

  /** Replays the log for one activity (or all) in time order; reversed scans, and the reversals, count for nothing. */
  private rebuild(activityId: string | null): void {
    if (activityId === null) {
      this.doors.clear();
      // Read first, and the replay stops there: a row committed meanwhile is left for the next catch-up.
      this.seq = (this.db.statement('SELECT max(rowid) AS seq FROM scan').get() as { seq: number | null }).seq ?? 0;
    } else this.doors.delete(activityId);
    // One activity reads along scan_activity; the whole log, in one pass.
    const which = activityId === null ? 's.activity_id IS NOT NULL' : 's.activity_id = ?';
    const rows = this.db
      .statement(
        `SELECT ${COLUMNS} FROM scan s WHERE ${which} AND s.rowid <= ? AND s.kind <> 'reversal'
           AND NOT EXISTS (SELECT 1 FROM scan r WHERE r.refers_to = s.id AND r.kind = 'reversal')
         ORDER BY s.at, s.rowid`,
      )
      .all(...(activityId === null ? [this.seq] : [activityId, this.seq])) as LogRow[];
    for (const row of rows) this.door(row.activity_id!).apply(row);
  }
}
