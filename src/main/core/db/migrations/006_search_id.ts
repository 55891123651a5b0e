import type { Migration } from './index';

/**
 * The attendee row is its own search row. Migration 003 kept a second table, `attendee_search_row`, only to give each
 * attendee an id in pinyin order for FTS5; writing it (a row, a unique index and a foreign key per attendee) was
 * ~1.4 s of a 100k import. Now `attendee.search_id` is that id (allocated in search/repo.ts) and the FTS rowid, the
 * name's pinyin moves to `attendee.name_pinyin`, and deleting an attendee by any path deletes its terms. The table's
 * own rowid stays in arrival order, so a bulk write appends to it whatever order its chunks come in.
 *
 * - `attendee_category` goes: `attendee_category_sort (category_id, name_sort, id)` serves every lookup it did.
 * - The index is emptied and marked incomplete: the station allocates search ids and writes the terms again when it
 *   opens the file.
 */
export const migration006: Migration = {
  version: 6,
  name: 'attendee row as search row',
  sql: `
DROP TRIGGER attendee_search_row_forget;
DROP TABLE attendee_search_row;
DROP TABLE attendee_search;
DROP INDEX attendee_category;
ALTER TABLE attendee ADD COLUMN name_pinyin TEXT;
ALTER TABLE attendee ADD COLUMN search_id INTEGER;
CREATE UNIQUE INDEX attendee_search_id ON attendee(search_id);

CREATE VIRTUAL TABLE attendee_search USING fts5(
  terms,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 0', detail = none,
  prefix = '2'
);
INSERT INTO attendee_search (attendee_search, rank) VALUES ('hashsize', 16777216);

CREATE TRIGGER attendee_search_forget AFTER DELETE ON attendee WHEN old.search_id IS NOT NULL
BEGIN
  DELETE FROM attendee_search WHERE rowid = old.search_id;
END;

ALTER TABLE attendee_search_state ADD COLUMN complete INTEGER NOT NULL DEFAULT 1 CHECK (complete IN (0, 1));
UPDATE attendee_search_state SET written_since_optimize = 0, complete = 0;
`,
};
