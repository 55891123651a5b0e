import type { StationRow, SyncBarView, SyncSetupView } from '../../../shared/sync';
import { AppFailure } from '../../../shared/result';
import { qrMatrix } from '../badges/qr';
import type { ServiceContext } from '../context';
import { openDatabase } from '../db/open';
import { sql } from '../db/sql';
import type { Handlers } from '../dispatch';
import { newId } from '../ids';
import { getStationConfig, setStationConfig, writeSetting } from '../station/repo';
import { becomeHub, createPairing, revokeStation, stationRows } from './hub';
import { readSyncState, syncFlags } from './log';
import { BACKUP_DIR_SETTING, backupInto, readBackupDir } from './backup';
import { BACKUPS_KEPT, lanAddresses, LISTEN_SETTING, parseListen } from './runner';
import { joinHub, syncStatus } from './station';

/**
 * What hosts the sync in this process: the app (Electron, `lanyard serve --sync`). Without one, the screens still show
 * the state, and hub and join are done with `lanyard hub` / `lanyard join`.
 */
export interface SyncHost {
  running(): boolean;
  /** Starts what the file's role needs again: the hub's server on its address, or a station's loops. */
  restart(): Promise<void>;
  /** Makes the joined file this station's database and starts again on it; called after the join's answer is sent. */
  adopt(joinedFile: string): void;
}

type SyncCommands = 'sync:status' | 'sync:stations' | 'sync:revoke' | 'sync:addresses' | 'sync:becomeHub' | 'sync:pair' | 'sync:join' | 'sync:backup';

/**
 * Sync as the screens see it: the top bar's state on every station, and the hub's Stations screen. The sync itself
 * runs beside the station (`lanyard station`, `lanyard hub`); these read what it keeps in the file.
 */
export function syncHandlers({ db, now, audit }: ServiceContext, host: SyncHost | null = null): Pick<Handlers, SyncCommands> {
  const rows = (): StationRow[] => stationRows(db, now().getTime());
  const requireHub = () => {
    if (readSyncState(db)?.role !== 'hub') throw new AppFailure('not_found', 'this station is not the event’s hub');
  };
  const dbFile = db.raw.name;
  const setup = (): SyncSetupView => {
    const state = readSyncState(db);
    const url = state === null ? null : state.role === 'hub' ? (db.get<{ url: string | null }>(sql`SELECT url FROM sync_hub`)?.url ?? null) : state.hubUrl;
    return { role: state?.role ?? null, url, hosted: host !== null, running: host?.running() ?? false, addresses: lanAddresses(), backupDir: readBackupDir(db) };
  };
  /** A station on its own (or, where `hubToo`, the hub itself): not one paired with a hub. */
  const onItsOwn = (what: string, hubToo: boolean) => {
    const role = readSyncState(db)?.role;
    if (role !== undefined && !(hubToo && role === 'hub')) throw new AppFailure('conflict', `this station is ${role === 'hub' ? 'the event’s hub' : `paired with a hub already (${role})`}; it cannot ${what}`);
  };
  return {
    'sync:addresses': () => setup(),

    'sync:becomeHub': async (input, ctx) => {
      onItsOwn('become the hub', true);
      const { host: address, port } = parseListen(input.listen);
      const listen = `${address.includes(':') ? `[${address}]` : address}:${port}`;
      const { fingerprint } = await becomeHub(db, dbFile, input.name ?? getStationConfig(db).name);
      db.tx(() => {
        writeSetting(db, LISTEN_SETTING, listen);
        audit(ctx, { action: 'sync.becomeHub', entity: 'station', entityId: readSyncState(db)!.stationId, after: { listen, fingerprint } });
      });
      await host?.restart();
      return setup();
    },

    'sync:pair': (input, ctx) => {
      requireHub();
      const pairing = db.tx(() => {
        const p = createPairing(db, { role: input.role, activityId: input.activityId, name: input.name, at: now() });
        audit(ctx, { action: 'sync.pair', entity: 'station', after: { role: input.role, activityId: input.activityId ?? null, name: input.name ?? null, expiresAt: p.expiresAt } });
        return p;
      });
      const { size, dark } = qrMatrix(pairing.code);
      return { ...pairing, qr: { size, dark: Array.from(dark, (d) => (d ? '1' : '0')).join('') } };
    },

    'sync:join': async (input, ctx) => {
      onItsOwn('join a hub', false);
      if (host === null) throw new AppFailure('conflict', 'this process does not run the station’s sync: join with `lanyard join`, or from the station app');
      const joinedFile = `${dbFile}.joining-${newId(6)}`;
      const config = getStationConfig(db);
      const joined = await joinHub({ dbFile: joinedFile, code: input.code, name: input.name ?? config.name });
      // The laptop keeps its name and language; a door is set up for the activity it was paired for.
      const next = openDatabase(joinedFile);
      try {
        next.tx(() => setStationConfig(next, { name: joined.name, language: config.language, mode: joined.role === 'door' ? 'door' : 'desk', activityId: joined.role === 'door' ? joined.activityId : null }));
      } finally {
        next.close();
      }
      db.tx(() => audit(ctx, { action: 'sync.join', entity: 'station', entityId: joined.station, after: { role: joined.role, activityId: joined.activityId, attendees: joined.attendees } }));
      // Answered first, then the station starts again on the joined file.
      setTimeout(() => host.adopt(joinedFile), 100);
      return { station: joined.station, role: joined.role, activityId: joined.activityId, attendees: joined.attendees, restarting: true };
    },

    'sync:backup': async (input, ctx) => {
      requireHub();
      // The folder is kept: the hub backs itself up there every five minutes from now on, this one made at once.
      const changed = readBackupDir(db) !== input.dir;
      const result = await backupInto(db, dbFile, input.dir, BACKUPS_KEPT);
      db.tx(() => {
        writeSetting(db, BACKUP_DIR_SETTING, input.dir);
        audit(ctx, { action: 'sync.backup', entity: 'station', after: { out: result.out, bytes: result.bytes, through: result.through } });
      });
      if (changed) await host?.restart();
      return { out: result.out, bytes: result.bytes, through: result.through, at: now().toISOString() };
    },

    'sync:status': (): SyncBarView | null => {
      const state = readSyncState(db);
      if (!state) return null;
      const status = syncStatus(db, now());
      if (state.role !== 'hub') return status;
      const stations = rows();
      return { ...status, stations: stations.filter((s) => s.revokedAt === null).length, online: stations.filter((s) => s.online).length, flags: syncFlags(db).length };
    },
    'sync:stations': () => {
      requireHub();
      return rows();
    },
    'sync:revoke': (input, ctx) => {
      requireHub();
      const revoked = db.tx(() => {
        const view = revokeStation(db, input.id, now());
        audit(ctx, { action: 'sync.revoke', entity: 'station', entityId: input.id, after: { name: view.name, role: view.role } });
        return view;
      });
      return rows().find((s) => s.id === revoked.id)!;
    },
  };
}
