import type { Migration } from './index';

/**
 * Clocks (issue #14, point 8): a paired station decides and records in the hub's time, its own clock corrected by
 * the offset it measured against the hub; the offset it used is kept with the scan (the station's own reading is
 * `at` less it) and travels with it in the log.
 */
export const migration016: Migration = {
  version: 16,
  name: 'scan clock offset',
  sql: `
ALTER TABLE scan ADD COLUMN clock_offset_ms INTEGER;
DROP TRIGGER sync_log_scan;
CREATE TRIGGER sync_log_scan AFTER INSERT ON scan WHEN EXISTS (SELECT 1 FROM sync_state)
BEGIN
  INSERT OR IGNORE INTO sync_log (id, origin, kind, at, body, hub_seq)
  VALUES (
    new.id,
    (SELECT station_id FROM sync_state),
    'scan',
    new.at,
    json_object('id', new.id, 'at', new.at, 'station', new.station, 'kind', new.kind, 'activityId', new.activity_id,
      'attendeeId', new.attendee_id, 'code', new.code, 'outcome', new.outcome, 'reason', new.reason, 'note', new.note,
      'operatorId', new.operator_id, 'refersTo', new.refers_to, 'why', new.why, 'clockOffsetMs', new.clock_offset_ms),
    CASE WHEN (SELECT role FROM sync_state) = 'hub' THEN (SELECT coalesce(max(hub_seq), 0) + 1 FROM sync_log) END
  );
END;
`,
};
