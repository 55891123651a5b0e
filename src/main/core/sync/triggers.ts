import type { Db } from '../db/sql';

/**
 * The tables whose rows travel through the replicated log, and the triggers that log them (the entries' shape:
 * migration 018). Made on a file when it becomes a hub or a station (`installRowTriggers`), idempotently; a joined
 * station's file has them from the hub's snapshot. A file on its own has none, so an import's every row pays nothing.
 */
export interface SyncedTable {
  key: readonly string[];
  columns: readonly string[];
  /** Which rows travel: SQL over the row as `r` (new or old). */
  travels?: string;
}

const notDemo = (column: string) => `NOT EXISTS (SELECT 1 FROM attendee WHERE id = r.${column} AND is_demo = 1)`;

export const SYNCED_TABLES: Readonly<Record<string, SyncedTable>> = {
  event: { key: ['singleton'], columns: ['id', 'name_zh', 'name_en', 'short_name', 'city_zh', 'city_en', 'start_date', 'end_date', 'timezone', 'theme_zh', 'theme_en', 'updated_at'] },
  activity: { key: ['id'], columns: ['position', 'kind', 'title_zh', 'title_en', 'short_title_zh', 'short_title_en', 'room', 'day', 'start_time', 'end_time', 'capacity', 'policy'] },
  category: { key: ['id'], columns: ['position', 'name_zh', 'name_en', 'colour'] },
  category_access: { key: ['category_id', 'activity_id'], columns: ['access'] },
  badge_layout: { key: ['id'], columns: ['position', 'layout'] },
  operator: { key: ['id'], columns: ['name', 'role', 'pin_hash', 'active', 'created_at'] },
  attendee: {
    key: ['id'],
    columns: ['name_zh', 'name_en', 'org_zh', 'org_en', 'title', 'category_id', 'region', 'phone', 'email', 'document_type', 'document_number', 'external_id', 'attention', 'status', 'badge_collected_at', 'source', 'created_at'],
    travels: 'r.is_demo = 0',
  },
  registration: { key: ['attendee_id', 'activity_id'], columns: [], travels: notDemo('attendee_id') },
  ticket_code: { key: ['code'], columns: ['attendee_id'], travels: notDemo('attendee_id') },
  print_job: {
    key: ['id'],
    columns: ['attendee_id', 'badge_version', 'printer', 'state', 'spool_id', 'attempts', 'error', 'reprint_reason', 'supervisor_id', 'operator_id', 'confirmed_by', 'created_at', 'updated_at', 'printed_at'],
    travels: notDemo('attendee_id'),
  },
  // Desks' issuing keys and the badges they signed (migration 019).
  issuer_key: { key: ['issuer'], columns: ['station_id', 'public_key', 'certificate', 'created_at', 'revoked_at', 'revoked_through'] },
  badge_issue: { key: ['attendee_id', 'version', 'issuer'], columns: ['at'] },
  // The event's kiosk rules (migration 021).
  kiosk_rules: { key: ['singleton'], columns: ['rules'] },
};

const ACTIVE = 'EXISTS (SELECT 1 FROM sync_state WHERE applying = 0)';
const ORIGIN = '(SELECT station_id FROM sync_state)';
const SEQ = `CASE WHEN (SELECT role FROM sync_state) = 'hub' THEN (SELECT coalesce(max(hub_seq), 0) + 1 FROM sync_log) END`;
const SEEN = `(SELECT CASE role WHEN 'hub' THEN (SELECT coalesce(max(hub_seq), 0) FROM sync_log) ELSE applied_through END FROM sync_state)`;
const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

/** The logging triggers of one table whose rows travel: insert, delete, and update when it has columns that travel. */
function syncTriggers(table: string, spec: SyncedTable): string {
  const travels = (row: 'new' | 'old') => (spec.travels ? ` AND ${spec.travels.replaceAll('r.', `${row}.`)}` : '');
  const key = (row: 'new' | 'old') => `json_array(${spec.key.map((k) => `${row}.${k}`).join(', ')})`;
  const entry = (row: 'new' | 'old', op: string, set: string) => `INSERT INTO sync_log (id, origin, kind, at, body, hub_seq, entity)
  VALUES ('row-' || lower(hex(randomblob(10))), ${ORIGIN}, 'row', ${NOW},
    json_object('t', '${table}', 'op', '${op}', 'k', ${key(row)}, 'set', ${set}, 'seen', ${SEEN}),
    ${SEQ}, '${table}' || ${key(row)});`;
  const all = spec.columns.length === 0 ? 'json_object()' : `json_object(${spec.columns.map((c) => `'${c}', new.${c}`).join(', ')})`;
  const out = [
    `CREATE TRIGGER IF NOT EXISTS sync_row_${table}_insert AFTER INSERT ON ${table} WHEN ${ACTIVE}${travels('new')}
BEGIN
  ${entry('new', 'insert', all)}
END;`,
    `CREATE TRIGGER IF NOT EXISTS sync_row_${table}_delete AFTER DELETE ON ${table} WHEN ${ACTIVE}${travels('old')}
BEGIN
  ${entry('old', 'delete', 'NULL')}
END;`,
  ];
  if (spec.columns.length > 0) {
    const changed = spec.columns.map((c) => `new.${c} IS NOT old.${c}`).join(' OR ');
    const set = `(SELECT json_group_object(c, v) FROM (${spec.columns.map((c) => `SELECT '${c}' AS c, new.${c} AS v WHERE new.${c} IS NOT old.${c}`).join(' UNION ALL ')}))`;
    out.push(`CREATE TRIGGER IF NOT EXISTS sync_row_${table}_update AFTER UPDATE ON ${table} WHEN ${ACTIVE}${travels('new')} AND (${changed})
BEGIN
  ${entry('new', 'update', set)}
END;`);
  }
  return out.join('\n');
}

/** Makes the logging triggers of every table that travels on this file, if it has not got them. */
export function installRowTriggers(db: Db): void {
  const sql = Object.entries(SYNCED_TABLES)
    .map(([table, spec]) => syncTriggers(table, spec))
    .join('\n');
  db.raw.exec(sql);
}
