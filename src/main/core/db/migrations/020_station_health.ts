import type { Migration } from './index';

/**
 * The stations' health on the office's dashboard (issue #15): each station reports the printers it prints badges on
 * (name, state, the spooler's message) with its exchanges, and the hub keeps the last report, as JSON, beside the
 * station's contact and clock. After the event ended on the hub, each station's cursor against the place of the
 * log's forget entry says whether it has deleted its copy of the roster: that entry is found by an index of its own.
 */
export const migration020: Migration = {
  version: 20,
  name: 'station health',
  sql: `
ALTER TABLE sync_station ADD COLUMN printers TEXT;
CREATE INDEX sync_log_forget ON sync_log(hub_seq) WHERE kind = 'forget';
`,
};
