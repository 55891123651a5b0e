import type { Migration } from './index';

/**
 * A leaner search index: what one attendee writes to FTS5 costs about a microsecond a term, and migration 003's
 * index wrote ~137 postings an attendee (24 terms, each with nine prefix lengths), 8 of the 20 s a 100k import took.
 *
 * - `attendee_search` keeps the marked terms of the name, initials, phone tail and codes (search/terms.ts), with one
 *   prefix length: the mark and one character ("x张", "iz"), the only prefixes common enough to be slow unindexed.
 *   A longer prefix is read from the term list (a few terms); a name's pinyin prefix is a range of row ids.
 * - Organisations are indexed once each, not once per member: `organisation_search` holds the terms of every
 *   spelling of an organisation, keyed by the organisation's sort key; its members are then read along
 *   attendee(org_sort, name_sort). `organisation_search_row.variants` keeps the spellings (a JSON array of
 *   [zh, en]) so new members add theirs without reading the roster back.
 * - The old index is emptied; the station re-indexes the roster when it opens the file (search/repo.ts).
 */
export const migration005: Migration = {
  version: 5,
  name: 'lean search index',
  sql: `
DROP TRIGGER attendee_search_row_forget;
DROP TABLE attendee_search;
DELETE FROM attendee_search_row;
UPDATE attendee_search_state SET written_since_optimize = 0;

CREATE VIRTUAL TABLE attendee_search USING fts5(
  terms,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 0', detail = none,
  prefix = '2'
);
INSERT INTO attendee_search (attendee_search, rank) VALUES ('hashsize', 16777216);

CREATE TRIGGER attendee_search_row_forget AFTER DELETE ON attendee_search_row
BEGIN
  DELETE FROM attendee_search WHERE rowid = old.id;
END;

CREATE VIRTUAL TABLE organisation_search USING fts5(
  terms,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 0', detail = none,
  prefix = '2 3 4 5 6 7 8 9 10'
);

CREATE TABLE organisation_search_row (
  id INTEGER PRIMARY KEY,
  org_sort TEXT NOT NULL UNIQUE,
  variants TEXT NOT NULL CHECK (json_valid(variants) AND json_type(variants) = 'array')
) STRICT;

CREATE TRIGGER organisation_search_row_forget AFTER DELETE ON organisation_search_row
BEGIN
  DELETE FROM organisation_search WHERE rowid = old.id;
END;
`,
};
