import type { Migration } from './index';

/** Attendees, their registrations to activities and the ticket codes of the registration system. */
export const migration002: Migration = {
  version: 2,
  name: 'roster',
  sql: `
CREATE TABLE attendee (
  id TEXT PRIMARY KEY,
  name_zh TEXT,
  name_en TEXT,
  org_zh TEXT,
  org_en TEXT,
  title TEXT,
  category_id TEXT NOT NULL REFERENCES category(id),
  region TEXT NOT NULL CHECK (region IN ('mainland', 'hong_kong', 'macao', 'taiwan', 'abroad')),
  phone TEXT,
  email TEXT,
  document_type TEXT CHECK (document_type IS NULL OR document_type IN ('cn_id', 'hk_mo_permit', 'tw_permit', 'passport', 'other')),
  document_number TEXT,
  external_id TEXT,
  attention TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
  badge_version INTEGER NOT NULL DEFAULT 1 CHECK (badge_version >= 1),
  badge_printed_count INTEGER NOT NULL DEFAULT 0 CHECK (badge_printed_count >= 0),
  badge_collected_at TEXT,
  source TEXT NOT NULL CHECK (source IN ('import', 'walk_in', 'demo')),
  is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (name_zh IS NOT NULL OR name_en IS NOT NULL)
) STRICT;

CREATE INDEX attendee_category ON attendee(category_id);
CREATE INDEX attendee_demo ON attendee(is_demo) WHERE is_demo = 1;
CREATE UNIQUE INDEX attendee_external_id ON attendee(external_id) WHERE external_id IS NOT NULL;
CREATE INDEX attendee_document ON attendee(document_number) WHERE document_number IS NOT NULL;

CREATE TABLE registration (
  attendee_id TEXT NOT NULL REFERENCES attendee(id) ON DELETE CASCADE,
  activity_id TEXT NOT NULL REFERENCES activity(id),
  PRIMARY KEY (attendee_id, activity_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX registration_activity ON registration(activity_id);

CREATE TABLE ticket_code (
  code TEXT PRIMARY KEY,
  attendee_id TEXT NOT NULL REFERENCES attendee(id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE INDEX ticket_code_attendee ON ticket_code(attendee_id);
`,
};
