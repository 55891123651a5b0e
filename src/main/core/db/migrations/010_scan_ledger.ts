import type { Migration } from './index';

/**
 * Presence and the door totals leave the database: they are a projection of the scan log, kept in memory
 * (checkin/ledger.ts), so a scan's commit writes its log row alone. Dropping them loses nothing the log does not
 * hold. `scan_log_state.epoch` moves with every row deleted from the log (only a demo roster's scans ever are), so
 * each process's ledger knows to rebuild.
 */
export const migration010: Migration = {
  version: 10,
  name: 'scan ledger in memory',
  sql: `
DROP TABLE presence;
DROP TABLE activity_count;

CREATE TABLE scan_log_state (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  epoch INTEGER NOT NULL
) STRICT;
INSERT INTO scan_log_state (one, epoch) VALUES (1, 0);

CREATE TRIGGER scan_log_deleted AFTER DELETE ON scan BEGIN UPDATE scan_log_state SET epoch = epoch + 1; END;
`,
};
