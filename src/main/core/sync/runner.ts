import { existsSync, renameSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import type { PrinterView } from '../../../shared/printing';
import { AppFailure } from '../../../shared/result';
import type { Db } from '../db/sql';
import { issuerKeyFile } from '../credentials/issuers';
import { readSetting } from '../station/repo';
import { signingKeyFile } from '../credentials/keys';
import type { SyncHost } from './handlers';
import type { BackupSchedule } from './backup';
import { readBackupDir, scheduleBackups } from './backup';
import type { RunningHub } from './hub';
import { startHub } from './hub';
import { readSyncState } from './log';
import { StationSync } from './station';
import { SyncThread } from './thread';

/** Where a hub made on screen listens, kept with this laptop's settings (never in a snapshot). */
export const LISTEN_SETTING = 'sync.listen';

export const BACKUP_EVERY_MS = 5 * 60_000;
export const BACKUPS_KEPT = 12;

export const readListen = (db: Db): string | null => readSetting(db, LISTEN_SETTING);

export function parseListen(text: string): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || port < 1 || port > 65535) throw new AppFailure('invalid_input', `an address to listen on is HOST:PORT, got "${text.slice(0, 80)}"`);
  return { host: m[1]!, port };
}

/** The addresses this laptop has on its networks: the ones a hub may listen on (loopback last, for a trial on one laptop). */
export function lanAddresses(): string[] {
  const found: string[] = [];
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) found.push(a.address);
  return [...found.sort(), '127.0.0.1'];
}

/**
 * The sync a station's app runs in its own process, on its own connection to the file (the Electron app, `lanyard
 * serve --sync`): the hub's server on the address chosen on screen, or a desk's or door's loops. Started again after
 * the screen made this laptop a hub; nothing for a station on its own.
 */
export class SyncRunner {
  private hub: RunningHub | null = null;
  private backups: BackupSchedule | null = null;
  private station: StationSync | null = null;
  private db: Db | null = null;

  constructor(private readonly options: { dbFile: string; open: (file: string) => Db; log?: (line: string) => void; printers?: () => Promise<PrinterView[]> }) {}

  async restart(): Promise<{ running: 'hub' | 'station' | null; url: string | null }> {
    await this.stop();
    const db = this.options.open(this.options.dbFile);
    const state = readSyncState(db);
    const listen = readListen(db);
    if (state === null || (state.role === 'hub' && listen === null) || state.revoked) {
      db.close();
      return { running: null, url: null };
    }
    this.db = db;
    const log = this.options.log ?? (() => {});
    if (state.role === 'hub') {
      const { host, port } = parseListen(listen!);
      try {
        this.hub = await startHub({ db, dbFile: this.options.dbFile, host, port, log });
      } catch (e) {
        this.db = null;
        db.close();
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new AppFailure('conflict', `${listen} is in use by another program: choose another port`);
        if (code === 'EADDRNOTAVAIL') throw new AppFailure('conflict', `this laptop has no address ${host} (any more): choose one of its addresses`);
        throw e;
      }
      const dir = readBackupDir(db);
      if (dir !== null) this.backups = scheduleBackups({ db, dbFile: this.options.dbFile, dir, everyMs: BACKUP_EVERY_MS, keep: BACKUPS_KEPT, log });
      return { running: 'hub', url: this.hub.url };
    }
    this.station = new StationSync({ db, log, ...(this.options.printers ? { printers: this.options.printers } : {}) });
    this.station.start();
    return { running: 'station', url: state.hubUrl };
  }

  async stop(): Promise<void> {
    this.backups?.stop();
    this.backups = null;
    await this.hub?.close();
    await this.station?.stop();
    this.db?.close();
    this.hub = null;
    this.station = null;
    this.db = null;
  }
}

/**
 * A station that joined a hub on screen becomes the file it joined into: the database it had (and its keys) is kept
 * beside under a dated name, never deleted, and the joined file (and its desk key) takes its place. Every connection to
 * both files must be closed.
 */
export function adoptJoinedFile(dbFile: string, joinedFile: string, at: Date): { keptAs: string } {
  const keptAs = `${dbFile}.before-join-${at.toISOString().replace(/[:.]/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(`${dbFile}${suffix}`)) renameSync(`${dbFile}${suffix}`, `${keptAs}${suffix}`);
  for (const key of [signingKeyFile, issuerKeyFile]) if (existsSync(key(dbFile))) renameSync(key(dbFile), key(keptAs));
  for (const suffix of ['-wal', '-shm']) if (existsSync(`${joinedFile}${suffix}`)) renameSync(`${joinedFile}${suffix}`, `${dbFile}${suffix}`);
  renameSync(joinedFile, dbFile);
  if (existsSync(issuerKeyFile(joinedFile))) renameSync(issuerKeyFile(joinedFile), issuerKeyFile(dbFile));
  return { keptAs };
}

/**
 * The sync host of a station process: its runner, and how the process takes a joined file as its database
 * (`switchTo` closes everything on the old file, runs the swap, and opens again, or restarts the process).
 */
export class ProcessSyncHost implements SyncHost {
  readonly runner: { restart(): Promise<{ running: 'hub' | 'station' | null }>; stop(): Promise<void> };
  private active = false;

  constructor(
    private readonly options: {
      dbFile: string;
      open: (file: string) => Db;
      log: (line: string) => void;
      switchTo: (swap: () => void) => Promise<void>;
      /** Runs the sync on a thread of its own (the app's way), opening the file with this addon; else on this thread. */
      thread?: { nativeBinding?: string | undefined };
    },
  ) {
    this.runner = options.thread ? new SyncThread({ dbFile: options.dbFile, nativeBinding: options.thread.nativeBinding, log: options.log }) : new SyncRunner(options);
  }

  running(): boolean {
    return this.active;
  }

  /** Throws what stopped it (an address in use); the app logs it at start and the screen shows it when asked. */
  async restart(): Promise<void> {
    this.active = false;
    this.active = (await this.runner.restart()).running !== null;
  }

  adopt(joinedFile: string): void {
    void (async () => {
      await this.runner.stop();
      this.active = false;
      await this.options.switchTo(() => adoptJoinedFile(this.options.dbFile, joinedFile, new Date()));
    })().catch((e: unknown) => this.options.log(`could not take the joined database: ${(e as Error).stack ?? String(e)}`));
  }

  async stop(): Promise<void> {
    await this.runner.stop();
    this.active = false;
  }
}
