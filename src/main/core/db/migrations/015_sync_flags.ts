import type { Migration } from './index';

/**
 * What the hub finds when entries meet (issue #14, point 7): the same badge admitted at two doors while they could
 * not see each other, where the activity allows one entry at a time. Both scans stay in the log, as facts; the
 * later one is flagged here for the event office.
 */
export const migration015: Migration = {
  version: 15,
  name: 'sync flags',
  sql: `
CREATE TABLE sync_flag (
  entry_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('double_entry')),
  other_id TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  attendee_id TEXT NOT NULL,
  flagged_at TEXT NOT NULL
) STRICT;
`,
};
