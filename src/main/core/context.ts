import type { AuditRecord } from './audit/repo';
import { insertAudit } from './audit/repo';
import type { Clock } from './clock';
import type { Db } from './db/sql';
import type { CallContext } from './dispatch';
import type { SessionStore } from './operators/sessions';

/** What every domain's handlers are built from; made once in createServices. */
export interface ServiceContext {
  db: Db;
  clock: Clock;
  sessions: SessionStore;
  version: string;
  now(): Date;
  /** One audit entry for a change made by this caller; call inside the change's transaction. */
  audit(ctx: CallContext, entry: Omit<AuditRecord, 'at' | 'via' | 'operatorId'> & { operatorId?: string | null }): void;
}

export function createServiceContext({ db, clock, sessions, version }: Pick<ServiceContext, 'db' | 'clock' | 'sessions' | 'version'>): ServiceContext {
  const now = () => clock.now();
  return {
    db,
    clock,
    sessions,
    version,
    now,
    audit: (ctx, entry) => insertAudit(db, { at: now(), via: ctx.transport, operatorId: ctx.session?.operatorId ?? null, ...entry }),
  };
}
