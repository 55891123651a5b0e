import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, openScanConnection, SCHEMA_VERSION } from '../../src/main/core/db/open';
import { MIGRATIONS } from '../../src/main/core/db/migrations';
import { AppFailure } from '../../src/shared/result';

const dirs: string[] = [];
function tempFile(name = 'event.db'): string {
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-db-'));
  dirs.push(dir);
  return join(dir, name);
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('opening an event database', () => {
  it('sets WAL, synchronous=FULL, foreign keys and a busy timeout on a real file', () => {
    const db = openDatabase(tempFile());
    expect(db.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.raw.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.raw.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.raw.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('applies every migration once and reopens without change', () => {
    const file = tempFile();
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(db.raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('refuses a database from a newer schema and leaves its bytes unchanged', () => {
    const file = tempFile();
    openDatabase(file).close();
    const raw = new BetterSqlite3(file);
    raw.pragma('journal_mode = DELETE');
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    const before = sha256(file);
    let failure: unknown;
    try {
      openDatabase(file);
    } catch (e) {
      failure = e;
    }
    expect(failure).toBeInstanceOf(AppFailure);
    expect((failure as AppFailure).code).toBe('schema_too_new');
    expect((failure as AppFailure).message).toMatch(/newer Lanyard/);
    expect(sha256(file)).toBe(before);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('leaves the file at its old version when a migration fails half-way', () => {
    const file = tempFile();
    openDatabase(file, { migrateTo: 1 }).close();
    const broken = [...MIGRATIONS.slice(0, 1), { version: 2, name: 'broken', sql: 'CREATE TABLE ok_table (x INTEGER) STRICT; CREATE TABLE nope (' }];
    expect(() => openDatabase(file, { migrations: broken })).toThrow();
    const raw = new BetterSqlite3(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    expect(raw.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'ok_table'").get()).toEqual({ n: 0 });
    raw.close();
  });

  it('lets a scan connection wait for another writer in short steps, up to its limit, then take the lock once it is free', () => {
    const file = tempFile();
    const db = openDatabase(file);
    const scans = openScanConnection(db);
    scans.spinOnBusy(0.1, 60);
    expect(scans.raw.pragma('busy_timeout', { simple: true })).toBe(0);
    const other = new BetterSqlite3(file);
    other.exec('BEGIN IMMEDIATE');
    const started = performance.now();
    expect(() => scans.tx(() => scans.raw.exec("INSERT INTO station_setting (key, value) VALUES ('k', 'v')"))).toThrow(/locked|busy/i);
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(55);
    expect(waited).toBeLessThan(1000);
    other.exec('COMMIT');
    other.close();
    scans.tx(() => scans.raw.exec("INSERT INTO station_setting (key, value) VALUES ('k', 'v')"));
    expect(db.raw.prepare("SELECT value FROM station_setting WHERE key = 'k'").get()).toEqual({ value: 'v' });
    db.close();
  });
});
