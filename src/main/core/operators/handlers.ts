import type { SessionInfo } from '../../../shared/contract';
import { AppFailure } from '../../../shared/result';
import { roleAllows } from '../../../shared/roles';
import { getStationConfig } from '../station/repo';
import type { Role } from '../../../shared/roles';
import type { ServiceContext } from '../context';
import type { CallContext, Handlers } from '../dispatch';
import { newId } from '../ids';
import { hashPin, verifyPin } from './pin';
import type { OperatorWithHash } from './repo';
import { countOperators, getOperator, getOperatorByName, insertOperator, listOperators, setOperatorActive, setOperatorPin, withoutHash } from './repo';
import type { Session } from './sessions';

type OperatorCommands =
  | 'operator:createFirstAdmin'
  | 'session:signIn'
  | 'session:signOut'
  | 'operator:list'
  | 'operator:create'
  | 'operator:setActive'
  | 'operator:resetPin';

export const sessionInfo = (s: Session): SessionInfo => ({
  token: s.token,
  operator: { id: s.operatorId, name: s.name, role: s.role },
  expiresAt: s.expiresAt.toISOString(),
});

// A valid hash of a random PIN, checked when the name is unknown; made on first use to keep start-up fast.
let dummy: string | undefined;
const dummyHash = (): string => (dummy ??= hashPin(String(Math.random()).slice(2, 10)));

export function operatorHandlers({ db, sessions, now, audit }: ServiceContext): Pick<Handlers, OperatorCommands> {
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
    const o = { id: newId(), name: input.name, role: input.role, pinHash: hashPin(input.pin), createdAt: now().toISOString() };
    db.tx(() => {
      insertOperator(db, o);
      audit(ctx, { operatorId: ctx.session?.operatorId ?? o.id, action, entity: 'operator', entityId: o.id, after: { name: o.name, role: o.role } });
    });
    return requireOperator(o.id);
  };

  return {
    'operator:createFirstAdmin': (input, ctx) => {
      if (countOperators(db) > 0) throw new AppFailure('forbidden', 'an admin exists already; sign in instead');
      return startSession(createOperator({ ...input, role: 'admin' }, ctx, 'operator.createFirstAdmin'), ctx);
    },

    'session:signIn': (input, ctx) => {
      // Wrong PINs lock a name at the place they were typed (a screen, a client), not everywhere: nobody can keep the
      // admin of another station out by typing wrong PINs for that name.
      const lock = `${ctx.transport}|${ctx.client ?? ''}|${input.name}`;
      const wait = sessions.lockedFor(lock);
      if (wait > 0) throw new AppFailure('locked_out', `too many wrong PINs for ${input.name}; try again in ${wait} s`, { seconds: wait });
      const o = getOperatorByName(db, input.name);
      // Hash even for unknown names so timing does not reveal which names exist.
      const matches = verifyPin(input.pin, o?.pinHash ?? dummyHash()) && o !== undefined && o.active;
      if (!matches || !o) {
        sessions.recordFailure(lock);
        throw new AppFailure('bad_credentials', 'wrong name or PIN');
      }
      sessions.recordSuccess(lock);
      if (input.atLeast !== undefined && !roleAllows(o.role, input.atLeast)) throw new AppFailure('forbidden', `${o.name} is a ${o.role}; this needs a ${input.atLeast} or above`, { needs: input.atLeast, has: o.role });
      const previous = ctx.session;
      const started = startSession(o, ctx);
      // Someone signing in over a session (a supervisor taking over a door) ends it, on the record.
      if (previous) {
        sessions.close(previous.token);
        db.tx(() => audit(ctx, { operatorId: o.id, action: 'session.takeOver', entity: 'operator', entityId: o.id, before: { operator: previous.name, role: previous.role }, after: { operator: o.name, role: o.role } }));
      }
      return started;
    },

    'session:signOut': (_input, ctx) => {
      // A door station stays at its door: the door operator hands over to a supervisor, who may then leave it.
      if (ctx.session?.role === 'door' && getStationConfig(db).mode === 'door') throw new AppFailure('forbidden', 'leaving door mode needs a supervisor: a supervisor signs in here first', { needs: 'supervisor', has: 'door' });
      if (ctx.session) sessions.close(ctx.session.token);
      ctx.bindSession?.(null);
      return null;
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
  };
}
