import type { Migration } from './index';

/**
 * A reprint travels (issue #14, point 4): raising an attendee's badge version on a file that takes part in sync is
 * logged as a `badge` entry, so the old badge answers `replaced` at every door once the entry reaches it. The id is
 * the attendee and the version, so the same raise applied from the hub is the same entry and is not logged again.
 */
export const migration017: Migration = {
  version: 17,
  name: 'badge versions in the replicated log',
  sql: `
CREATE TRIGGER sync_log_badge AFTER UPDATE OF badge_version ON attendee
  WHEN new.badge_version > old.badge_version AND EXISTS (SELECT 1 FROM sync_state)
BEGIN
  INSERT OR IGNORE INTO sync_log (id, origin, kind, at, body, hub_seq)
  VALUES (
    'badge:' || new.id || ':' || new.badge_version,
    (SELECT station_id FROM sync_state),
    'badge',
    new.updated_at,
    json_object('attendeeId', new.id, 'version', new.badge_version),
    CASE WHEN (SELECT role FROM sync_state) = 'hub' THEN (SELECT coalesce(max(hub_seq), 0) + 1 FROM sync_log) END
  );
END;
`,
};
