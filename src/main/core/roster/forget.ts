import type { ForgetView } from '../../../shared/roster';
import type { Db } from '../db/sql';
import { sql } from '../db/sql';
import { newId } from '../ids';
import { rebuildSearchIndex } from '../search/repo';
import { readSetting, writeSetting } from '../station/repo';
import { readBackupDir, removeBackups } from '../sync/backup';
import { fillSortKeys } from './repo';

/** When this file's personal data was forgotten; set once, never cleared. */
export const FORGOTTEN_SETTING = 'event.forgottenAt';

/** The numbers forgotten, as the roster's columns (and the sync log's row bodies) name them, and as the audit log does. */
const NUMBERS = { columns: ['phone', 'email', 'document_type', 'document_number'], fields: ['phone', 'email', 'documentType', 'documentNumber'] } as const;
/** A person's name, forgotten when asked (the hub) and always on a station, whose whole copy of the roster goes. */
const NAMES = { columns: ['name_zh', 'name_en'], fields: ['nameZh', 'nameEn'] } as const;
/** The rest of a station's copy: who they work for, their title, the organisers' note, the registration system's id. */
const COPY = { columns: ['org_zh', 'org_en', 'title', 'attention', 'external_id'], fields: ['orgZh', 'orgEn', 'title', 'attention', 'externalId'] } as const;

export type ForgetResult = ForgetView;

export const forgottenAt = (db: Db): string | null => readSetting(db, FORGOTTEN_SETTING);

/** The kind of the hub's log entry that tells every station to delete its copy of the roster. */
export const FORGET_ENTRY = 'forget';

/** The columns forgotten (as the roster and the sync log name them) and the same as the audit log's fields. */
interface Scope {
  columns: readonly string[];
  fields: readonly string[];
}

const scopeOf = (...parts: ReadonlyArray<{ columns: readonly string[]; fields: readonly string[] }>): Scope => ({
  columns: parts.flatMap((p) => p.columns),
  fields: parts.flatMap((p) => p.fields),
});

/** What the hub forgets: the numbers, and the names when asked (a station forgets its whole copy: applyForget). */
const hubScope = (names: boolean): Scope => (names ? scopeOf(NUMBERS, NAMES) : scopeOf(NUMBERS));

/**
 * Removes `scope`'s columns from every attendee and from everything that copied them — the audit log's entries (its
 * append-only rule lifted for this one statement) and the sync log's row entries — and writes the search index and
 * sort keys again from what is left, so no term of a removed name stays findable. A name forgotten becomes the
 * attendee's id (a row needs one name). Runs inside the caller's transaction.
 */
function scrub(db: Db, scope: Scope, at: string): { auditEntries: number; logEntries: number } {
  // The log's entries so far: the update below logs its own (on a hub), which carry what is left and stay whole.
  const logged = db.get<{ n: number }>(sql`SELECT coalesce(max(rowid), 0) AS n FROM sync_log`)!.n;
  const names = scope.columns.includes('name_en');
  const nulls = scope.columns.filter((c) => c !== 'name_en').map((c) => `${c} = NULL`);
  if (names) nulls.push('name_en = id', 'name_sort = NULL');
  const any = scope.columns.map((c) => (c === 'name_en' ? 'name_en IS NOT id' : `${c} IS NOT NULL`)).join(' OR ');
  db.raw.prepare(`UPDATE attendee SET ${nulls.join(', ')}, updated_at = ? WHERE ${any}`).run(at);
  const jsonPaths = (fields: readonly string[], root: string) => fields.map((f) => `'${root}.${f}'`).join(', ');
  const hasAny = (fields: readonly string[], column: string, root: string) => fields.map((f) => `json_type(${column}, '${root}.${f}') IS NOT NULL`).join(' OR ');
  const guard = db.get<{ sql: string }>(sql`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_log_no_update'`);
  if (guard) db.raw.exec('DROP TRIGGER audit_log_no_update');
  const auditEntries = db.raw
    .prepare(
      `UPDATE audit_log SET before = CASE WHEN before IS NULL THEN NULL ELSE json_remove(before, ${jsonPaths(scope.fields, '$')}) END,
         after = CASE WHEN after IS NULL THEN NULL ELSE json_remove(after, ${jsonPaths(scope.fields, '$')}) END
       WHERE entity = 'attendee' AND ((before IS NOT NULL AND (${hasAny(scope.fields, 'before', '$')})) OR (after IS NOT NULL AND (${hasAny(scope.fields, 'after', '$')})))`,
    )
    .run().changes;
  if (guard) db.raw.exec(guard.sql);
  // Row entries of the sync log carry the columns each change set; the entries of the update above carry what is left.
  const logEntries = db.raw
    .prepare(
      `UPDATE sync_log SET body = json_remove(body, ${jsonPaths(scope.columns, '$.set')})
       WHERE rowid <= ? AND kind = 'row' AND json_extract(body, '$.t') = 'attendee'
         AND (${scope.columns.map((c) => `json_extract(body, '$.set.${c}') IS NOT NULL`).join(' OR ')})`,
    )
    .run(logged).changes;
  if (names) fillSortKeys(db);
  rebuildSearchIndex(db);
  return { auditEntries, logEntries };
}

