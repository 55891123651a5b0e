import { randomBytes } from 'node:crypto';
import type { Role } from '../../../shared/roles';
import type { Clock } from '../clock';

export interface Session {
  token: string;
  operatorId: string;
  name: string;
  role: Role;
  expiresAt: Date;
}

const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
const MAX_FAILURES = 5;
const LOCKOUT_MS = 60 * 1000;

/** Signed-in operators, in memory only: a restart signs everyone out, which is what a desk expects. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>();

  constructor(private readonly clock: Clock) {}

  open(o: { operatorId: string; name: string; role: Role }): Session {
    const session: Session = {
      token: randomBytes(32).toString('base64url'),
      ...o,
      expiresAt: new Date(this.clock.now().getTime() + SESSION_IDLE_MS),
    };
    this.sessions.set(session.token, session);
    return session;
  }

  /** The live session for a token, its idle timer renewed; expired ones are dropped. */
  resolve(token: string | null | undefined): Session | null {
    if (!token) return null;
    const s = this.sessions.get(token);
    if (!s) return null;
    const now = this.clock.now().getTime();
    if (s.expiresAt.getTime() <= now) {
      this.sessions.delete(token);
      return null;
    }
    s.expiresAt = new Date(now + SESSION_IDLE_MS);
    return s;
  }

  close(token: string): void {
    this.sessions.delete(token);
  }

  closeAllFor(operatorId: string): void {
    for (const [token, s] of this.sessions) if (s.operatorId === operatorId) this.sessions.delete(token);
  }

  /** Seconds until a name may try again, or 0. */
  lockedFor(name: string): number {
    const f = this.failures.get(name.toLowerCase());
    if (!f) return 0;
    const left = f.lockedUntil - this.clock.now().getTime();
    return left > 0 ? Math.ceil(left / 1000) : 0;
  }

  recordFailure(name: string): void {
    const key = name.toLowerCase();
    const f = this.failures.get(key) ?? { count: 0, lockedUntil: 0 };
    f.count += 1;
    if (f.count >= MAX_FAILURES) {
      f.count = 0;
      f.lockedUntil = this.clock.now().getTime() + LOCKOUT_MS;
    }
    this.failures.set(key, f);
  }

  recordSuccess(name: string): void {
    this.failures.delete(name.toLowerCase());
  }
}
