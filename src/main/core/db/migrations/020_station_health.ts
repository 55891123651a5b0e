import type { Migration } from './index';

/**
 * The stations' health on the office's dashboard (issue #15): each station reports the printers it prints badges on
 * (name, state, the spooler's message) with its exchanges, and the hub keeps the last report, as JSON, beside the
 * station's contact and clock.
 */
export const migration020: Migration = {
  version: 20,
  name: 'station health',
  sql: `
ALTER TABLE sync_station ADD COLUMN printers TEXT;
`,
};
