import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AppFailure } from '../../../shared/result';
import type { Db } from '../db/sql';
import { newId } from '../ids';
import { readSetting } from '../station/repo';

/** The key files that live beside an event's database: a backup that left them behind could not be a hub. */
const KEY_SUFFIXES = ['.signing-key', '.hub-key', '.issuer-key'] as const;

/** Where a hub made on screen backs itself up every five minutes (a USB stick), the newest twelve kept. */
export const BACKUP_DIR_SETTING = 'sync.backupDir';

export const readBackupDir = (db: Db): string | null => readSetting(db, BACKUP_DIR_SETTING);

/** Deletes every backup of `dbFile` in `dir`, with the key files beside each; names the backups deleted. */
export function removeBackups(dir: string, dbFile: string): string[] {
  const removed = backupsIn(dir, dbFile);
  for (const file of removed) for (const suffix of ['', ...KEY_SUFFIXES]) rmSync(`${file}${suffix}`, { force: true });
  return removed;
}

export interface BackupResult {
  out: string;
  bytes: number;
  integrity: 'ok';
  /** The last place in the hub's log the backup holds. */
  through: number;
  /** The epoch a hub started from this backup runs in (a new one, so stations know to push what it lacks). */
  epoch: string | null;
}

/** `PRAGMA integrity_check` of a file, opened read-only: 'ok', or what SQLite found (or why it could not look). */
export function integrityOf(file: string, quick = false): string {
  let raw: BetterSqlite3.Database | null = null;
  try {
    raw = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const rows = raw.pragma(quick ? 'quick_check' : 'integrity_check') as Array<Record<string, string>>;
    const found = rows.map((r) => Object.values(r)[0]).join('; ');
    return found === 'ok' ? 'ok' : found.slice(0, 500);
  } catch (e) {
    return (e as Error).message.slice(0, 500);
  } finally {
    raw?.close();
  }
}

/**
 * An online backup through SQLite's backup API (the station keeps working while pages are copied), checked with
 * `integrity_check`, with the key files copied beside it (mode 0600). A hub's backup is stamped with a new epoch
 * whose base is the last place it holds: a hub started from it is a restored hub, and says so to every station.
 */
export async function backupDatabase(db: Db, dbFile: string, out: string): Promise<BackupResult> {
  if (existsSync(out)) throw new AppFailure('conflict', `${out} exists already; a backup never overwrites a file`);
  const part = `${out}.part`;
  rmSync(part, { force: true });
  await db.raw.backup(part);
  let through = 0;
  let epoch: string | null = null;
  const copy = new BetterSqlite3(part);
  try {
    copy.pragma('journal_mode = DELETE');
    const hub = copy.prepare("SELECT role FROM sync_state WHERE role = 'hub'").get() as { role: string } | undefined;
    through = (copy.prepare('SELECT coalesce(max(hub_seq), 0) AS n FROM sync_log').get() as { n: number }).n;
    if (hub) {
      epoch = newId(12);
      copy.prepare('UPDATE sync_state SET epoch = ?, epoch_base = ?').run(epoch, through);
    }
  } finally {
    copy.close();
  }
  const integrity = integrityOf(part);
  if (integrity !== 'ok') {
    rmSync(part, { force: true });
    throw new AppFailure('internal', `the backup of ${dbFile} failed its integrity check: ${integrity}`);
  }
  for (const suffix of KEY_SUFFIXES) {
    if (!existsSync(`${dbFile}${suffix}`)) continue;
    copyFileSync(`${dbFile}${suffix}`, `${out}${suffix}`);
    chmodSync(`${out}${suffix}`, 0o600);
  }
  copyFileSync(part, out);
  rmSync(part, { force: true });
  return { out, bytes: statSync(out).size, integrity: 'ok', through, epoch };
}

/** The backups in a folder made from `dbFile`, newest first. */
export function backupsIn(dir: string, dbFile: string): string[] {
  if (!existsSync(dir)) return [];
  const prefix = `${basename(dbFile, '.db')}-`;
  return readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.db'))
    .sort()
    .reverse()
    .map((f) => join(dir, f));
}

/** The newest backup in `dir` that passes its integrity check, or null. */
export function newestGoodBackup(dir: string, dbFile: string): string | null {
  return backupsIn(dir, dbFile).find((f) => integrityOf(f, true) === 'ok') ?? null;
}

export interface BackupSchedule {
  stop(): void;
  /** One backup now, as the schedule makes them (named by time, the oldest beyond `keep` removed). */
  now(): Promise<BackupResult>;
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/** Backups every `everyMs` into `dir` (a USB stick), keeping the newest `keep`; a failed one is logged, never fatal. */
/** One backup into `dir`, named by its time, the oldest beyond `keep` removed (with their key files). */
export async function backupInto(db: Db, dbFile: string, dir: string, keep: number): Promise<BackupResult> {
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${basename(dbFile, '.db')}-${stamp(new Date())}-${newId(4)}.db`);
  const result = await backupDatabase(db, dbFile, out);
  for (const old of backupsIn(dir, dbFile).slice(keep)) {
    for (const f of [old, ...KEY_SUFFIXES.map((s) => `${old}${s}`)]) rmSync(f, { force: true });
  }
  return result;
}

/** Backups every `everyMs` into `dir` (a USB stick), keeping the newest `keep`; a failed one is logged, never fatal. */
export function scheduleBackups({ db, dbFile, dir, everyMs, keep, log = () => {} }: { db: Db; dbFile: string; dir: string; everyMs: number; keep: number; log?: (line: string) => void }): BackupSchedule {
  mkdirSync(dir, { recursive: true });
  let running: Promise<BackupResult> | null = null;
  const now = async (): Promise<BackupResult> => {
    if (running) return running;
    running = (async () => {
      const result = await backupInto(db, dbFile, dir, keep);
      log(`backup ${result.out} (${result.bytes} bytes, through ${result.through})`);
      return result;
    })().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => {
    now().catch((e: unknown) => log(`backup failed: ${(e as Error).message}`));
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), now };
}
