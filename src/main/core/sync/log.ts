import type { Db } from '../db/sql';
import { sql } from '../db/sql';
import { applyForget, FORGET_ENTRY } from '../roster/forget';
import { projectRow } from './rows';

/** How a station takes part in sync: the event office's hub, or a station paired with it. */
export type SyncRole = 'hub' | 'desk' | 'door';

/** One entry of the replicated log as it travels: `body` is the entry's JSON text, `seq` its place in the hub's order. */
export interface LogEntry {
  id: string;
  origin: string;
  kind: string;
  at: string;
  body: string;
  seq: number | null;
}

export interface SyncState {
  role: SyncRole;
  stationId: string;
  stationName: string;
  activityId: string | null;
  epoch: string;
  /** The hub's: the last log place its epoch started from (a restored backup's), 0 for a new hub. */
  epochBase: number;
  hubUrl: string | null;
  hubFingerprint: string | null;
  hubCert: string | null;
  token: string | null;
  appliedThrough: number;
  lastContact: string | null;
  offlineSince: string | null;
  clockOffsetMs: number | null;
  clockRttMs: number | null;
  revoked: boolean;
}

interface StateRow {
  role: SyncRole;
  station_id: string;
  station_name: string;
  activity_id: string | null;
  epoch: string;
  epoch_base: number;
  hub_url: string | null;
  hub_fingerprint: string | null;
  hub_cert: string | null;
  token: string | null;
  applied_through: number;
  last_contact: string | null;
  offline_since: string | null;
  clock_offset_ms: number | null;
  clock_rtt_ms: number | null;
  revoked: number;
}

/** This file's part in sync, or null for a station on its own (which logs nothing). */
export function readSyncState(db: Db): SyncState | null {
  const r = db.get<StateRow>(sql`SELECT * FROM sync_state`);
  if (!r) return null;
  return {
    role: r.role,
    stationId: r.station_id,
    stationName: r.station_name,
    activityId: r.activity_id,
    epoch: r.epoch,
    epochBase: r.epoch_base,
    hubUrl: r.hub_url,
    hubFingerprint: r.hub_fingerprint,
    hubCert: r.hub_cert,
    token: r.token,
    appliedThrough: r.applied_through,
    lastContact: r.last_contact,
    offlineSince: r.offline_since,
    clockOffsetMs: r.clock_offset_ms,
    clockRttMs: r.clock_rtt_ms,
    revoked: r.revoked === 1,
  };
}

const ENTRY_COLUMNS = 'id, origin, kind, at, body, hub_seq AS seq';

/** This station's entries the hub has not yet placed, oldest first: the queue is the log itself. */
export const unsentEntries = (db: Db, limit: number): LogEntry[] =>
  db.statement(`SELECT ${ENTRY_COLUMNS} FROM sync_log WHERE hub_seq IS NULL ORDER BY rowid LIMIT ?`).all(limit) as LogEntry[];

export const unsentCount = (db: Db): number => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM sync_log WHERE hub_seq IS NULL`)?.n ?? 0;

/** The hub's entries after `since`, in its order. */
export function entriesAfter(db: Db, since: number, limit: number): LogEntry[] {
  return db.statement(`SELECT ${ENTRY_COLUMNS} FROM sync_log WHERE hub_seq > ? ORDER BY hub_seq LIMIT ?`).all(since, limit) as LogEntry[];
}

export const lastSeq = (db: Db): number => db.get<{ n: number | null }>(sql`SELECT max(hub_seq) AS n FROM sync_log`)?.n ?? 0;

/** Every entry in the hub's order, then the ones not yet placed (a test's and a status's view of the whole log). */
export function wholeLog(db: Db): LogEntry[] {
  return db.statement(`SELECT ${ENTRY_COLUMNS} FROM sync_log ORDER BY hub_seq IS NULL, hub_seq, rowid`).all() as LogEntry[];
}

interface ScanBody {
  id: string;
  at: string;
  station: string;
  kind: string;
  activityId: string | null;
  attendeeId: string | null;
  code: string | null;
  outcome: string;
  reason: string;
  note: string | null;
  operatorId: string | null;
  refersTo: string | null;
  why: string | null;
  clockOffsetMs?: number | null;
}

/**
 * Writes an entry's projection (the scan row a scan entry stands for). An operator this file does not know (made
 * on another station) is left out of the row; the log keeps the whole entry.
 */
function project(db: Db, e: LogEntry, seq: number, hub: boolean, at: string): void {
  if (e.kind === 'row') return projectRow(db, e, seq, hub, at);
  if (e.kind === 'badge') {
    const b = JSON.parse(e.body) as { attendeeId: string; version: number };
    if (typeof b.attendeeId !== 'string' || !Number.isInteger(b.version)) throw new Error(`the badge entry ${e.id} is malformed`);
    // Versions only rise: a raise that arrives after a later one changes nothing.
    const changed = db.run(sql`UPDATE attendee SET badge_version = max(badge_version, ${b.version}) WHERE id = ${b.attendeeId}`).changes;
    if (changed === 0) throw new Error(`the badge entry ${e.id} names an attendee this file has not received`);
    return;
  }
  if (e.kind === FORGET_ENTRY) return applyForget(db, e.body, hub);
  if (e.kind !== 'scan') throw new Error(`an entry of kind "${e.kind}" is not known to this version`);
  const s = JSON.parse(e.body) as ScanBody;
  if (s.id !== e.id) throw new Error(`the scan entry ${e.id} carries another scan's id (${s.id})`);
  const operator = s.operatorId !== null && db.get(sql`SELECT 1 AS one FROM operator WHERE id = ${s.operatorId}`) ? s.operatorId : null;
  db.run(sql`INSERT INTO scan (id, at, station, kind, activity_id, attendee_id, code, outcome, reason, note, operator_id, refers_to, why, clock_offset_ms)
    VALUES (${s.id}, ${s.at}, ${s.station}, ${s.kind}, ${s.activityId}, ${s.attendeeId}, ${s.code}, ${s.outcome}, ${s.reason}, ${s.note}, ${operator}, ${s.refersTo}, ${s.why}, ${s.clockOffsetMs ?? null})`);
  // An arrival made at another desk is this attendee's arrival here too (the earliest one counts).
  if (s.kind === 'arrival' && s.outcome !== 'refused' && s.attendeeId !== null) {
    db.run(sql`UPDATE attendee SET arrived_at = ${s.at} WHERE id = ${s.attendeeId} AND (arrived_at IS NULL OR arrived_at > ${s.at})`);
  }
}

