import type { Migration } from './index';

/**
 * A phone's last four digits leave the search index for a column of their own, computed from the phone by SQLite
 * (`phone_tail`, generated, indexed with the search order): the index then holds no part of a phone number, so a
 * station given no phone numbers (a door, issue #14) gets a search index it can keep as it is, and a desk given
 * masked numbers keeps its tails. The old index, which held the tails, is emptied and written again when the
 * station next opens the file.
 */
// Phones are stored compact (import/identity.ts: digits, a leading +) or masked (a desk's copy: 138****5678), so
// the last four characters are the last four digits; a nested replace of separators made the index five times dearer.
export const migration013: Migration = {
  version: 13,
  name: 'phone tail out of the search index',
  sql: `
ALTER TABLE attendee ADD COLUMN phone_tail TEXT GENERATED ALWAYS AS (CASE WHEN length(phone) >= 4 THEN substr(phone, -4) END) VIRTUAL;
CREATE INDEX attendee_phone_tail ON attendee(phone_tail, search_id) WHERE phone_tail IS NOT NULL;
INSERT INTO attendee_search (attendee_search) VALUES ('delete-all');
UPDATE attendee_search_state SET complete = 0, written_since_optimize = 0;
`,
};
