import type { StationRow, SyncBarView } from '../../../shared/sync';
import { inContact } from '../../../shared/sync';
import { AppFailure } from '../../../shared/result';
import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatch';
import { listStations, revokeStation } from './hub';
import { readSyncState, syncFlags } from './log';
import { syncStatus } from './station';

/**
 * Sync as the screens see it: the top bar's state on every station, and the hub's Stations screen. The sync itself
 * runs beside the station (`lanyard station`, `lanyard hub`); these read what it keeps in the file.
 */
export function syncHandlers({ db, now, audit }: ServiceContext): Pick<Handlers, 'sync:status' | 'sync:stations' | 'sync:revoke'> {
  const rows = (): StationRow[] => {
    const at = now().getTime();
    return listStations(db).map((s) => ({ ...s, online: s.revokedAt === null && inContact(s.lastContact, at) }));
  };
  const requireHub = () => {
    if (readSyncState(db)?.role !== 'hub') throw new AppFailure('not_found', 'this station is not the event’s hub');
  };
  return {
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
