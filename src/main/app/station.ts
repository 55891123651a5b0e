import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Db } from '../core/db/sql';
import { openDatabase } from '../core/db/open';
import type { Logger } from '../core/dispatch';
import { cnmc2024 } from '../core/event/cnmc2024';
import type { Printer } from '../core/printing/printer';
import type { Services } from '../core/services';
import { createServices, initEvent } from '../core/services';
import { ProcessSyncHost } from '../core/sync/runner';

export const DEFAULT_EVENT_ID = cnmc2024().event.id;

/** The roster a fresh station opens with, so every screen has people in it before a real import. */
export const DEMO_ATTENDEES = 3000;

export interface StationOptions {
  databaseFile: string;
  nativeBinding: string | undefined;
  logger: Logger;
  version: string;
  /** Where badges print; the local CUPS when not given. */
  printer?: Printer;
  /** Starts the app again (Electron's relaunch): how the station takes a hub's database after joining it on screen. */
  relaunch?: () => void;
}

export interface Station {
  services: Services;
  /** The station's sync, run in this process: the hub's server or a desk's or door's loops, as the file says. */
  sync: ProcessSyncHost;
  close(): void;
}

/** Opens (or on first start creates) the event database with the CNMC 2024 event and a demo roster, and builds the services over it. */
export async function openStation({ databaseFile, nativeBinding, logger, version, printer, relaunch }: StationOptions): Promise<Station> {
  mkdirSync(dirname(databaseFile), { recursive: true });
  const db = openEventDatabase(databaseFile, nativeBinding);
  try {
    let close = () => {};
    const sync = new ProcessSyncHost({
      dbFile: databaseFile,
      open: (file) => openEventDatabase(file, nativeBinding),
      log: (line) => logger.error(line, null),
      // On a thread of its own: the sync's applies never wait in line with the door's scans on this event loop.
      thread: { nativeBinding },
      // Joined on screen: everything on the old file closes, the joined file takes its place, and the app starts again on it.
      switchTo: async (swap) => {
        close();
        swap();
        relaunch?.();
      },
    });
    const services = createServices({ db, logger, version, syncHost: sync, ...(printer ? { printer } : {}) });
    if (initEvent(db, cnmc2024(), services.clock.now())) await addDemoRoster(services);
    close = () => {
      void sync.stop();
      void services.close();
      db.close();
    };
    await sync.restart().catch((e: unknown) => logger.error('the station’s sync could not start', e));
    return { services, sync, close: () => close() };
  } catch (e) {
    db.close();
    throw e;
  }
}

function openEventDatabase(file: string, nativeBinding: string | undefined): Db {
  try {
    return openDatabase(file, nativeBinding ? { nativeBinding } : {});
  } catch (e) {
    if (e instanceof Error && /NODE_MODULE_VERSION|compiled against a different Node\.js version/.test(e.message)) {
      throw new Error(`better-sqlite3 is not built for this Electron; start the station with \`npm start\`, which builds it. (${e.message})`, { cause: e });
    }
    throw e;
  }
}

async function addDemoRoster(services: Services): Promise<void> {
  // Run as the station itself: no operator exists yet on a first start.
  const result = await services.call('demo:generate', { attendees: DEMO_ATTENDEES }, { transport: 'system' });
  if (!result.ok) throw new Error(`could not add the demo roster: ${result.error.message}`);
}
