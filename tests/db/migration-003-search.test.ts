import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/open';
import { sql } from '../../src/main/core/db/sql';
import { createServices } from '../../src/main/core/services';
import { searchAttendees } from '../../src/main/core/search/repo';
import { writeEventAtOldSchema } from '../helpers/core';

describe('migration 003: the search index', () => {
  it('creates a contentless FTS5 table and a STRICT row map', () => {
    const db = openDatabase(':memory:', { migrateTo: 3 });
    const tables = db.all<{ name: string; type: string; strict: number }>(
      sql`SELECT name, type, strict FROM pragma_table_list WHERE name IN ('attendee_search', 'attendee_search_row') ORDER BY name`,
    );
    expect(tables).toEqual([
      { name: 'attendee_search', type: 'virtual', strict: 0 },
      { name: 'attendee_search_row', type: 'table', strict: 1 },
    ]);
    const ddl = db.get<{ sql: string }>(sql`SELECT sql FROM sqlite_schema WHERE name = 'attendee_search'`)!.sql;
    expect(ddl).toMatch(/content = '', contentless_delete = 1/);
    expect(ddl).toMatch(/prefix = '2 3 4 5 6 7 8 9 10'/);
    expect(ddl).toMatch(/detail = none/);
    expect(db.get(sql`SELECT v FROM attendee_search_config WHERE k = 'hashsize'`)).toEqual({ v: 16777216 });
    db.close();
  });

  it('drops an attendee\'s terms when the attendee is deleted', () => {
    const db = openDatabase(':memory:', { migrateTo: 3 });
    writeEventAtOldSchema(db);
    db.run(sql`INSERT INTO attendee (id, name_zh, category_id, region, source, created_at, updated_at)
               VALUES ('A1', '张三', 'delegate', 'mainland', 'import', 'now', 'now')`);
    db.run(sql`INSERT INTO attendee_search_row (id, attendee_id) VALUES (7, 'A1')`);
    db.run(sql`INSERT INTO attendee_search (rowid, terms) VALUES (7, 'x张三 xzhangsan izs')`);
    const matches = () => db.all(sql`SELECT rowid FROM attendee_search WHERE attendee_search MATCH '"izs"*'`).length;
    expect(matches()).toBe(1);
    db.run(sql`DELETE FROM attendee WHERE id = 'A1'`);
    expect(db.get(sql`SELECT count(*) AS n FROM attendee_search_row`)).toEqual({ n: 0 });
    expect(matches()).toBe(0);
    db.close();
  });

  it('indexes the roster of a version-2 file when the station starts on it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanyard-mig3-'));
    try {
      const file = join(dir, 'v2.db');
      const v2 = openDatabase(file, { migrateTo: 2 });
      writeEventAtOldSchema(v2);
      v2.run(sql`INSERT INTO attendee (id, name_zh, category_id, region, source, created_at, updated_at)
                 VALUES ('A1', '单伟', 'delegate', 'mainland', 'import', 'now', 'now')`);
      v2.close();
      const db = openDatabase(file);
      expect(searchAttendees(db, { query: 'sw', limit: 5 })).toEqual([]);
      createServices({ db });
      expect(searchAttendees(db, { query: 'sw', limit: 5 }).map((h) => h.id)).toEqual(['A1']);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an index row for an attendee that does not exist', () => {
    const db = openDatabase(':memory:', { migrateTo: 3 });
    expect(() => db.run(sql`INSERT INTO attendee_search_row (id, attendee_id) VALUES (1, 'nobody')`)).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
