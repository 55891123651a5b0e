import type { EventFile } from '../../shared/event';
import { countAudit, insertAudit } from './audit/repo';
import type { BadgeFonts } from './badges/fonts';
import { badgeFonts } from './badges/fonts';
import { onlyBadge } from './badges/badges';
import { badgeHandlers } from './badges/handlers';
import { BadgeThreads } from './badges/pool';
import { checkinHandlers } from './checkin/handlers';
import type { Clock } from './clock';
import { systemClock } from './clock';
import { createServiceContext } from './context';
import { credentialChecker } from './credentials/credentials';
import { credentialHandlers } from './credentials/handlers';
import type { KeyVault } from './credentials/keys';
import { ensureEventKey, vaultFor } from './credentials/keys';
import { openScanConnection } from './db/open';
import type { Db } from './db/sql';
import type { CallContext, Handlers, Logger } from './dispatch';
import { createDispatcher } from './dispatch';
import { eventHandlers } from './event/handlers';
import { importHandlers } from './import/handlers';
import { kioskHandlers } from './kiosk/handlers';
import { hasEvent, writeEventFile } from './event/repo';
import { operatorHandlers } from './operators/handlers';
import { CupsPrinter } from './printing/cups';
import { printHandlers } from './printing/handlers';
import type { Printer } from './printing/printer';
import { SessionStore } from './operators/sessions';
import { attendeeHandlers } from './roster/attendees';
import { reportHandlers } from './reports/handlers';
import { rosterHandlers } from './roster/handlers';
import { searchHandlers } from './search/handlers';
import { completeSearchIndex } from './search/repo';
import type { SyncHost } from './sync/handlers';
import { syncHandlers } from './sync/handlers';
import { stationHandlers } from './station/handlers';

export { parseEventFile } from './event/handlers';

export interface ServiceDeps {
  db: Db;
  clock?: Clock;
  logger?: Logger;
  version?: string;
  /** Where this station keeps the event's private signing key; by default beside the database file. */
  vault?: KeyVault;
  /** Where badges are printed: the local CUPS unless a test or the Electron shell passes another. */
  printer?: Printer;
  /** The badge fonts, loaded on first use: a door station never reads them. */
  fonts?: () => BadgeFonts;
  /** The threads a batch's badges are made on; null makes every badge on the calling thread. */
  badgeThreads?: BadgeThreads | null;
  /** What runs the sync in this process (the app), so the screens can make a hub or join one; none for the CLI. */
  syncHost?: SyncHost | null;
}

const consoleLogger: Logger = { error: (message, error) => console.error(message, error) };

/** The one composition root: every service is built here from its parts and passed in, never imported as a singleton. */
export function createServices({ db, clock = systemClock, logger = consoleLogger, version = '0.1.0', vault = vaultFor(db), fonts = badgeFonts, printer = new CupsPrinter(), badgeThreads = new BadgeThreads(), syncHost = null }: ServiceDeps) {
  const sessions = new SessionStore(clock);
  const context = createServiceContext({ db, clock, sessions, version });
  // Start-up work, in one visible place: a roster whose search index a migration emptied is indexed again, once.
  completeSearchIndex(db);
  // An event from before signing keys gets its key pair here, on the station that holds its database.
  if (hasEvent(db)) db.tx(() => ensureEventKey(db, vault, clock.now()));
  // One badge checker for the verify command and the doors: its statements and cached key are made once.
  const check = credentialChecker(db);
  // Each domain serves its own commands; the Handlers type makes a missing command a compile error.
  const print = printHandlers(context, printer, vault, fonts);
  const checkin = checkinHandlers(context, check, openScanConnection(db));
  const handlers: Handlers = {
    ...stationHandlers(context),
    ...operatorHandlers(context),
    ...eventHandlers(context),
    ...rosterHandlers(context),
    ...attendeeHandlers(context),
    ...searchHandlers(context),
    ...importHandlers(context),
    ...credentialHandlers(context, vault, check),
    ...badgeHandlers(context, vault, fonts, badgeThreads ?? undefined),
    ...print,
    ...checkin,
    // The kiosk records an arrival and a badge through the desk's own commands.
    ...kioskHandlers(context, printer, check, { arrive: checkin['checkin:arrive'], submit: print['print:submit'], collect: print['badge:collect'], checkBadge: (id) => void onlyBadge(db, vault, fonts(), id) }),
    ...syncHandlers(context, syncHost),
    ...reportHandlers(context, printer),
  };
  const dispatch = createDispatcher(handlers, logger);

  return {
    db,
    clock,
    sessions,
    dispatch,
    /** Runs a command as a transport would, resolving the caller's session from a token. */
    call: (command: string, input: unknown, ctx: Omit<CallContext, 'session'> & { token?: string | null }) =>
      dispatch(command, input, { ...ctx, session: sessions.resolve(ctx.token) }),
    auditCount: () => countAudit(db),
    /** Stops the badge threads (they hold no process open, but a shell closing its database ends them too). */
    close: () => badgeThreads?.close() ?? Promise.resolve(),
  };
}

export type Services = ReturnType<typeof createServices>;

/**
 * Creates the event in a fresh database (the embedded default unless a file is given) with its signing key pair, the
 * private half in `vault`; returns false if an event exists.
 */
export function initEvent(db: Db, file: EventFile, at: Date, vault: KeyVault = vaultFor(db)): boolean {
  if (hasEvent(db)) return false;
  db.tx(() => {
    writeEventFile(db, file, at);
    ensureEventKey(db, vault, at);
    insertAudit(db, { at, operatorId: null, via: 'system', action: 'event.init', entity: 'event', entityId: file.event.id, after: { activities: file.activities.length, categories: file.categories.length } });
  });
  return true;
}
