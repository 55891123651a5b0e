import type { Migration } from './index';

/**
 * Badges a desk issues while the hub is away (issue #14, point 6). A desk holds its own Ed25519 issuing key (a file
 * beside its database, like the event's signing key on the hub); the hub certifies its public half with the event's
 * key when the desk pairs, under one base32 character the badge carries (credentials/issuers.ts). `issuer_key` travels
 * to every station through the log (sync/triggers.ts), so a door checks a desk's badge offline; revoking the desk (a stolen laptop) sets
 * `revoked_at` and `revoked_through`, the last hub place before the revocation. `badge_issue` records each badge a
 * desk signed, and travels too: a door keeps honouring a revoked desk's badge only when the hub had placed its issue
 * (its entry's place in the log) no later than `revoked_through`.
 */
export const migration019: Migration = {
  version: 19,
  name: 'desk issuing keys',
  sql: `
CREATE TABLE issuer_key (
  issuer TEXT PRIMARY KEY CHECK (length(issuer) = 1),
  station_id TEXT NOT NULL,
  public_key TEXT NOT NULL,
  certificate TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  revoked_through INTEGER
) STRICT;
CREATE INDEX issuer_key_station ON issuer_key(station_id);

CREATE TABLE badge_issue (
  attendee_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  issuer TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (attendee_id, version, issuer)
) STRICT, WITHOUT ROWID;
`,
};
