import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/open';
import { sql } from '../../src/main/core/db/sql';
import { searchAttendees } from '../../src/main/core/search/repo';
import { createServices } from '../../src/main/core/services';
import { writeEventAtOldSchema } from '../helpers/core';

describe('migration 005: the lean search index', () => {
  it('indexes one-character prefixes only, and organisations in a table of their own', () => {
    const db = openDatabase(':memory:', { migrateTo: 5 });
    const ddl = (name: string) => db.get<{ sql: string }>(sql`SELECT sql FROM sqlite_schema WHERE name = ${name}`)!.sql;
    expect(ddl('attendee_search')).toMatch(/contentless_delete = 1[\s\S]*detail = none[\s\S]*prefix = '2'\s*\)/);
    expect(ddl('organisation_search')).toMatch(/detail = none/);
    expect(db.get(sql`SELECT v FROM attendee_search_config WHERE k = 'hashsize'`)).toEqual({ v: 16777216 });
    expect(db.get(sql`SELECT strict FROM pragma_table_list WHERE name = 'organisation_search_row'`)).toEqual({ strict: 1 });
    expect(() => db.run(sql`INSERT INTO organisation_search_row (org_sort, variants) VALUES ('x', 'not json')`)).toThrow(/CHECK/);
    db.run(sql`INSERT INTO organisation_search_row (id, org_sort, variants) VALUES (3, 'xin hua she', '[["新华社", null]]')`);
    db.run(sql`INSERT INTO organisation_search (rowid, terms) VALUES (3, 'o新华社 o华社 o社')`);
    db.run(sql`DELETE FROM organisation_search_row WHERE id = 3`);
    expect(db.all(sql`SELECT rowid FROM organisation_search WHERE organisation_search MATCH '"o华社"'`)).toEqual([]);
    db.close();
  });

  it('empties the version-4 index, and the station writes it again, organisations included, when it opens the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanyard-mig5-'));
    try {
      const file = join(dir, 'v4.db');
      const v4 = openDatabase(file, { migrateTo: 4 });
      writeEventAtOldSchema(v4);
      v4.run(sql`INSERT INTO attendee (id, name_zh, org_zh, category_id, region, source, created_at, updated_at, name_sort, org_sort)
                 VALUES ('A1', '单伟', '湖南日报社', 'delegate', 'mainland', 'import', 'now', 'now', 'shan wei', 'hu nan ri bao she')`);
      // The index as version 4 wrote it.
      v4.run(sql`INSERT INTO attendee_search_row (id, attendee_id, pinyin) VALUES (9, 'A1', 'shan wei')`);
      v4.run(sql`INSERT INTO attendee_search (rowid, terms) VALUES (9, 'x单伟 xshanwei n伟 pshan pwei isw o湖南日报社 o日报社')`);
      v4.close();

      const v5 = openDatabase(file, { migrateTo: 5 });
      expect(v5.get(sql`SELECT count(*) AS n FROM attendee_search_row`)).toEqual({ n: 0 });
      v5.close();
      const db = openDatabase(file);
      createServices({ db });
      expect(searchAttendees(db, { query: 'sw', limit: 5 }).map((h) => h.id)).toEqual(['A1']);
      expect(searchAttendees(db, { query: '日报', limit: 5 })).toEqual([expect.objectContaining({ id: 'A1', matched: 'organisation' })]);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
