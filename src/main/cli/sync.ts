import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { AppFailure } from '../../shared/result';
import { CupsPrinter } from '../core/printing/cups';
import { backupDatabase, integrityOf, newestGoodBackup, scheduleBackups } from '../core/sync/backup';
import type { Db } from '../core/db/sql';
import { becomeHub, createPairing, listStations, revokeStation, startHub } from '../core/sync/hub';
import { syncFlags, wholeLog } from '../core/sync/log';
import { joinHub, StationSync, syncStatus } from '../core/sync/station';

/** The sync commands' options, as main.ts parses them. */
export interface SyncValues {
  db?: string | undefined;
  listen?: string | undefined;
  advertise?: string | undefined;
  code?: string | undefined;
  role?: string | undefined;
  activity?: string | undefined;
  name?: string | undefined;
  station?: string | undefined;
  out?: string | undefined;
  'backup-dir'?: string | undefined;
  'backup-minutes'?: string | undefined;
  keep?: string | undefined;
  server?: string | undefined;
}

export interface SyncHelpers {
  open(file: string | undefined): Db;
  usage(message: string): Error;
  print(value: unknown): void;
}

export const SYNC_USAGE = `  lanyard hub --db FILE --listen HOST:PORT [--advertise HOST] [--name NAME]
            [--backup-dir DIR [--backup-minutes 5] [--keep 12]]
                                                 run this event's hub on the LAN until SIGTERM; prints one line
                                                 {"ready":true,"url","fingerprint"} once listening; backs up into DIR;
                                                 refuses a damaged file, naming the newest good backup
  lanyard backup --db FILE --out FILE             an online backup, integrity-checked, with its key files beside it
  lanyard pair --db HUBFILE --role desk|door [--activity ID] [--name NAME]
                                                 a one-time pairing code for a new station (10 minutes)
  lanyard join --db NEWFILE --code CODE [--name NAME]
                                                 make this station's database from the hub's snapshot
  lanyard station --db FILE [--server HOST:PORT]  run the station's sync until SIGTERM; prints one line when connected;
                                                 tells the hub the state of the CUPS printers its badges go to
  lanyard sync status --db FILE                  {role, hub, connected, lastContact, unsent, appliedThrough, clockOffsetMs}
  lanyard sync log --db FILE                     the replicated log as this file holds it, in the hub's order
  lanyard sync flags --db HUBFILE                double entries the hub found when doors that were apart met again
  lanyard stations --db HUBFILE                  the hub's paired stations
  lanyard revoke --db HUBFILE --station ID       revoke a station: its credential stops working at once`;

const line = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
}

/** Runs a sync command; false when `command` is not one. */
export async function syncCommand(command: string, rest: string[], values: SyncValues, h: SyncHelpers): Promise<boolean> {
  switch (command) {
    case 'join': {
      if (!values.db || !values.code) throw h.usage('join needs --db NEWFILE and --code CODE');
      h.print(await joinHub({ dbFile: values.db, code: values.code, name: values.name }));
      return true;
    }
    case 'backup': {
      if (!values.out) throw h.usage('backup needs --out FILE');
      const db = h.open(values.db);
      try {
        h.print(await backupDatabase(db, values.db!, values.out));
      } finally {
        db.close();
      }
      return true;
    }
    case 'hub': {
      if (!values.listen) throw h.usage('hub needs --listen HOST:PORT');
      const m = /^(.+):(\d+)$/.exec(values.listen);
      if (!m) throw h.usage(`--listen takes HOST:PORT, got "${values.listen}"`);
      if (values.db && existsSync(values.db)) {
        const integrity = integrityOf(values.db, true);
        if (integrity !== 'ok') {
          const newest = values['backup-dir'] ? newestGoodBackup(values['backup-dir'], values.db) : null;
          throw new AppFailure(
            'conflict',
            `${values.db} is damaged (${integrity}); the hub will not start on it and has not changed it. ${newest ? `The newest good backup is ${newest}: copy it (with its key files) to a new file and start the hub on that.` : 'No good backup was found; give --backup-dir to look in one.'}`,
          );
        }
      }
      const db = h.open(values.db);
      try {
        const { fingerprint } = await becomeHub(db, values.db!, values.name ?? hostname());
        const hub = await startHub({
          db,
          dbFile: values.db!,
          host: m[1]!.replace(/^\[|\]$/g, ''),
          port: Number(m[2]),
          ...(values.advertise ? { advertise: values.advertise } : {}),
          log: (text) => process.stderr.write(`lanyard hub: ${text}\n`),
        });
        const everyMs = Number(values['backup-minutes'] ?? 5) * 60_000;
        const backups = values['backup-dir'] ? scheduleBackups({ db, dbFile: values.db!, dir: values['backup-dir'], everyMs, keep: Number(values.keep ?? 12), log: (text) => process.stderr.write(`lanyard hub: ${text}\n`) }) : null;
        line({ ready: true, url: hub.url, fingerprint, pid: process.pid });
        await untilSignal();
        backups?.stop();
        await hub.close();
      } finally {
        db.close();
      }
      return true;
    }
    case 'pair': {
      const role = values.role;
      if (role !== 'desk' && role !== 'door') throw h.usage('pair needs --role desk or --role door');
      const db = h.open(values.db);
      try {
        h.print(createPairing(db, { role, activityId: values.activity, name: values.name, at: new Date() }));
      } finally {
        db.close();
      }
      return true;
    }
    case 'station': {
      const db = h.open(values.db);
      const sync = new StationSync({
        db,
        log: (text) => process.stderr.write(`lanyard station: ${text}\n`),
        onConnected: () => line({ ...syncStatus(db), connected: true, pid: process.pid }),
        printers: () => new CupsPrinter(values.server ? { server: values.server } : {}).list(),
      });
      try {
        sync.start();
        await untilSignal();
        await sync.stop();
      } finally {
        db.close();
      }
      return true;
    }
    case 'sync': {
      const [verb] = rest;
      const db = h.open(values.db);
      try {
        if (verb === 'status') h.print(syncStatus(db));
        else if (verb === 'log') h.print(wholeLog(db));
        else if (verb === 'flags') h.print(syncFlags(db));
        else throw h.usage('sync takes status, log or flags');
      } finally {
        db.close();
      }
      return true;
    }
    case 'stations': {
      const db = h.open(values.db);
      try {
        h.print(listStations(db));
      } finally {
        db.close();
      }
      return true;
    }
    case 'revoke': {
      if (!values.station) throw h.usage('revoke needs --station ID');
      const db = h.open(values.db);
      try {
        h.print(revokeStation(db, values.station, new Date()));
      } finally {
        db.close();
      }
      return true;
    }
    default:
      return false;
  }
}
