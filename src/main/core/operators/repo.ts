import type { OperatorView } from '../../../shared/contract';
import type { Role } from '../../../shared/roles';
import type { Db } from '../db/sql';
import { sql } from '../db/sql';

interface OperatorRow {
  id: string;
  name: string;
  role: Role;
  pin_hash: string;
  active: number;
  created_at: string;
}

export interface OperatorWithHash extends OperatorView {
  pinHash: string;
}

const toOperator = (r: OperatorRow): OperatorWithHash => ({
  id: r.id,
  name: r.name,
  role: r.role,
  active: r.active === 1,
  createdAt: r.created_at,
  pinHash: r.pin_hash,
});

/** The public view: the PIN hash never leaves this module's callers. */
export const withoutHash = ({ pinHash: _hash, ...view }: OperatorWithHash): OperatorView => view;

export function countOperators(db: Db): number {
  return db.get<{ n: number }>(sql`SELECT count(*) AS n FROM operator`)?.n ?? 0;
}

export function getOperatorByName(db: Db, name: string): OperatorWithHash | undefined {
  const r = db.get<OperatorRow>(sql`SELECT * FROM operator WHERE name = ${name}`);
  return r ? toOperator(r) : undefined;
}

export function getOperator(db: Db, id: string): OperatorWithHash | undefined {
  const r = db.get<OperatorRow>(sql`SELECT * FROM operator WHERE id = ${id}`);
  return r ? toOperator(r) : undefined;
}

export function listOperators(db: Db): OperatorView[] {
  return db.all<OperatorRow>(sql`SELECT * FROM operator ORDER BY created_at, name`).map((r) => withoutHash(toOperator(r)));
}

export function insertOperator(db: Db, o: { id: string; name: string; role: Role; pinHash: string; createdAt: string }): void {
  db.run(sql`INSERT INTO operator (id, name, role, pin_hash, active, created_at) VALUES (${o.id}, ${o.name}, ${o.role}, ${o.pinHash}, 1, ${o.createdAt})`);
}

export function setOperatorActive(db: Db, id: string, active: boolean): void {
  db.run(sql`UPDATE operator SET active = ${active} WHERE id = ${id}`);
}

export function setOperatorPin(db: Db, id: string, pinHash: string): void {
  db.run(sql`UPDATE operator SET pin_hash = ${pinHash} WHERE id = ${id}`);
}