/** Logs an entry that came from elsewhere and writes its projection; a projection that fails is quarantined, never dropped. */
function logAndProject(db: Db, e: LogEntry, seq: number, hub: boolean, at: string): void {
  // A row entry names its row the way the trigger that made it did (the table and the key's JSON as SQLite writes it).
  db.run(sql`INSERT INTO sync_log (id, origin, kind, at, body, hub_seq, entity) VALUES (${e.id}, ${e.origin}, ${e.kind}, ${e.at}, ${e.body}, ${seq},
    CASE WHEN ${e.kind} = 'row' AND json_valid(${e.body}) THEN json_extract(${e.body}, '$.t') || json_extract(${e.body}, '$.k') END)`);
  db.raw.exec('SAVEPOINT project');
  try {
    project(db, e, seq, hub, at);
    db.raw.exec('RELEASE project');
  } catch (err) {
    db.raw.exec('ROLLBACK TO project');
    db.raw.exec('RELEASE project');
    db.run(sql`UPDATE sync_log SET problem = ${(err as Error).message.slice(0, 500)} WHERE id = ${e.id}`);
  }
}

/**
 * The hub's check of a scan from elsewhere: an admitted entry for someone the hub already has admitted at the same
 * activity (and not out again, where exits are counted), where the activity allows one entry at a time, is a double
 * entry made while two doors were apart. Overrides are a supervisor's choice and never flagged.
 */
function flagDoubleEntry(db: Db, e: LogEntry, at: string): void {
  if (e.kind !== 'scan') return;
  const s = JSON.parse(e.body) as ScanBody;
  if (s.kind !== 'entry' || s.outcome === 'refused' || s.attendeeId === null || s.activityId === null) return;
  const activity = db.get<{ policy: string }>(sql`SELECT policy FROM activity WHERE id = ${s.activityId}`);
  if (!activity) return;
  const policy = JSON.parse(activity.policy) as { reEntry?: string; exitScans?: boolean };
  const oneAtATime = policy.exitScans === true || policy.reEntry === 'refuse';
  if (!oneAtATime) return;
  // The person's admitted scans here in time order, whichever arrived first: each entry after an entry (no exit
  // between, where exits count) is a second one. Scans arrive in any order after a partition, so the whole short
  // history is walked again.
  const history = db.all<{ id: string; kind: string }>(sql`SELECT s.id, s.kind FROM scan s
    WHERE s.activity_id = ${s.activityId} AND s.attendee_id = ${s.attendeeId} AND s.outcome <> 'refused' AND s.kind IN ('entry', 'override', 'exit')
      AND NOT EXISTS (SELECT 1 FROM scan r WHERE r.refers_to = s.id AND r.kind = 'reversal')
    ORDER BY s.at, s.id`);
  let last: { id: string; kind: string } | null = null;
  for (const scan of history) {
    const second = scan.kind === 'entry' && last !== null && (last.kind !== 'exit' || policy.exitScans !== true);
    if (second) db.run(sql`INSERT OR IGNORE INTO sync_flag (entry_id, kind, other_id, activity_id, attendee_id, flagged_at) VALUES (${scan.id}, 'double_entry', ${last!.id}, ${s.activityId}, ${s.attendeeId}, ${at})`);
    last = scan;
  }
}

