import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/main/core/clock';
import { openDatabase } from '../../src/main/core/db/open';
import { MIGRATIONS } from '../../src/main/core/db/migrations';
import { migration004 } from '../../src/main/core/db/migrations/004_roster_sort';
import { createServices } from '../../src/main/core/services';
import { sql } from '../../src/main/core/db/sql';
import { insertAttendees, ORDER_BY } from '../../src/main/core/roster/repo';
import { sortKey } from '../../src/main/core/roster/sortKey';
import { testStation, writeEventAtOldSchema } from '../helpers/core';
import { attendee, signedIn } from './roster-fixtures';

function roster() {
  const s = testStation();
  const desk = signedIn(s, 'desk');
  const at = (minute: number) => new Date(Date.parse('2024-10-14T08:00:00Z') + minute * 60_000);
  const add = (minute: number, ...records: Parameters<typeof attendee>[0][]) =>
    s.db.tx(() => insertAttendees(s.db, records.map((r) => attendee({ phone: null, documentType: null, documentNumber: null, ...r })), at(minute)));
  add(0, { id: 'ZENG', nameZh: '曾小贤', nameEn: null, orgZh: '长沙晚报', categoryId: 'media' });
  add(1, { id: 'SHAN', nameZh: '单田芳', nameEn: null, orgZh: '北京日报', categoryId: 'guest' });
  add(2, { id: 'ALICE', nameZh: null, nameEn: 'Alice Wong', orgZh: null, orgEn: 'Reuters', categoryId: 'media' });
  add(3, { id: 'AN', nameZh: '安然', nameEn: null, orgZh: '湖南日报社', categoryId: 'delegate', status: 'cancelled' });
  add(4, { id: 'ZHANG', nameZh: '张三', nameEn: null, orgZh: '湖南日报社', categoryId: 'guest' });
  return { ...s, desk };
}

const ids = (page: { rows: Array<{ id: string }> }) => page.rows.map((r) => r.id);

