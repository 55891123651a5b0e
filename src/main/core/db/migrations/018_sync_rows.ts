import type { Migration } from './index';

/**
 * Every change another station needs, not only scans (issue #14, point 4): a row written, changed or removed in a
 * table that travels, on a file that takes part in sync, is logged as a `row` entry by trigger (sync/triggers.ts), in
 * the writer's own transaction, whoever wrote it (a screen, `lanyard`, an import). The triggers are made when a file
 * becomes a hub or a station, not here: a station on its own pays nothing for them on an import's every row. An
 * entry carries the table, the row's key, the columns it set (an update only the ones that changed), and `seen`, the
 * last hub place its station had applied when it wrote: the hub tells two edits made apart (a conflict, flagged) from
 * one made after the other.
 *
 * Derived columns are not logged, each station derives them: sort keys and search terms, an attendee's arrival (from
 * arrival scans), the badges printed (from print jobs), the badge version (its own `badge` entry, 017). Demo rows
 * never travel. `sync_state.applying` is set while a station writes what came from the hub, so applying an entry
 * does not log it again. `sync_log.entity` names the row an entry changes, for the last-writer-wins check.
 *
 * `print_job.station` is the station a job came from (NULL: this one): a station sends and asks its own spooler
 * about its own jobs only.
 */
const ACTIVE = 'EXISTS (SELECT 1 FROM sync_state WHERE applying = 0)';
const ORIGIN = '(SELECT station_id FROM sync_state)';
const SEQ = `CASE WHEN (SELECT role FROM sync_state) = 'hub' THEN (SELECT coalesce(max(hub_seq), 0) + 1 FROM sync_log) END`;

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
`,
};
