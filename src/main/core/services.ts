import type { AppStatus, SessionInfo } from '../../shared/contract';
import { eventFileSchema } from '../../shared/event';
import type { EventFile } from '../../shared/event';
import { AppFailure } from '../../shared/result';
import type { Role } from '../../shared/roles';
import { zodProblems } from '../../shared/text';
import type { AuditRecord } from './audit/repo';
import { countAudit, insertAudit, listAudit } from './audit/repo';
import type { Clock } from './clock';
import { systemClock } from './clock';
import type { Db } from './db/sql';
import { generateDemoAttendees } from './demo/generate';
import type { CallContext, Handlers, Logger } from './dispatch';
import { createDispatcher } from './dispatch';
import { getActivity, getEventInfo, getEventView, hasEvent, patchActivity, readEventFile, writeEventFile } from './event/repo';
import { newId } from './ids';
import { hashPin, verifyPin } from './operators/pin';
import type { OperatorWithHash } from './operators/repo';
import { countOperators, getOperator, getOperatorByName, insertOperator, listOperators, setOperatorActive, setOperatorPin, withoutHash } from './operators/repo';
import type { Session } from './operators/sessions';
import { SessionStore } from './operators/sessions';
import { countAttendees, deleteDemoAttendees, insertAttendees } from './roster/repo';
import { getStationConfig, setStationConfig } from './station/repo';

export interface ServiceDeps {
  db: Db;
  clock?: Clock;
  logger?: Logger;
  version?: string;
}

const consoleLogger: Logger = { error: (message, error) => console.error(message, error) };

