import type { Migration } from './index';

/**
 * The stations' health on the office's dashboard (issue #15): each station reports the printers it prints badges on
 * (name, state, the spooler's message) with its exchanges, and the hub keeps the last report, as JSON, beside the
 * station's contact and clock. After the event ended on the hub, each station's cursor against the place of the
 * log's forget entry says whether it has deleted its copy of the roster: that entry is found by an index of its own.
 * The dashboard counts badges printed, collected and still to print every two seconds: three small partial indexes
 * answer those counts without reading every attendee's row (20 ms at 100,000 attendees; a few now).
 */
export const migration020: Migration = {
  version: 20,
  name: 'station health',
  sql: `
ALTER TABLE sync_station ADD COLUMN printers TEXT;
CREATE INDEX sync_log_forget ON sync_log(hub_seq) WHERE kind = 'forget';
CREATE INDEX attendee_printed ON attendee(badge_printed_count) WHERE badge_printed_count > 0;
CREATE INDEX attendee_collected ON attendee(badge_collected_at) WHERE badge_collected_at IS NOT NULL;
CREATE INDEX attendee_cancelled ON attendee(status) WHERE status = 'cancelled';
`,
};
