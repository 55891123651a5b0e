import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { lanyard } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'lanyard-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Info {
  event: { id: string };
  activities: Array<{ id: string; title: { zh: string; en: string }; room: string | null }>;
  categories: Array<{ id: string; name: { zh: string; en: string } }>;
}

describe('the lanyard command line', () => {
  const db = join(dir, 'e.db');

  it('creates the CNMC 2024 event and lists its 11 activities in both languages and its 10 categories', () => {
    const init = lanyard('init', '--db', db);
    expect(init.code, init.stderr).toBe(0);
    expect(JSON.parse(init.stdout)).toMatchObject({ event: 'cnmc-2024', activities: 11, categories: 10 });
    const info = lanyard('info', '--db', db);
    expect(info.code, info.stderr).toBe(0);
    const parsed = JSON.parse(info.stdout) as Info;
    expect(parsed.activities).toHaveLength(11);
    expect(parsed.activities[0]!.title).toEqual({ zh: '开幕式暨主论坛', en: 'Opening Ceremony and Main Forum' });
    expect(parsed.categories.map((c) => c.name.zh)).toContain('港澳台媒体');
    expect(parsed.categories).toHaveLength(10);
  });

  it('refuses to init over an existing event', () => {
    const again = lanyard('init', '--db', db);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/holds an event already/);
  });

  it('refuses a broken event file, names the field, and leaves the event unchanged', () => {
    const exported = lanyard('event', 'export', '--db', db);
    expect(exported.code).toBe(0);
    const file = JSON.parse(exported.stdout) as { activities: Array<Record<string, unknown>> };
    file.activities[2]!.capacity = 'three hundred';
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify(file));
    const r = lanyard('event', 'import', '--db', db, broken);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('activities[2].capacity');
    expect(lanyard('event', 'export', '--db', db).stdout).toBe(exported.stdout);
  });

  it('imports an edited event file', () => {
    const file = JSON.parse(lanyard('event', 'export', '--db', db).stdout) as { activities: Array<Record<string, unknown>> };
    file.activities[0]!.room = '长沙国际会议中心';
    const edited = join(dir, 'edited.json');
    writeFileSync(edited, JSON.stringify(file));
    expect(lanyard('event', 'import', '--db', db, edited).code).toBe(0);
    expect((JSON.parse(lanyard('info', '--db', db).stdout) as Info).activities[0]!.room).toBe('长沙国际会议中心');
  });

  it('adds and removes demo attendees', () => {
    expect(JSON.parse(lanyard('demo', '--db', db, '--attendees', '500').stdout)).toEqual({ created: 500 });
    expect(JSON.parse(lanyard('info', '--db', db).stdout)).toMatchObject({ attendees: { total: 500, demo: 500 } });
    expect(JSON.parse(lanyard('demo', 'remove', '--db', db).stdout)).toEqual({ removed: 500 });
  });

  it('refuses a database from a newer Lanyard without changing it', () => {
    const newer = join(dir, 'newer.db');
    const raw = new BetterSqlite3(newer);
    raw.pragma('user_version = 99');
    raw.close();
    const r = lanyard('info', '--db', newer);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/newer Lanyard/);
  });

  it('explains bad usage with a non-zero exit', () => {
    expect(lanyard('info').code).toBe(2);
    expect(lanyard('demo', '--db', db, '--attendees', 'lots').stderr).toMatch(/--attendees must be a whole number/);
    expect(lanyard('frobnicate', '--db', db).code).toBe(2);
    expect(lanyard('info', '--db', join(dir, 'missing.db')).stderr).toMatch(/no database at/);
  });
});
