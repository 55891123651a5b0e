import type { Migration } from './index';

/** The event, its activities and categories, operators, the station's own settings, and the audit log. */
export const migration001: Migration = {
  version: 1,
  name: 'event, operators, station, audit',
  sql: `
CREATE TABLE event (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  id TEXT NOT NULL,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  short_name TEXT NOT NULL,
  city_zh TEXT NOT NULL,
  city_en TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  timezone TEXT NOT NULL,
  theme_zh TEXT NOT NULL,
  theme_en TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE activity (
  id TEXT PRIMARY KEY,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('main_forum', 'parallel_forum', 'thematic_activity')),
  title_zh TEXT NOT NULL,
  title_en TEXT NOT NULL,
  short_title_zh TEXT NOT NULL,
  short_title_en TEXT NOT NULL,
  room TEXT,
  day TEXT,
  start_time TEXT,
  end_time TEXT,
  capacity INTEGER CHECK (capacity IS NULL OR capacity > 0),
  policy TEXT NOT NULL CHECK (json_valid(policy))
) STRICT;

CREATE TABLE category (
  id TEXT PRIMARY KEY,
  position INTEGER NOT NULL,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  colour TEXT NOT NULL
) STRICT;

CREATE TABLE category_access (
  category_id TEXT NOT NULL REFERENCES category(id) ON DELETE CASCADE,
  activity_id TEXT NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
  access TEXT NOT NULL CHECK (access IN ('allowed', 'registered', 'denied')),
  PRIMARY KEY (category_id, activity_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE operator (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role TEXT NOT NULL CHECK (role IN ('door', 'desk', 'supervisor', 'admin')),
  pin_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE station_setting (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  operator_id TEXT REFERENCES operator(id),
  via TEXT NOT NULL CHECK (via IN ('ipc', 'http', 'cli', 'system')),
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT,
  before TEXT CHECK (before IS NULL OR json_valid(before)),
  after TEXT CHECK (after IS NULL OR json_valid(after))
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
`,
};
