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
    applyPragmas(raw, file);
    const db = new Db(raw, options.nativeBinding);
    migrate(db, found, target, migrations);
    return db;
  } catch (e) {
    raw.close();
    throw e;
  }
}

const CACHE_KIB = 128 * 1024;

function applyPragmas(raw: BetterSqlite3.Database, file: string): void {
  const inMemory = file === ':memory:' || file === '';
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // A 100k roster with its indexes is ~90 MiB; SQLite's default 2 MiB cache sends a bulk write to the OS for most pages.
  raw.pragma(`cache_size = -${CACHE_KIB}`);
  const expect: Array<[string, string | number]> = [
    ['journal_mode', inMemory ? 'memory' : 'wal'],
    ['synchronous', 2],
    ['foreign_keys', 1],
    ['busy_timeout', BUSY_TIMEOUT_MS],
    ['cache_size', -CACHE_KIB],
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

export { SCHEMA_VERSION };
