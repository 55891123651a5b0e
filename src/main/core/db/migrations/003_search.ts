import type { Migration } from './index';

/**
 * The search-as-you-type index. The application writes the terms (pinyin cannot be computed in SQL); deletes
 * need no computation, so a deleted attendee leaves the index through the cascade and the trigger below.
 *
 * - `attendee_search` holds one column of terms, each led by a letter naming the field it came from (x exact name,
 *   n name characters, p pinyin, e English name, i initials, o organisation, t phone tail, c ticket code or external
 *   id): a column filter would still walk every row holding the term in any column, a marked term walks only its own.
 * - It is contentless (terms are only matched, never read back) with contentless_delete, so a changed attendee's row
 *   can be replaced. unicode61 only splits the pre-tokenised terms on spaces. Prefix indexes cover words of up to
 *   nine characters after the marker: a prefix longer than every index costs FTS5 a scan (~0.6 ms here).
 *   detail = none: every query term is a single token, so positions would only double the cost of writing.
 *   A trigram tokenizer cannot match queries shorter than three characters (张三, zs), which a desk types most.
 * - `attendee_search_row` maps an index row to its attendee. Its id is allocated in pinyin order (search/repo.ts),
 *   so the index returns matches already in tie-break order and a search stops after `limit` rows.
 * - `attendee_search_state` counts rows written since the index was last merged into one segment (search/repo.ts).
 */
export const migration003: Migration = {
  version: 3,
  name: 'search index',
  sql: `
CREATE VIRTUAL TABLE attendee_search USING fts5(
  terms,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 0', detail = none,
  prefix = '2 3 4 5 6 7 8 9 10'
);
-- 16 MiB of pending terms before a flush (default 1 MiB): a bulk import writes fewer, larger segments.
INSERT INTO attendee_search (attendee_search, rank) VALUES ('hashsize', 16777216);

CREATE TABLE attendee_search_row (
  id INTEGER PRIMARY KEY,
  attendee_id TEXT NOT NULL UNIQUE REFERENCES attendee(id) ON DELETE CASCADE,
  pinyin TEXT
) STRICT;

CREATE TABLE attendee_search_state (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  written_since_optimize INTEGER NOT NULL CHECK (written_since_optimize >= 0)
) STRICT;
INSERT INTO attendee_search_state (singleton, written_since_optimize) VALUES (1, 0);

CREATE TRIGGER attendee_search_row_forget AFTER DELETE ON attendee_search_row
BEGIN
  DELETE FROM attendee_search WHERE rowid = old.id;
END;
`,
};