/** Validates an event file, naming every wrong field by its path. */
export function parseEventFile(input: unknown): EventFile {
  const parsed = eventFileSchema.safeParse(input);
  if (!parsed.success) {
    const problems = zodProblems(parsed.error);
    throw new AppFailure('invalid_event', `the event file has ${problems.length} problem(s): ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
  }
  return parsed.data;
}

/** The one composition root: every service is built here from its parts and passed in, never imported as a singleton. */
export function createServices({ db, clock = systemClock, logger = consoleLogger, version = '0.1.0' }: ServiceDeps) {
  const sessions = new SessionStore(clock);
  const now = () => clock.now();
  /** One audit entry for a change made by this caller; call inside the change's transaction. */
  const audit = (ctx: CallContext, entry: Omit<AuditRecord, 'at' | 'via' | 'operatorId'> & { operatorId?: string | null }) =>
    insertAudit(db, { at: now(), via: ctx.transport, operatorId: ctx.session?.operatorId ?? null, ...entry });

  const sessionInfo = (s: Session): SessionInfo => ({
    token: s.token,
    operator: { id: s.operatorId, name: s.name, role: s.role },
    expiresAt: s.expiresAt.toISOString(),
  });

  const startSession = (o: { id: string; name: string; role: Role }, ctx: CallContext): SessionInfo => {
    const s = sessions.open({ operatorId: o.id, name: o.name, role: o.role });
    ctx.bindSession?.(s.token);
    return sessionInfo(s);
  };

  const requireOperator = (id: string): OperatorWithHash => {
    const o = getOperator(db, id);
    if (!o) throw new AppFailure('not_found', `no operator "${id}"`);
    return o;
  };

  const createOperator = (input: { name: string; role: Role; pin: string }, ctx: CallContext, action: string) => {
    if (getOperatorByName(db, input.name)) throw new AppFailure('conflict', `an operator named "${input.name}" exists already`);
    const pinHash = hashPin(input.pin);
    const o = { id: newId(), name: input.name, role: input.role, pinHash, createdAt: now().toISOString() };
    db.tx(() => {
      insertOperator(db, o);
      audit(ctx, { operatorId: ctx.session?.operatorId ?? o.id, action, entity: 'operator', entityId: o.id, after: { name: o.name, role: o.role } });
    });
    return requireOperator(o.id);
  };

  const handlers: Handlers = {
    'app:status': (_input, ctx): AppStatus => {
      const info = getEventInfo(db);
      return {
        eventName: info.name,
        eventDates: { start: info.startDate, end: info.endDate },
        needsAdmin: countOperators(db) === 0,
        station: getStationConfig(db),
        session: ctx.session ? sessionInfo(ctx.session) : null,
        attendees: countAttendees(db),
        version,
      };
    },

    'operator:createFirstAdmin': (input, ctx) => {
      if (countOperators(db) > 0) throw new AppFailure('forbidden', 'an admin exists already; sign in instead');
      const o = createOperator({ ...input, role: 'admin' }, ctx, 'operator.createFirstAdmin');
      return startSession(o, ctx);
    },

    'session:signIn': (input, ctx) => {
      const wait = sessions.lockedFor(input.name);
      if (wait > 0) throw new AppFailure('locked_out', `too many wrong PINs for ${input.name}; try again in ${wait} s`, { seconds: wait });
      const o = getOperatorByName(db, input.name);
      // Hash even for unknown names so timing does not reveal which names exist.
      const matches = verifyPin(input.pin, o?.pinHash ?? dummyHash()) && o !== undefined && o.active;
      if (!matches || !o) {
        sessions.recordFailure(input.name);
        throw new AppFailure('bad_credentials', 'wrong name or PIN');
      }
      sessions.recordSuccess(input.name);
      return startSession(o, ctx);
    },

    'session:signOut': (_input, ctx) => {
      if (ctx.session) sessions.close(ctx.session.token);
      ctx.bindSession?.(null);
      return null;
    },

    'station:setLanguage': (input, ctx) => {
      const before = getStationConfig(db);
      if (before.language === input.language) return before;
      db.tx(() => {
        setStationConfig(db, { language: input.language });
        audit(ctx, { action: 'station.setLanguage', entity: 'station', before: { language: before.language }, after: { language: input.language } });
      });
      return getStationConfig(db);
    },

    'station:configure': (input, ctx) => {
      const activityId = input.mode === 'door' ? (input.activityId ?? null) : null;
      if (activityId !== null && !getActivity(db, activityId)) throw new AppFailure('not_found', `no activity "${activityId}"`);
      const before = getStationConfig(db);
      db.tx(() => {
        setStationConfig(db, { mode: input.mode, activityId, ...(input.name ? { name: input.name } : {}) });
        audit(ctx, { action: 'station.configure', entity: 'station', before, after: getStationConfig(db) });
      });
      return getStationConfig(db);
    },

    'event:get': () => getEventView(db, now()),

    'event:export': () => readEventFile(db),

    'event:import': (input, ctx) => {
      const file = parseEventFile(input.file);
      db.tx(() => {
        const before = readEventFile(db);
        writeEventFile(db, file, now());
        audit(ctx, { action: 'event.import', entity: 'event', entityId: file.event.id, before, after: file });
      });
      return getEventView(db, now());
    },

    'event:updateActivity': (input, ctx) => {
      const result = db.tx(() => {
        const { before, after } = patchActivity(db, input);
        // The edited activity must still make a valid event (its day inside the event dates, end after start).
        parseEventFile(readEventFile(db));
        audit(ctx, { action: 'event.updateActivity', entity: 'activity', entityId: input.id, before, after });
        return after.id;
      });
      const view = getEventView(db, now()).activities.find((a) => a.id === result);
      if (!view) throw new AppFailure('not_found', `no activity "${result}"`);
      return view;
    },

    'operator:list': () => listOperators(db),

    'operator:create': (input, ctx) => withoutHash(createOperator(input, ctx, 'operator.create')),

    'operator:setActive': (input, ctx) => {
      const before = requireOperator(input.id);
      if (!input.active && before.role === 'admin' && listOperators(db).filter((o) => o.role === 'admin' && o.active).length === 1) {
        throw new AppFailure('conflict', 'this is the last active admin; create another admin first');
      }
      db.tx(() => {
        setOperatorActive(db, input.id, input.active);
        audit(ctx, { action: 'operator.setActive', entity: 'operator', entityId: input.id, before: { active: before.active }, after: { active: input.active } });
      });
      if (!input.active) sessions.closeAllFor(input.id);
      return withoutHash(requireOperator(input.id));
    },

    'operator:resetPin': (input, ctx) => {
      requireOperator(input.id);
      const pinHash = hashPin(input.pin);
      db.tx(() => {
        setOperatorPin(db, input.id, pinHash);
        // The audit says that the PIN changed, never what it is.
        audit(ctx, { action: 'operator.resetPin', entity: 'operator', entityId: input.id });
      });
      sessions.closeAllFor(input.id);
      return withoutHash(requireOperator(input.id));
    },

    'audit:list': (input) => listAudit(db, input),

    'demo:generate': (input, ctx) => {
      const file = readEventFile(db);
      const attendees = generateDemoAttendees({ event: file, count: input.attendees, ...(input.seed === undefined ? {} : { seed: input.seed }) });
      db.tx(() => {
        if (countAttendees(db).demo > 0) throw new AppFailure('conflict', 'demo attendees exist already; remove them first');
        insertAttendees(db, attendees, now());
        audit(ctx, { action: 'demo.generate', entity: 'attendee', after: { created: attendees.length, seed: input.seed ?? null } });
      });
      return { created: attendees.length };
    },

    'demo:remove': (_input, ctx) => {
      const removed = db.tx(() => {
        const n = deleteDemoAttendees(db);
        audit(ctx, { action: 'demo.remove', entity: 'attendee', before: { demo: n } });
        return n;
      });
      return { removed };
    },
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
  };
}

export type Services = ReturnType<typeof createServices>;

// A valid hash of a random PIN, checked when the name is unknown; made on first use to keep start-up fast.
let dummy: string | undefined;
const dummyHash = (): string => (dummy ??= hashPin(String(Math.random()).slice(2, 10)));

/** Creates the event in a fresh database (the embedded default unless a file is given); returns false if one exists. */
export function initEvent(db: Db, file: EventFile, at: Date): boolean {
  if (hasEvent(db)) return false;
  db.tx(() => {
    writeEventFile(db, file, at);
    insertAudit(db, { at, operatorId: null, via: 'system', action: 'event.init', entity: 'event', entityId: file.event.id, after: { activities: file.activities.length, categories: file.categories.length } });
  });
  return true;
}
