import type { Migration } from './index';

/**
 * One replicated log (issue #14). `sync_log` holds every entry another station needs, under a globally unique id
 * and its origin station: the hub gives each its place in one total order (`hub_seq`); a station's own entries
 * wait with `hub_seq` NULL until the hub has them (its log is its queue). A scan row written by any connection
 * or process on a file that takes part in sync is logged by trigger, in the scan's own transaction, so nothing
 * made on screen or by `lanyard scan` is ever "sent and forgotten". A file that takes no part (no `sync_state`
 * row) logs nothing. On the hub the trigger sequences at once; a remote entry is logged (with its place) before
 * its scan row is written, so the trigger's OR IGNORE leaves it alone.
 *
 * `problem` marks an entry whose projection could not be applied here (quarantined, shown to the admin): it stays
 * in the log, in order, and is never dropped.
 */
export const migration012: Migration = {
  version: 12,
  name: 'replicated log, stations and pairing',
  sql: `
CREATE TABLE sync_state (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  role TEXT NOT NULL CHECK (role IN ('hub', 'desk', 'door')),
  station_id TEXT NOT NULL,
  station_name TEXT NOT NULL,
  activity_id TEXT,
  epoch TEXT NOT NULL,
  hub_url TEXT,
  hub_fingerprint TEXT,
  hub_cert TEXT,
  token TEXT,
  applied_through INTEGER NOT NULL DEFAULT 0,
  last_contact TEXT,
  offline_since TEXT,
  clock_offset_ms INTEGER,
  clock_rtt_ms INTEGER,
  revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
) STRICT;

CREATE TABLE sync_log (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  kind TEXT NOT NULL,
  at TEXT NOT NULL,
  body TEXT NOT NULL,
  hub_seq INTEGER UNIQUE,
  problem TEXT
) STRICT;
CREATE INDEX sync_log_unsent ON sync_log(origin) WHERE hub_seq IS NULL;
CREATE INDEX sync_log_problem ON sync_log(hub_seq) WHERE problem IS NOT NULL;

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
      'operatorId', new.operator_id, 'refersTo', new.refers_to, 'why', new.why),
    CASE WHEN (SELECT role FROM sync_state) = 'hub' THEN (SELECT coalesce(max(hub_seq), 0) + 1 FROM sync_log) END
  );
END;

-- The hub's own: the stations it paired, and the pairing codes it gave (their secrets hashed).
CREATE TABLE sync_station (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('desk', 'door')),
  activity_id TEXT,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  last_contact TEXT,
  app_version TEXT,
  clock_offset_ms INTEGER,
  unsent INTEGER,
  applied_through INTEGER
) STRICT;

CREATE TABLE sync_pairing (
  secret_hash TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('desk', 'door')),
  activity_id TEXT,
  name TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  station_id TEXT
) STRICT;

-- The hub's certificate (public); its private key is a file beside the database, like the signing key.
CREATE TABLE sync_hub (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  cert TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  url TEXT
) STRICT;
`,
};
