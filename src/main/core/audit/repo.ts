import type { AuditEntry } from '../../../shared/contract';
import type { Db } from '../db/sql';
import type { Transport } from '../dispatch';
import { sql } from '../db/sql';

export interface AuditRecord {
  at: Date;
  operatorId: string | null;
  /** The channel the change came through: a signed-in screen (ipc, http), the command line, or the station itself. */
  via: Transport;
  action: string;
  entity: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Who made a change, and through what: an audit entry's author, handed down to work done on their behalf (an import). */
export type Actor = Pick<AuditRecord, 'operatorId' | 'via'>;

const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));

/** Appends one entry; call it inside the transaction of the change it describes. */
export function insertAudit(db: Db, r: AuditRecord): void {
  db.run(sql`INSERT INTO audit_log (at, operator_id, via, action, entity, entity_id, before, after)
             VALUES (${r.at.toISOString()}, ${r.operatorId}, ${r.via}, ${r.action}, ${r.entity}, ${r.entityId ?? null}, ${json(r.before)}, ${json(r.after)})`);
}

interface AuditRow {
  id: number;
  at: string;
  operator_id: string | null;
  operator_name: string | null;
  via: AuditEntry['via'];
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
}

export function listAudit(db: Db, { limit, beforeId }: { limit: number; beforeId?: number | undefined }): AuditEntry[] {
  const rows = db.all<AuditRow>(sql`
    SELECT a.id, a.at, a.operator_id, o.name AS operator_name, a.via, a.action, a.entity, a.entity_id, a.before, a.after
    FROM audit_log a LEFT JOIN operator o ON o.id = a.operator_id
    WHERE a.id < ${beforeId ?? Number.MAX_SAFE_INTEGER}
    ORDER BY a.id DESC LIMIT ${limit}`);
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    operator: r.operator_id ? { id: r.operator_id, name: r.operator_name ?? '' } : null,
    via: r.via,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: r.before === null ? null : (JSON.parse(r.before) as unknown),
    after: r.after === null ? null : (JSON.parse(r.after) as unknown),
  }));
}

export function countAudit(db: Db): number {
  return db.get<{ n: number }>(sql`SELECT count(*) AS n FROM audit_log`)?.n ?? 0;
}
