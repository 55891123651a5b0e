import BetterSqlite3 from 'better-sqlite3';
import { AppFailure } from '../../../shared/result';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations';
import { Db } from './sql';

export interface OpenOptions {
  /** Path of a better-sqlite3 addon built for another runtime (Electron keeps its own build). */
  nativeBinding?: string;
  /** Apply migrations only up to this version (tests of a single migration). */
  migrateTo?: number;
  migrations?: readonly Migration[];
  /** Page cache size in KiB (default 128 MiB, for the roster's bulk work and search). */
  cacheKiB?: number;
}

const BUSY_TIMEOUT_MS = 5000;

/** Opens an event database: newer schemas are refused untouched, pragmas are set and checked, migrations run in one transaction. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const migrations = options.migrations ?? MIGRATIONS;
  const target = options.migrateTo ?? migrations.length;
  const raw = new BetterSqlite3(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    // Read the version before any write: a file from a newer Lanyard must keep every byte.
    const found = raw.pragma('user_version', { simple: true }) as number;
    if (found > migrations.length) {
      throw new AppFailure(
        'schema_too_new',
        `${file} was written by a newer Lanyard (schema ${found}; this one knows up to ${migrations.length}). Update Lanyard; the file was not changed.`,
        { found, supported: migrations.length },
      );
    }
    applyPragmas(raw, file, options.cacheKiB ?? CACHE_KIB);
    const db = new Db(raw, options.nativeBinding);
    migrate(db, found, target, migrations);
    return db;
  } catch (e) {
    raw.close();
    throw e;
  }
}

const CACHE_KIB = 128 * 1024;
const SCAN_CACHE_KIB = 8 * 1024;

function applyPragmas(raw: BetterSqlite3.Database, file: string, cacheKiB: number): void {
  const inMemory = file === ':memory:' || file === '';
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // A 100k roster with its indexes is ~90 MiB; SQLite's default 2 MiB cache sends a bulk write to the OS for most pages.
  raw.pragma(`cache_size = -${cacheKiB}`);
  const expect: Array<[string, string | number]> = [
    ['journal_mode', inMemory ? 'memory' : 'wal'],
    ['synchronous', 2],
    ['foreign_keys', 1],
    ['busy_timeout', BUSY_TIMEOUT_MS],
    ['cache_size', -cacheKiB],
  ];
  for (const [pragma, wanted] of expect) {
    const actual = raw.pragma(pragma, { simple: true });
    if (actual !== wanted) {
      throw new AppFailure('internal', `PRAGMA ${pragma} is ${String(actual)} after opening ${file}, expected ${String(wanted)}`);
    }
  }
}

function migrate(db: Db, from: number, to: number, migrations: readonly Migration[]): void {
  if (from >= to) return;
  db.tx(() => {
    for (const m of migrations.slice(from, to)) db.raw.exec(m.sql);
    db.raw.pragma(`user_version = ${to}`);
  });
}

/**
 * The connection a door's scans commit on: the same file, opened the same way, with a small page cache, closed with
 * `db`. SQLite ends a write transaction by dropping cached pages past the end of the file, and when a B-tree split
 * renumbered pages during it, that means walking the whole cache: ~0.5 ms on the roster's 128 MiB, every few dozen
 * scans. On an 8 MiB cache the same commit costs a few microseconds more than a plain one. An in-memory database has
 * no second connection: `db` itself is returned. Its transactions wait for another writer in steps of 0.1 ms
 * (Db.spinOnBusy) rather than SQLite's busy handler, whose sleeps of 1, 2, 5 ms were a door's slowest scans while its
 * sync applied the hub's entries.
 */
export function openScanConnection(db: Db): Db {
  if (db.raw.memory) return db;
  const scans = openDatabase(db.raw.name, { cacheKiB: SCAN_CACHE_KIB, ...(db.nativeBinding ? { nativeBinding: db.nativeBinding } : {}) });
  // A scan behind another writer (the sync applying the hub's entries) takes the lock as soon as it is free.
  scans.spinOnBusy(0.1, BUSY_TIMEOUT_MS);
  db.whenClosed(() => scans.close());
  return scans;
}

export { SCHEMA_VERSION };
