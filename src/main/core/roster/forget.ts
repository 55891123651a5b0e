import type { ForgetView } from '../../../shared/roster';
import type { Db } from '../db/sql';
import { sql } from '../db/sql';
import { readSetting, writeSetting } from '../station/repo';
import { readBackupDir, removeBackups } from '../sync/backup';

/** When this file's personal data was forgotten; set once, never cleared. */
export const FORGOTTEN_SETTING = 'event.forgottenAt';

/** The attendee columns forgotten, as the sync log's row bodies name them, and as the audit log's entries do. */
const COLUMNS = ['phone', 'email', 'document_type', 'document_number'] as const;
const AUDIT_FIELDS = ['phone', 'email', 'documentType', 'documentNumber'] as const;

export type ForgetResult = ForgetView;

export const forgottenAt = (db: Db): string | null => readSetting(db, FORGOTTEN_SETTING);

/**
 * After the event (PIPL: kept no longer than its purpose needs): every attendee's phone number, e-mail address and
 * identity document are removed, from the roster and from everything that copied them — the audit log's entries
 * (its append-only rule lifted for this one statement) and the sync log's row entries — while the scan log, the
 * registrations, categories and regions stay, so every count and report still works. The removed values' pages are
 * overwritten (`secure_delete`) and the file rewritten (VACUUM), so none is left in a free page or the WAL. The hub's
 * backups go too. Cannot be undone. `audit` writes the entry that says it was done, in the same transaction.
 */
export function forgetPersonalData(db: Db, dbFile: string | null, at: Date, audit: (result: Omit<ForgetResult, 'backupsRemoved'>) => void): ForgetResult {
  db.raw.pragma('secure_delete = ON');
  const forgottenAtIso = at.toISOString();
  const counted = db.tx(() => {
    const counts = db.get<{ attendees: number; phones: number; emails: number; documents: number }>(sql`
      SELECT count(*) AS attendees, count(phone) AS phones, count(email) AS emails, count(document_number) AS documents FROM attendee`)!;
    db.run(sql`UPDATE attendee SET phone = NULL, email = NULL, document_type = NULL, document_number = NULL, updated_at = ${forgottenAtIso}
      WHERE phone IS NOT NULL OR email IS NOT NULL OR document_type IS NOT NULL OR document_number IS NOT NULL`);
    const jsonPaths = (fields: readonly string[], root: string) => fields.map((f) => `'${root}.${f}'`).join(', ');
    const hasAny = (fields: readonly string[], column: string, root: string) => fields.map((f) => `json_type(${column}, '${root}.${f}') IS NOT NULL`).join(' OR ');
    // The audit log is append-only by trigger; this one statement is the exception, made and audited here.
    const guard = db.get<{ sql: string }>(sql`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_log_no_update'`);
    if (guard) db.raw.exec('DROP TRIGGER audit_log_no_update');
    const auditEntries = db.raw
      .prepare(
        `UPDATE audit_log SET before = CASE WHEN before IS NULL THEN NULL ELSE json_remove(before, ${jsonPaths(AUDIT_FIELDS, '$')}) END,
           after = CASE WHEN after IS NULL THEN NULL ELSE json_remove(after, ${jsonPaths(AUDIT_FIELDS, '$')}) END
         WHERE entity = 'attendee' AND ((before IS NOT NULL AND (${hasAny(AUDIT_FIELDS, 'before', '$')})) OR (after IS NOT NULL AND (${hasAny(AUDIT_FIELDS, 'after', '$')})))`,
      )
      .run().changes;
    if (guard) db.raw.exec(guard.sql);
    // Row entries of the sync log carry the columns each change set; the entries of the update above carry NULLs.
    const logEntries = db.raw
      .prepare(
        `UPDATE sync_log SET body = json_remove(body, ${jsonPaths(COLUMNS, '$.set')})
         WHERE kind = 'row' AND json_extract(body, '$.t') = 'attendee' AND (${COLUMNS.map((c) => `json_extract(body, '$.set.${c}') IS NOT NULL`).join(' OR ')})`,
      )
      .run().changes;
    writeSetting(db, FORGOTTEN_SETTING, forgottenAtIso);
    const result = { forgottenAt: forgottenAtIso, ...counts, auditEntries, logEntries };
    audit(result);
    return result;
  });
  // Rewritten whole: no free page or old WAL frame keeps a removed value.
  db.raw.exec('VACUUM');
  db.raw.pragma('wal_checkpoint(TRUNCATE)');
  const dir = dbFile === null ? null : readBackupDir(db);
  const backupsRemoved = dir === null || dbFile === null ? [] : removeBackups(dir, dbFile);
  return { ...counted, backupsRemoved };
}
