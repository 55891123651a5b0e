import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/open';
import { sql } from '../../src/main/core/db/sql';
import { searchAttendees } from '../../src/main/core/search/repo';
import { createServices } from '../../src/main/core/services';
import { writeEventAtOldSchema } from '../helpers/core';

const schemaNames = (db: ReturnType<typeof openDatabase>) => db.all<{ name: string }>(sql`SELECT name FROM sqlite_schema ORDER BY name`).map((r) => r.name);

describe('migration 006: the attendee row is its own search row', () => {
  it('drops the index-row table and the redundant category index, and forgets the terms of a deleted attendee', () => {
    const db = openDatabase(':memory:', { migrateTo: 6 });
    writeEventAtOldSchema(db);
    expect(schemaNames(db)).not.toContain('attendee_search_row');
    expect(schemaNames(db)).not.toContain('attendee_category');
    expect(schemaNames(db)).toContain('attendee_category_sort');
    expect(db.all<{ name: string }>(sql`SELECT name FROM pragma_table_info('attendee') WHERE name IN ('name_pinyin', 'search_id') ORDER BY name`)).toHaveLength(2);
    db.run(sql`INSERT INTO attendee (search_id, id, name_zh, category_id, region, source, created_at, updated_at) VALUES (77, 'A1', '张三', 'delegate', 'mainland', 'import', 'now', 'now')`);
    expect(() => db.run(sql`INSERT INTO attendee (search_id, id, name_zh, category_id, region, source, created_at, updated_at) VALUES (77, 'A2', '李四', 'delegate', 'mainland', 'import', 'now', 'now')`)).toThrow(/UNIQUE/);
    db.run(sql`INSERT INTO attendee_search (rowid, terms) VALUES (77, 'x张三')`);
    db.run(sql`DELETE FROM attendee WHERE id = 'A1'`);
    expect(db.all(sql`SELECT rowid FROM attendee_search WHERE attendee_search MATCH '"x张三"'`)).toEqual([]);
    db.close();
  });

  it('gives a version-5 roster search ids in pinyin order and indexes it again when the station opens the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanyard-mig6-'));
    try {
      const file = join(dir, 'v5.db');
      const v5 = openDatabase(file, { migrateTo: 5 });
      writeEventAtOldSchema(v5);
      // One name (※) has no letters and sorts at 0.
      const people = [
        ['A1', '张三', 'zhang san', 'REG-1'],
        ['A2', '※', '※', null],
        ['A3', '单伟', 'shan wei', null],
        ['A4', '艾青', 'ai qing', null],
      ] as const;
      for (const [id, name, key, external] of people) {
        v5.run(sql`INSERT INTO attendee (id, name_zh, org_zh, category_id, region, source, created_at, updated_at, external_id, name_sort, org_sort)
                   VALUES (${id}, ${name}, '湖南日报社', 'delegate', 'mainland', 'import', 'now', 'now', ${external}, ${key}, 'hu nan ri bao she')`);
      }
      v5.run(sql`INSERT INTO ticket_code (code, attendee_id) VALUES ('TQ77', 'A3')`);
      v5.close();

      const db = openDatabase(file);
      expect(db.get(sql`SELECT complete FROM attendee_search_state`)).toEqual({ complete: 0 });
      createServices({ db });
      expect(db.get(sql`SELECT complete FROM attendee_search_state`)).toEqual({ complete: 1 });
      expect(db.all<{ id: string }>(sql`SELECT id FROM attendee ORDER BY search_id`).map((r) => r.id)).toEqual(['A2', 'A4', 'A3', 'A1']);
      expect(db.get(sql`SELECT name_pinyin AS p FROM attendee WHERE id = 'A3'`)).toEqual({ p: 'shan wei' });
      const ids = (query: string) => searchAttendees(db, { query, limit: 5 }).map((h) => h.id);
      expect(ids('zs')).toEqual(['A1']);
      expect(ids('shan')).toEqual(['A3']);
      expect(ids('tq77')).toEqual(['A3']);
      expect(ids('reg-1')).toEqual(['A1']);
      expect(ids('日报')).toEqual(['A4', 'A3', 'A1', 'A2']);
      expect(db.get<{ integrity_check: string }>(sql`PRAGMA integrity_check`)?.integrity_check).toBe('ok');
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