/** This file's numbers, before they go. */
const countNumbers = (db: Db) =>
  db.get<{ attendees: number; phones: number; emails: number; documents: number }>(sql`
    SELECT count(*) AS attendees, count(phone) AS phones, count(email) AS emails, count(document_number) AS documents FROM attendee`)!;

/** Rewritten whole: no free page or old WAL frame keeps a removed value. Outside any transaction. */
export function rewriteForgotten(db: Db): void {
  db.raw.exec('VACUUM');
  db.raw.pragma('wal_checkpoint(TRUNCATE)');
}

/**
 * After the event (PIPL: kept no longer than its purpose needs): every attendee's phone number, e-mail address and
 * identity document are removed — and their names, when `names` — from the roster and from everything that copied
 * them, while the scan log, the registrations, categories and regions stay, so every count and report still works.
 * The removed values' pages are overwritten (`secure_delete`) and the file rewritten (VACUUM), so none is left in a
 * free page or the WAL. The hub's backups go too. On a hub, a `forget` entry in its log tells every paired station
 * to delete its copy of the roster (applyForget), and the Stations screen shows which have. A paired station does not
 * forget on its own: the hub tells it. Cannot be undone. `audit` writes the entry that says it was done, in the
 * same transaction.
 */
export function forgetPersonalData(db: Db, dbFile: string | null, at: Date, { names = false }: { names?: boolean }, audit: (result: Omit<ForgetResult, 'backupsRemoved'>) => void): ForgetResult {
  db.raw.pragma('secure_delete = ON');
  const forgottenAtIso = at.toISOString();
  const counted = db.tx(() => {
    const counts = countNumbers(db);
    const { auditEntries, logEntries } = scrub(db, hubScope(names), forgottenAtIso);
    writeSetting(db, FORGOTTEN_SETTING, forgottenAtIso);
    // Read here rather than through sync/log.ts, which applies the forget entry with this module.
    const sync = db.get<{ role: string; stationId: string }>(sql`SELECT role, station_id AS stationId FROM sync_state`);
    if (sync?.role === 'hub') {
      // After the row entries of the update above, in the hub's order: a station has the numbers gone before it is told.
      db.run(sql`INSERT INTO sync_log (id, origin, kind, at, body, hub_seq)
        VALUES (${`forget-${newId(16)}`}, ${sync.stationId}, ${FORGET_ENTRY}, ${forgottenAtIso}, ${JSON.stringify({ at: forgottenAtIso, names })}, (SELECT coalesce(max(hub_seq), 0) + 1 FROM sync_log))`);
    }
    const result = { forgottenAt: forgottenAtIso, names, ...counts, auditEntries, logEntries };
    audit(result);
    return result;
  });
  rewriteForgotten(db);
  const dir = dbFile === null ? null : readBackupDir(db);
  const backupsRemoved = dir === null || dbFile === null ? [] : removeBackups(dir, dbFile);
  return { ...counted, backupsRemoved };
}

/**
 * A station told by its hub that the event is over: it deletes its copy of the roster — numbers, names,
 * organisations, titles, notes, outside ids — keeping each attendee's id, category, region, status and registrations
 * and the scan log, which is what its counts need. Runs inside the apply's transaction; the file is rewritten
 * (rewriteForgotten) once that has committed.
 */
export function applyForget(db: Db, body: string, hub: boolean): void {
  const b = JSON.parse(body) as { at?: unknown; names?: unknown };
  if (typeof b.at !== 'string') throw new Error('the forget entry has no time');
  db.raw.pragma('secure_delete = ON');
  // A hub restored from a backup older than the forgetting hears of it again from its stations: it forgets what it did.
  scrub(db, hub ? hubScope(b.names === true) : scopeOf(NUMBERS, NAMES, COPY), b.at);
  writeSetting(db, FORGOTTEN_SETTING, b.at);
}
