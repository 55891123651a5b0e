import type { Migration } from './index';

/**
 * Badge layouts saved with the event, and the print queue that is also each attendee's print log. A job is
 * `printed` only when the spooler reports it completed or an operator confirms it; `sent` is not printed.
 */
export const migration008: Migration = {
  version: 8,
  name: 'badge layouts and print queue',
  sql: `
CREATE TABLE badge_layout (
  id TEXT PRIMARY KEY,
  position INTEGER NOT NULL,
  layout TEXT NOT NULL CHECK (json_valid(layout))
) STRICT;

CREATE TABLE print_job (
  id TEXT PRIMARY KEY,
  attendee_id TEXT NOT NULL REFERENCES attendee(id),
  badge_version INTEGER NOT NULL CHECK (badge_version >= 1),
  printer TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'printed', 'failed', 'cancelled')),
  spool_id TEXT,
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  error TEXT,
  reprint_reason TEXT,
  supervisor_id TEXT REFERENCES operator(id),
  operator_id TEXT REFERENCES operator(id),
  confirmed_by TEXT CHECK (confirmed_by IS NULL OR confirmed_by IN ('spooler', 'operator')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  printed_at TEXT,
  CHECK ((state = 'printed') = (printed_at IS NOT NULL AND confirmed_by IS NOT NULL))
) STRICT;

CREATE INDEX print_job_attendee ON print_job(attendee_id, created_at);
CREATE INDEX print_job_open ON print_job(printer, created_at) WHERE state IN ('queued', 'sent');
`,
};
