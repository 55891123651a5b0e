import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/open';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/main/core/db/migrations';
import { sql } from '../../src/main/core/db/sql';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import { listBadgeLayouts } from '../../src/main/core/event/repo';
import { initEvent } from '../../src/main/core/services';
import { DEFAULT_BADGE_LAYOUT } from '../../src/shared/badge';
import { writeEventAtOldSchema } from '../helpers/core';

const strictTables = (db: ReturnType<typeof openDatabase>) =>
  Object.fromEntries(
    db.raw
      .prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'")
      .all()
      .map((r) => [(r as { name: string }).name, (r as { strict: number }).strict]),
  );

describe('migrations', () => {
  it('numbers each migration by its position', () => {
    MIGRATIONS.forEach((m, i) => expect(m.version).toBe(i + 1));
  });

  it('001 creates the event, operator, station and audit tables, all STRICT', () => {
    const db = openDatabase(':memory:', { migrateTo: 1 });
    expect(strictTables(db)).toEqual({ event: 1, activity: 1, category: 1, category_access: 1, operator: 1, station_setting: 1, audit_log: 1 });
    db.close();
  });

  it('001 keeps the audit log append-only', () => {
    const db = openDatabase(':memory:', { migrateTo: 1 });
    db.run(sql`INSERT INTO audit_log (at, via, action, entity) VALUES ('2024-10-15T00:00:00Z', 'system', 'test', 'event')`);
    expect(() => db.run(sql`UPDATE audit_log SET action = 'forged'`)).toThrow(/append-only/);
    expect(() => db.run(sql`DELETE FROM audit_log`)).toThrow(/append-only/);
    db.close();
  });

  it('001 rejects a value of the wrong type in a STRICT column', () => {
    const db = openDatabase(':memory:');
    initEvent(db, cnmc2024(), new Date('2024-10-01T00:00:00Z'));
    expect(() => db.run(sql`UPDATE activity SET capacity = 'many' WHERE id = 'main-forum'`)).toThrow(/cannot store TEXT value in INTEGER column/);
    db.close();
  });

  it('002 adds the roster, all STRICT, tied to categories and activities', () => {
    const db = openDatabase(':memory:');
    expect(strictTables(db)).toMatchObject({ attendee: 1, registration: 1, ticket_code: 1 });
    initEvent(db, cnmc2024(), new Date('2024-10-01T00:00:00Z'));
    const insert = (category: string) =>
      db.run(sql`INSERT INTO attendee (id, name_zh, category_id, region, source, created_at, updated_at)
                 VALUES ('A1', '张三', ${category}, 'mainland', 'import', 'now', 'now')`);
    expect(() => insert('no-such-category')).toThrow(/FOREIGN KEY/);
    insert('delegate');
    expect(() => db.run(sql`INSERT INTO registration (attendee_id, activity_id) VALUES ('A1', 'no-such-activity')`)).toThrow(/FOREIGN KEY/);
    db.run(sql`INSERT INTO registration (attendee_id, activity_id) VALUES ('A1', 'forum-2')`);
    db.run(sql`DELETE FROM attendee WHERE id = 'A1'`);
    expect(db.get(sql`SELECT count(*) AS n FROM registration`)).toEqual({ n: 0 });
    db.close();
  });

  it('002 upgrades a version-1 file in place, keeping its event', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanyard-mig-'));
    try {
      const file = join(dir, 'v1.db');
      const v1 = openDatabase(file, { migrateTo: 1 });
      v1.run(sql`INSERT INTO activity (id, position, kind, title_zh, title_en, short_title_zh, short_title_en, policy)
                 VALUES ('main-forum', 0, 'main_forum', '开幕式暨主论坛', 'Opening Ceremony and Main Forum', '主论坛', 'Main Forum', '{}')`);
      v1.close();
      const db = openDatabase(file);
      expect(db.raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.get(sql`SELECT title_zh FROM activity`)).toEqual({ title_zh: '开幕式暨主论坛' });
      expect(db.get(sql`SELECT count(*) AS n FROM attendee`)).toEqual({ n: 0 });
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds attendees by external id and registrations by activity through indexes', () => {
    const db = openDatabase(':memory:');
    const plan = (q: string) => (db.raw.prepare(`EXPLAIN QUERY PLAN ${q}`).all() as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    expect(plan("SELECT id FROM attendee WHERE external_id = 'X'")).toMatch(/USING INDEX attendee_external_id/);
    expect(plan("SELECT attendee_id FROM registration WHERE activity_id = 'forum-1'")).toMatch(/USING (COVERING )?INDEX registration_activity/);
    expect(plan("SELECT attendee_id FROM ticket_code WHERE code = 'T1'")).toMatch(/USING PRIMARY KEY/);
    db.close();
  });

  it('007 keeps one public signing key per event file, STRICT, and refuses anything but 32 bytes of base64url', () => {
    const db = openDatabase(':memory:', { migrateTo: 7 });
    expect(strictTables(db)).toMatchObject({ event_key: 1 });
    const put = (key: string) => db.run(sql`INSERT INTO event_key (singleton, public_key, created_at) VALUES (1, ${key}, '2024-10-01T00:00:00Z')`);
    expect(() => put('not a key')).toThrow(/CHECK constraint/);
    expect(() => put(`${'A'.repeat(42)}=`)).toThrow(/CHECK constraint/);
    put(`${'A'.repeat(42)}_`);
    expect(() => db.run(sql`INSERT INTO event_key (singleton, public_key, created_at) VALUES (2, ${'B'.repeat(43)}, 'x')`)).toThrow(/CHECK constraint/);
    db.close();
  });

  it('008 adds badge layouts and a print queue where a job is printed only with a time and who confirmed it', () => {
    const db = openDatabase(':memory:', { migrateTo: 8 });
    writeEventAtOldSchema(db);
    expect(strictTables(db)).toMatchObject({ badge_layout: 1, print_job: 1 });
    expect(listBadgeLayouts(db)).toEqual([DEFAULT_BADGE_LAYOUT]);
    db.run(sql`INSERT INTO attendee (id, name_zh, category_id, region, source, created_at, updated_at) VALUES ('A1', '张三', 'delegate', 'mainland', 'import', 'now', 'now')`);
    const job = (id: string, state: string, printedAt: string | null, by: string | null) =>
      db.run(sql`INSERT INTO print_job (id, attendee_id, badge_version, printer, state, created_at, updated_at, printed_at, confirmed_by)
                 VALUES (${id}, 'A1', 1, 'desk-1', ${state}, 'now', 'now', ${printedAt}, ${by})`);
    expect(() => job('J1', 'printed', null, null)).toThrow(/CHECK constraint/);
    expect(() => job('J2', 'sent', 'now', 'spooler')).toThrow(/CHECK constraint/);
    expect(() => job('J3', 'done', null, null)).toThrow(/CHECK constraint/);
    expect(() => job('J4', 'printed', 'now', 'callback')).toThrow(/CHECK constraint/);
    job('J5', 'printed', 'now', 'spooler');
    job('J6', 'queued', null, null);
    expect(() => db.run(sql`INSERT INTO print_job (id, attendee_id, badge_version, printer, state, created_at, updated_at) VALUES ('J7', 'NOBODY', 1, 'p', 'queued', 'now', 'now')`)).toThrow(/FOREIGN KEY/);
    const plan = (q: string) => (db.raw.prepare(`EXPLAIN QUERY PLAN ${q}`).all() as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    expect(plan("SELECT id FROM print_job WHERE attendee_id = 'A1' ORDER BY created_at")).toMatch(/USING INDEX print_job_attendee/);
    expect(plan("SELECT id FROM print_job WHERE printer = 'p' AND state IN ('queued', 'sent') ORDER BY created_at")).toMatch(/USING INDEX print_job_open/);
    db.close();
  });

  it('009 keeps the scan log append-only, with overrides and undos pointing at the scan they answer, and door lookups by key', () => {
    const db = openDatabase(':memory:', { migrateTo: 9 });
    writeEventAtOldSchema(db);
    expect(strictTables(db)).toMatchObject({ scan: 1, presence: 1, activity_count: 1 });
    db.run(sql`INSERT INTO attendee (id, name_zh, category_id, region, source, created_at, updated_at) VALUES ('A1', '张三', 'delegate', 'mainland', 'import', 'now', 'now')`);
    const scan = (id: string, kind: string, refersTo: string | null, why: string | null, activity: string | null = 'forum-2') =>
      db.run(sql`INSERT INTO scan (id, at, station, kind, activity_id, attendee_id, outcome, reason, refers_to, why) VALUES (${id}, 'now', 'door-1', ${kind}, ${activity}, 'A1', 'admitted', 'ok', ${refersTo}, ${why})`);
    scan('S1', 'entry', null, null);
    expect(() => scan('S2', 'override', null, null)).toThrow(/CHECK constraint/);
    expect(() => scan('S3', 'entry', 'S1', 'why')).toThrow(/CHECK constraint/);
    expect(() => scan('S4', 'entry', null, null, null)).toThrow(/CHECK constraint/);
    scan('S5', 'arrival', null, null, null);
    scan('S6', 'reversal', 'S1', 'wrong badge');
    expect(() => scan('S7', 'reversal', 'S1', 'again')).toThrow(/UNIQUE/);
    expect(() => db.run(sql`UPDATE scan SET reason = 'x' WHERE id = 'S1'`)).toThrow(/append-only/);
    expect(() => db.run(sql`DELETE FROM scan WHERE id = 'S1'`)).toThrow(/append-only/);
    const plan = (q: string) => (db.raw.prepare(`EXPLAIN QUERY PLAN ${q}`).all() as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    expect(plan("SELECT inside, entries FROM presence WHERE activity_id = 'forum-2' AND attendee_id = 'A1'")).toMatch(/USING PRIMARY KEY/);
    expect(plan("SELECT inside FROM activity_count WHERE activity_id = 'forum-2'")).toMatch(/USING INDEX sqlite_autoindex_activity_count_1/);
    expect(plan("SELECT * FROM scan WHERE id = 'S1'")).toMatch(/USING INDEX sqlite_autoindex_scan_1/);
    db.close();
  });

  it('010 drops presence and counts, which the log holds, keeps the log, and moves its epoch with every scan deleted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanyard-mig-'));
    try {
      const file = join(dir, 'v9.db');
      const v9 = openDatabase(file, { migrateTo: 9 });
      writeEventAtOldSchema(v9);
      v9.run(sql`INSERT INTO attendee (id, name_zh, category_id, region, source, is_demo, created_at, updated_at) VALUES ('A1', '张三', 'delegate', 'mainland', 'demo', 1, 'now', 'now')`);
      const scan = (db: typeof v9, id: string, outcome: string) =>
        db.run(sql`INSERT INTO scan (id, at, station, kind, activity_id, attendee_id, outcome, reason) VALUES (${id}, 'now', 'door-1', 'entry', 'forum-2', 'A1', ${outcome}, 'ok')`);
      scan(v9, 'S1', 'admitted');
      v9.run(sql`INSERT INTO presence (activity_id, attendee_id, inside, entries) VALUES ('forum-2', 'A1', 1, 1)`);
      v9.close();
      const db = openDatabase(file);
      const tables = db.all<{ name: string }>(sql`SELECT name FROM sqlite_schema WHERE type = 'table'`).map((t) => t.name);
      expect(tables).not.toContain('presence');
      expect(tables).not.toContain('activity_count');
      expect(strictTables(db)).toMatchObject({ scan_log_state: 1 });
      expect(db.all(sql`SELECT id FROM scan`)).toEqual([{ id: 'S1' }]);
      const epoch = () => db.get<{ epoch: number }>(sql`SELECT epoch FROM scan_log_state`)!.epoch;
      expect(epoch()).toBe(0);
      scan(db, 'S2', 'refused');
      expect(epoch()).toBe(0);
      db.run(sql`DELETE FROM scan WHERE attendee_id = 'A1'`);
      expect(epoch()).toBe(2);
      expect(() => db.run(sql`INSERT INTO scan_log_state (one, epoch) VALUES (2, 0)`)).toThrow(/CHECK constraint/);
      const plan = (q: string) => (db.raw.prepare(`EXPLAIN QUERY PLAN ${q}`).all() as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
      // The ledger's catch-up at every scan reads only the rows past the last it applied; an undo replays one activity.
      expect(plan('SELECT rowid, id, kind FROM scan WHERE rowid > 10 ORDER BY rowid')).toMatch(/USING INTEGER PRIMARY KEY \(rowid>\?\)/);
      expect(plan("SELECT rowid, kind FROM scan s WHERE s.activity_id = 'forum-2' AND s.rowid <= 10")).toMatch(/USING INDEX scan_activity/);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('011 upgrades a version-10 file so a ticket code is found in any letter case along its own index', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanyard-mig-'));
    try {
      const file = join(dir, 'v10.db');
      const v10 = openDatabase(file, { migrateTo: 10 });
      writeEventAtOldSchema(v10);
      v10.run(sql`INSERT INTO attendee (id, name_en, category_id, region, source, created_at, updated_at) VALUES ('A1', 'Anna Schmidt', 'media', 'abroad', 'import', 'now', 'now')`);
      v10.run(sql`INSERT INTO ticket_code (code, attendee_id) VALUES ('k7d3mvq9xw2p', 'A1')`);
      v10.close();
      const db = openDatabase(file);
      expect(db.all(sql`SELECT attendee_id FROM ticket_code WHERE upper(code) = upper(${'K7D3MVQ9XW2P'})`)).toEqual([{ attendee_id: 'A1' }]);
      expect(db.all(sql`SELECT code FROM ticket_code`)).toEqual([{ code: 'k7d3mvq9xw2p' }]);
      const plan = (db.raw.prepare('EXPLAIN QUERY PLAN SELECT attendee_id FROM ticket_code WHERE upper(code) = upper(?)').all('X') as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
      expect(plan).toMatch(/USING INDEX ticket_code_folded/);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