/** The hub's flags, newest first. */
export const syncFlags = (
  db: Db,
): Array<{ entryId: string; kind: 'double_entry' | 'edit_conflict'; otherId: string; activityId: string | null; attendeeId: string | null; entity: string | null; field: string | null; flaggedAt: string }> =>
  db.all(sql`SELECT entry_id AS entryId, kind, other_id AS otherId, activity_id AS activityId, attendee_id AS attendeeId, entity, nullif(field, '') AS field, flagged_at AS flaggedAt
    FROM sync_flag ORDER BY flagged_at DESC, entry_id, field`);

/** What came from elsewhere is written with the logging triggers quiet (migration 018): an applied entry is not logged again. */
function applying<T>(db: Db, work: () => T): T {
  db.run(sql`UPDATE sync_state SET applying = 1`);
  const result = work();
  db.run(sql`UPDATE sync_state SET applying = 0`);
  return result;
}

export interface Ack {
  id: string;
  seq: number;
  duplicate: boolean;
}

/**
 * The hub's sequencer: each pushed entry gets the next place in the one order, once. An id already in the log is a
 * duplicate and answered with the place it has (JetStream's message-id de-duplication, kept for the whole event, not
 * a window). In one transaction per push, so a place is never given to an entry that was not stored.
 */
export function sequenceEntries(db: Db, entries: readonly LogEntry[], at: Date = new Date()): Ack[] {
  return db.tx(() => applying(db, () => {
    let next = lastSeq(db);
    return entries.map((e) => {
      const known = db.get<{ seq: number | null }>(sql`SELECT hub_seq AS seq FROM sync_log WHERE id = ${e.id}`);
      if (known) {
        if (known.seq !== null) return { id: e.id, seq: known.seq, duplicate: true };
        // The hub's own entry logged before it was a hub: placed now.
        next += 1;
        db.run(sql`UPDATE sync_log SET hub_seq = ${next} WHERE id = ${e.id}`);
        return { id: e.id, seq: next, duplicate: true };
      }
      next += 1;
      logAndProject(db, e, next, true, at.toISOString());
      try {
        flagDoubleEntry(db, e, at.toISOString());
      } catch {
        // A body the hub cannot read was quarantined by its projection already.
      }
      return { id: e.id, seq: next, duplicate: false };
    });
  }));
}

/** A station's own entries the hub has placed: their places recorded. */
export function recordAcks(db: Db, acks: readonly Ack[]): void {
  db.tx(() => {
    for (const a of acks) db.run(sql`UPDATE sync_log SET hub_seq = ${a.seq} WHERE id = ${a.id} AND hub_seq IS NULL`);
  });
}

/**
 * A station applies the hub's entries in the hub's order, idempotently: an id already here (its own entry, or one
 * applied before) only learns its place; a new one is logged and projected. The cursor moves in the same
 * transaction, so a crash between them cannot skip or repeat an entry.
 */
export function applyFromHub(db: Db, entries: readonly LogEntry[], at: Date = new Date()): number {
  if (entries.length === 0) return 0;
  return db.tx(() => applying(db, () => {
    let applied = 0;
    let through = readSyncState(db)?.appliedThrough ?? 0;
    for (const e of entries) {
      if (e.seq === null || e.seq <= through) continue;
      const known = db.get<{ seq: number | null }>(sql`SELECT hub_seq AS seq FROM sync_log WHERE id = ${e.id}`);
      if (known) {
        if (known.seq === null) db.run(sql`UPDATE sync_log SET hub_seq = ${e.seq} WHERE id = ${e.id}`);
      } else {
        logAndProject(db, e, e.seq, false, at.toISOString());
        applied += 1;
      }
      through = e.seq;
    }
    db.run(sql`UPDATE sync_state SET applied_through = ${through}`);
    return applied;
  }));
}

/** Entries whose projection failed here, for the admin. */
export const quarantined = (db: Db): Array<LogEntry & { problem: string }> =>
  db.statement(`SELECT ${ENTRY_COLUMNS}, problem FROM sync_log WHERE problem IS NOT NULL ORDER BY hub_seq`).all() as Array<LogEntry & { problem: string }>;

/**
 * A station meets a hub in another epoch (restored from a backup): the places up to the epoch's base are the same
 * entries here, the ones after it the hub may lack, so they are unplaced again, whoever made them, and pushed; the
 * cursor goes back to the base. The hub takes each id once, so what it already has again costs nothing.
 */
export function adoptEpoch(db: Db, epoch: string, base: number): number {
  return db.tx(() => {
    // The push and the pull side may both meet the new epoch: the second finds it adopted.
    if (readSyncState(db)?.epoch === epoch) return 0;
    const unplaced = db.run(sql`UPDATE sync_log SET hub_seq = NULL WHERE hub_seq > ${base}`).changes;
    db.run(sql`UPDATE sync_state SET epoch = ${epoch}, applied_through = min(applied_through, ${base})`);
    return unplaced;
  });
}
