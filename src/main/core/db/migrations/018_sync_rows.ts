import type { Migration } from './index';

/**
 * Every change another station needs, not only scans (issue #14, point 4): a row written, changed or removed in one of
 * these tables on a file that takes part in sync is logged as a `row` entry by trigger, in the writer's own
 * transaction, whoever wrote it (a screen, `lanyard`, an import). An entry carries the table, the row's key, the
 * columns it set (an update only the ones that changed), and `seen`, the last hub place its station had applied when
 * it wrote: the hub tells two edits made apart (a conflict, flagged) from one made after the other.
 *
 * Derived columns are not logged, each station derives them: sort keys and search terms, an attendee's arrival (from
 * arrival scans), the badges printed (from print jobs), the badge version (its own `badge` entry, 017). Demo rows
 * never travel. `sync_state.applying` is set while a station writes what came from the hub, so applying an entry
 * does not log it again. `sync_log.entity` names the row an entry changes, for the last-writer-wins check.
 *
 * `print_job.station` is the station a job came from (NULL: this one): a station sends and asks its own spooler
 * about its own jobs only.
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
};

const ACTIVE = 'EXISTS (SELECT 1 FROM sync_state WHERE applying = 0)';
const ORIGIN = '(SELECT station_id FROM sync_state)';
const SEQ = `CASE WHEN (SELECT role FROM sync_state) = 'hub' THEN (SELECT coalesce(max(hub_seq), 0) + 1 FROM sync_log) END`;
const SEEN = `(SELECT CASE role WHEN 'hub' THEN (SELECT coalesce(max(hub_seq), 0) FROM sync_log) ELSE applied_through END FROM sync_state)`;
const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

/** The three logging triggers of a table whose rows travel (a later migration adds its own tables with it). */
export function syncTriggers(table: string, spec: SyncedTable): string {
  const travels = (row: 'new' | 'old') => (spec.travels ? ` AND ${spec.travels.replaceAll('r.', `${row}.`)}` : '');
  const key = (row: 'new' | 'old') => `json_array(${spec.key.map((k) => `${row}.${k}`).join(', ')})`;
  const entry = (row: 'new' | 'old', op: string, set: string) => `INSERT INTO sync_log (id, origin, kind, at, body, hub_seq, entity)
  VALUES ('row-' || lower(hex(randomblob(10))), ${ORIGIN}, 'row', ${NOW},
    json_object('t', '${table}', 'op', '${op}', 'k', ${key(row)}, 'set', ${set}, 'seen', ${SEEN}),
    ${SEQ}, '${table}' || ${key(row)});`;
  const all = spec.columns.length === 0 ? 'json_object()' : `json_object(${spec.columns.map((c) => `'${c}', new.${c}`).join(', ')})`;
  const out = [
    `CREATE TRIGGER sync_row_${table}_insert AFTER INSERT ON ${table} WHEN ${ACTIVE}${travels('new')}
BEGIN
  ${entry('new', 'insert', all)}
END;`,
    `CREATE TRIGGER sync_row_${table}_delete AFTER DELETE ON ${table} WHEN ${ACTIVE}${travels('old')}
BEGIN
  ${entry('old', 'delete', 'NULL')}
END;`,
  ];
  if (spec.columns.length > 0) {
    const changed = spec.columns.map((c) => `new.${c} IS NOT old.${c}`).join(' OR ');
    const set = `(SELECT json_group_object(c, v) FROM (${spec.columns.map((c) => `SELECT '${c}' AS c, new.${c} AS v WHERE new.${c} IS NOT old.${c}`).join(' UNION ALL ')}))`;
    out.push(`CREATE TRIGGER sync_row_${table}_update AFTER UPDATE ON ${table} WHEN ${ACTIVE}${travels('new')} AND (${changed})
BEGIN
  ${entry('new', 'update', set)}
END;`);
  }
  return out.join('\n');
}

export const migration018: Migration = {
  version: 18,
  name: 'roster, operators, rules and print log in the replicated log',
  sql: `
ALTER TABLE sync_state ADD COLUMN applying INTEGER NOT NULL DEFAULT 0 CHECK (applying IN (0, 1));
ALTER TABLE sync_log ADD COLUMN entity TEXT;
CREATE INDEX sync_log_entity ON sync_log(entity) WHERE entity IS NOT NULL;
ALTER TABLE print_job ADD COLUMN station TEXT;

-- Flags for the event office: a double entry across doors (015), and now two edits of one field made apart.
CREATE TABLE sync_flag_new (
  entry_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('double_entry', 'edit_conflict')),
  other_id TEXT NOT NULL,
  activity_id TEXT,
  attendee_id TEXT,
  entity TEXT,
  field TEXT NOT NULL DEFAULT '',
  flagged_at TEXT NOT NULL,
  PRIMARY KEY (entry_id, other_id, field)
) STRICT;
INSERT INTO sync_flag_new (entry_id, kind, other_id, activity_id, attendee_id, flagged_at)
  SELECT entry_id, kind, other_id, activity_id, attendee_id, flagged_at FROM sync_flag;
DROP TABLE sync_flag;
ALTER TABLE sync_flag_new RENAME TO sync_flag;
CREATE UNIQUE INDEX sync_flag_double ON sync_flag(entry_id) WHERE kind = 'double_entry';

DROP TRIGGER sync_log_scan;
CREATE TRIGGER sync_log_scan AFTER INSERT ON scan WHEN ${ACTIVE}
BEGIN
  INSERT OR IGNORE INTO sync_log (id, origin, kind, at, body, hub_seq)
  VALUES (
    new.id,
    ${ORIGIN},
    'scan',
    new.at,
    json_object('id', new.id, 'at', new.at, 'station', new.station, 'kind', new.kind, 'activityId', new.activity_id,
      'attendeeId', new.attendee_id, 'code', new.code, 'outcome', new.outcome, 'reason', new.reason, 'note', new.note,
      'operatorId', new.operator_id, 'refersTo', new.refers_to, 'why', new.why, 'clockOffsetMs', new.clock_offset_ms),
    ${SEQ}
  );
END;

${Object.entries(SYNCED_TABLES)
  .map(([table, spec]) => syncTriggers(table, spec))
  .join('\n')}
`,
};
