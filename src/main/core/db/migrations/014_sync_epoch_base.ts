import type { Migration } from './index';

/**
 * A hub's epoch starts at a place in the log: 0 for a new hub, the backup's last place for a hub restored from a
 * backup. A station that meets a new epoch knows the places up to the base are the same entries it holds, and
 * pushes again every entry it has after it (issue #14, point 9).
 */
export const migration014: Migration = {
  version: 14,
  name: 'sync epoch base',
  sql: `ALTER TABLE sync_state ADD COLUMN epoch_base INTEGER NOT NULL DEFAULT 0;`,
};
