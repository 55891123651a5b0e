import type { Migration } from './index';

/**
 * The event's public signing key (Ed25519, raw 32 bytes as base64url), which every station needs to check a badge
 * offline. The private half is never in the database: it stays in a file beside the database on the admin station
 * that made it (credentials/keys.ts), so a copy of the database handed to a door station cannot issue badges.
 */
export const migration007: Migration = {
  version: 7,
  name: 'event signing key',
  sql: `
CREATE TABLE event_key (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  public_key TEXT NOT NULL CHECK (length(public_key) = 43 AND public_key NOT GLOB '*[^A-Za-z0-9_-]*'),
  created_at TEXT NOT NULL
) STRICT;
`,
};
