import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/main/core/db/sql';
import { sql } from '../../src/main/core/db/sql';
import { generateDemoAttendees } from '../../src/main/core/demo/generate';
import { readEventFile } from '../../src/main/core/event/repo';
import { insertAttendees } from '../../src/main/core/roster/repo';
import { searchAttendees } from '../../src/main/core/search/repo';
import { testStation } from '../helpers/core';

const BULK = 12_000;

const rosterIndexes = (db: Db) =>
  db.all<{ name: string; sql: string }>(sql`SELECT name, sql FROM sqlite_schema
    WHERE type = 'index' AND tbl_name IN ('attendee', 'registration', 'ticket_code') AND sql IS NOT NULL ORDER BY name`);

const indexUsed = (db: Db, query: string) =>
  db.all<{ detail: string }>({ text: `EXPLAIN QUERY PLAN ${query}`, values: [] }).some((r) => r.detail.includes('attendee_name_sort'));

describe('a bulk insert into an empty roster', () => {
  it('leaves every roster index as the migrations defined it, consistent with the rows and used by the roster list', () => {
    const s = testStation();
    const before = rosterIndexes(s.db);
    const attendees = generateDemoAttendees({ event: readEventFile(s.db), count: BULK });
    s.db.tx(() => insertAttendees(s.db, attendees, new Date()));
    expect(rosterIndexes(s.db)).toEqual(before);
    expect(s.db.get<{ integrity_check: string }>(sql`PRAGMA integrity_check`)?.integrity_check).toBe('ok');
    expect(indexUsed(s.db, 'SELECT id FROM attendee ORDER BY name_sort, id LIMIT 10')).toBe(true);
    const byRegistration = s.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM registration INDEXED BY registration_activity WHERE activity_id IS NOT NULL`)?.n;
    expect(byRegistration).toBe(attendees.reduce((n, a) => n + a.registrations.length, 0));
  });

  it('finds every attendee it wrote by name, with ids counted on in pinyin order inside a shared key prefix', () => {
    const s = testStation();
    const attendees = generateDemoAttendees({ event: readEventFile(s.db), count: BULK });
    s.db.tx(() => insertAttendees(s.db, attendees, new Date()));
    const rows = s.db.get<{ n: number; docs: number }>(sql`SELECT count(*) AS n, (SELECT count(*) FROM attendee_search_docsize) AS docs FROM attendee`);
    expect(rows).toEqual({ n: BULK, docs: BULK });
    const names = s.db.all<{ k: string }>(sql`SELECT name_pinyin AS k FROM attendee WHERE name_pinyin IS NOT NULL ORDER BY search_id`).map((r) => r.k.replaceAll(' ', ''));
    expect(names.map((k) => k.slice(0, 10))).toEqual(names.map((k) => k.slice(0, 10)).sort());
    for (const a of attendees.slice(0, 50)) {
      expect(searchAttendees(s.db, { query: a.nameZh ?? a.nameEn!, limit: 50 }).map((h) => h.id)).toContain(a.id);
    }
  });

  it('cancelled part way rolls back with its indexes in place', () => {
    const s = testStation();
    const before = rosterIndexes(s.db);
    const attendees = generateDemoAttendees({ event: readEventFile(s.db), count: BULK });
    let chunks = 0;
    const cancel = () => {
      if (++chunks === 2) throw new Error('cancelled');
    };
    expect(() => s.db.tx(() => insertAttendees(s.db, attendees, new Date(), { chunk: 1000, onChunk: cancel }))).toThrow('cancelled');
    expect(rosterIndexes(s.db)).toEqual(before);
    expect(s.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM attendee`)?.n).toBe(0);
  });
});