describe('roster table order', () => {
  it('reads polyphonic surnames as surnames in the sort key', () => {
    expect(sortKey('单田芳', { asName: true })).toBe('shan tian fang');
    expect(sortKey('曾小贤', { asName: true })).toBe('zeng xiao xian');
    expect(sortKey('Alice Wong', { asName: true })).toBe('alice wong');
  });

  it('sorts by pinyin, Chinese and English names together', async () => {
    const s = roster();
    expect(ids(await s.must('roster:list', { sort: 'pinyin' }, s.desk))).toEqual(['ALICE', 'AN', 'SHAN', 'ZENG', 'ZHANG']);
  });

  it('sorts by organisation in pinyin, then by name', async () => {
    const s = roster();
    // 北京 bei < 长沙 chang < 湖南 hu < Reuters.
    expect(ids(await s.must('roster:list', { sort: 'organisation' }, s.desk))).toEqual(['SHAN', 'ZENG', 'AN', 'ZHANG', 'ALICE']);
  });

  it("sorts by the event's category order, then by pinyin", async () => {
    const s = roster();
    // CNMC order: guest, delegate, speaker, media, …
    expect(ids(await s.must('roster:list', { sort: 'category' }, s.desk))).toEqual(['SHAN', 'ZHANG', 'AN', 'ALICE', 'ZENG']);
  });

  it('pages through the category order across category boundaries', async () => {
    const s = roster();
    const page = await s.must('roster:list', { sort: 'category', offset: 1, limit: 3 }, s.desk);
    expect(page.total).toBe(5);
    expect(ids(page)).toEqual(['ZHANG', 'AN', 'ALICE']);
  });

  it('sorts by creation time and filters by status', async () => {
    const s = roster();
    expect(ids(await s.must('roster:list', { sort: 'created' }, s.desk))).toEqual(['ZENG', 'SHAN', 'ALICE', 'AN', 'ZHANG']);
    const cancelled = await s.must('roster:list', { status: 'cancelled' }, s.desk);
    expect({ total: cancelled.total, ids: ids(cancelled) }).toEqual({ total: 1, ids: ['AN'] });
  });

  it('pages with offset and limit and reports the total', async () => {
    const s = roster();
    const page = await s.must('roster:list', { sort: 'pinyin', offset: 2, limit: 2 }, s.desk);
    expect({ total: page.total, ids: ids(page) }).toEqual({ total: 5, ids: ['SHAN', 'ZENG'] });
  });

  it('re-sorts a name another writer changed without its sort key', async () => {
    const s = roster();
    s.db.run(sql`UPDATE attendee SET name_zh = '艾米' WHERE id = 'ZHANG'`);
    expect(s.db.get(sql`SELECT name_sort FROM attendee WHERE id = 'ZHANG'`)).toEqual({ name_sort: null });
    expect(ids(await s.must('roster:list', { sort: 'pinyin', limit: 2 }, s.desk))).toEqual(['ZHANG', 'ALICE']);
  });

  it('re-sorts an attendee renamed through an edit', async () => {
    const s = roster();
    await s.must('roster:update', { id: 'ZENG', patch: { nameZh: '阿明' } }, s.desk);
    expect(ids(await s.must('roster:list', { sort: 'pinyin', limit: 1 }, s.desk))).toEqual(['ZENG']);
  });

  it('skips to a page along a covering index for each sort order, never sorting the whole roster', () => {
    const s = roster();
    const plan = (sort: 'pinyin' | 'organisation' | 'created') => {
      return s.db.raw.prepare(`EXPLAIN QUERY PLAN SELECT a.rowid FROM attendee a ORDER BY ${ORDER_BY[sort]} LIMIT 100 OFFSET 50000`).all().map((r) => (r as { detail: string }).detail).join('\n');
    };
    expect(plan('pinyin')).toMatch(/USING COVERING INDEX attendee_name_sort/);
    expect(plan('organisation')).toMatch(/USING COVERING INDEX attendee_org_sort/);
    expect(plan('created')).toMatch(/USING COVERING INDEX attendee_created/);
    for (const sort of ['pinyin', 'organisation', 'created'] as const) expect(plan(sort)).not.toMatch(/TEMP B-TREE/);
    const inCategory = s.db.raw.prepare(`EXPLAIN QUERY PLAN SELECT a.rowid FROM attendee a WHERE a.category_id = 'media' ORDER BY ${ORDER_BY.pinyin} LIMIT 100`).all();
    expect(inCategory.map((r) => (r as { detail: string }).detail).join('\n')).toMatch(/^SEARCH a USING COVERING INDEX attendee_category_sort \(category_id=\?\)$/);
  });
});

describe('migration 004: roster sort keys', () => {
  it('adds sort keys to a roster made before it, filled on the first list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanyard-004-'));
    try {
      const file = join(dir, 'e.db');
      const before = openDatabase(file, { migrateTo: MIGRATIONS.indexOf(migration004) });
      writeEventAtOldSchema(before);
      for (const [id, name] of [['B', '张三'], ['A', '曾小贤'], ['C', '艾米']]) {
        before.run(sql`INSERT INTO attendee (id, name_zh, category_id, region, source, created_at, updated_at) VALUES (${id}, ${name}, 'delegate', 'mainland', 'import', 'now', 'now')`);
      }
      before.close();
      const db = openDatabase(file);
      expect(db.all(sql`SELECT name_sort FROM attendee`)).toEqual([{ name_sort: null }, { name_sort: null }, { name_sort: null }]);
      const services = createServices({ db, clock: fixedClock('2024-10-15T01:30:00Z') });
      const page = await services.call('roster:list', { sort: 'pinyin' }, { transport: 'cli' });
      expect(page.ok && page.value).toMatchObject({ total: 3, rows: [{ id: 'C' }, { id: 'A' }, { id: 'B' }] });
      expect(db.get(sql`SELECT name_sort FROM attendee WHERE id = 'A'`)).toEqual({ name_sort: 'zeng xiao xian' });
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
