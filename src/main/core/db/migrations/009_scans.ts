import type { Migration } from './index';

/**
 * The scan log: every scan at a door or the desk, admitted or refused, appended and never changed (an undo is a
 * reversal row; only demo attendees' scans are removed, with the demo roster). A scan id repeated by a retrying station is one row. Presence and counts are kept beside it in the
 * same transaction, so a door decides from two indexed rows instead of counting the log.
 */
export const migration009: Migration = {
  version: 9,
  name: 'scan log, presence and counts',
  sql: `
CREATE TABLE scan (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  station TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('entry', 'exit', 'arrival', 'override', 'reversal')),
  activity_id TEXT REFERENCES activity(id),
  attendee_id TEXT REFERENCES attendee(id),
  code TEXT,
  outcome TEXT NOT NULL CHECK (outcome IN ('admitted', 'admitted_with_warning', 'refused')),
  reason TEXT NOT NULL,
  note TEXT,
  operator_id TEXT REFERENCES operator(id),
  refers_to TEXT REFERENCES scan(id),
  why TEXT,
  CHECK ((kind IN ('override', 'reversal')) = (refers_to IS NOT NULL AND why IS NOT NULL)),
  CHECK (kind = 'arrival' OR activity_id IS NOT NULL)
) STRICT;

CREATE INDEX scan_activity ON scan(activity_id, at);
CREATE INDEX scan_attendee ON scan(attendee_id, at) WHERE attendee_id IS NOT NULL;
CREATE UNIQUE INDEX scan_refers_once ON scan(refers_to, kind) WHERE refers_to IS NOT NULL;

CREATE TRIGGER scan_append_only_update BEFORE UPDATE ON scan BEGIN SELECT RAISE(ABORT, 'the scan log is append-only'); END;
-- Only a demo attendee's scans go, with the demo roster (a rehearsal's scans are not the event's).
CREATE TRIGGER scan_append_only_delete BEFORE DELETE ON scan
  WHEN old.attendee_id IS NULL OR NOT EXISTS (SELECT 1 FROM attendee WHERE id = old.attendee_id AND is_demo = 1)
BEGIN SELECT RAISE(ABORT, 'the scan log is append-only'); END;

CREATE TABLE presence (
  activity_id TEXT NOT NULL REFERENCES activity(id),
  attendee_id TEXT NOT NULL REFERENCES attendee(id),
  inside INTEGER NOT NULL CHECK (inside IN (0, 1)),
  entries INTEGER NOT NULL CHECK (entries >= 0),
  PRIMARY KEY (activity_id, attendee_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE activity_count (
  activity_id TEXT PRIMARY KEY REFERENCES activity(id) ON DELETE CASCADE,
  inside INTEGER NOT NULL DEFAULT 0 CHECK (inside >= 0),
  admitted INTEGER NOT NULL DEFAULT 0 CHECK (admitted >= 0),
  refused INTEGER NOT NULL DEFAULT 0 CHECK (refused >= 0)
) STRICT;

ALTER TABLE attendee ADD COLUMN arrived_at TEXT;
`,
};
