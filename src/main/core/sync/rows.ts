import type { AttendeeRecord } from '../../../shared/attendee';
import { maskDocument, maskPhone } from '../../../shared/mask';
import { insertAudit } from '../audit/repo';
import type { Db, SqlValue } from '../db/sql';
import { sql } from '../db/sql';
import type { AttendeeChanges } from '../roster/repo';
import { insertAttendees, updateAttendee } from '../roster/repo';
import { SYNCED_TABLES } from './triggers';

/**
 * `row` entries (migration 018, logged by the triggers of sync/triggers.ts): a row of the roster, the operators, the event's rules or the print log, written on one
 * station and applied on every other. Two edits of one column: the later in the hub's order wins wherever they meet, so
 * every station ends with the same value; where the later was made without having seen the earlier (apart), the hub
 * flags it and keeps the earlier value in its audit log.
 */
export interface RowBody {
  t: string;
  op: 'insert' | 'update' | 'delete';
  k: SqlValue[];
  set: Record<string, SqlValue> | null;
  seen: number;
}

const isValue = (v: unknown): v is SqlValue => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/** An entry's body read and checked against the tables and columns that travel: nothing else reaches SQL. */
export function readRowBody(id: string, text: string): RowBody {
  const b = JSON.parse(text) as Partial<RowBody>;
  const spec = typeof b.t === 'string' ? SYNCED_TABLES[b.t] : undefined;
  if (!spec || !Object.hasOwn(SYNCED_TABLES, b.t!)) throw new Error(`the row entry ${id} names a table that does not travel (${String(b.t)})`);
  if (b.op !== 'insert' && b.op !== 'update' && b.op !== 'delete') throw new Error(`the row entry ${id} has no operation`);
  if (!Array.isArray(b.k) || b.k.length !== spec.key.length || !b.k.every(isValue)) throw new Error(`the row entry ${id} has a malformed key`);
  const set = b.op === 'delete' ? null : b.set;
  if (b.op !== 'delete') {
    if (typeof set !== 'object' || set === null) throw new Error(`the row entry ${id} sets nothing`);
    for (const [column, value] of Object.entries(set)) {
      if (!spec.columns.includes(column) || !isValue(value)) throw new Error(`the row entry ${id} sets a column that does not travel (${column})`);
    }
  }
  return { t: b.t!, op: b.op, k: b.k, set: set ?? null, seen: typeof b.seen === 'number' ? b.seen : 0 };
}

/** The columns an entry writes: an insert or a removal writes the whole row. */
const columnsOf = (b: RowBody): readonly string[] => (b.op === 'update' ? Object.keys(b.set ?? {}) : SYNCED_TABLES[b.t]!.columns.concat('*'));

interface Other {
  id: string;
  origin: string;
  seq: number | null;
  body: string;
}

/**
 * Applies a row entry that came from elsewhere, at place `seq`. Columns a later entry of the same row wrote here (this
 * station's own entry not yet placed, or one placed after `seq`) keep the later value. On the hub, a column an entry
 * writes over a value written apart from it (after the place its station had seen, by another station) is flagged.
 */
export function projectRow(db: Db, e: { id: string; origin: string; body: string }, seq: number, hub: boolean, at: string): void {
  const b = readRowBody(e.id, e.body);
  const spec = SYNCED_TABLES[b.t]!;
  const entity = db.get<{ entity: string | null }>(sql`SELECT entity FROM sync_log WHERE id = ${e.id}`)?.entity ?? null;
  const others = entity === null ? [] : db.all<Other>(sql`SELECT id, origin, hub_seq AS seq, body FROM sync_log WHERE entity = ${entity} AND id <> ${e.id}`);
  const later = new Set<string>();
  for (const o of others) if (o.seq === null || o.seq > seq) for (const c of columnsOf(readRowBody(o.id, o.body))) later.add(c);
  const where = spec.key.map((k) => `${k} = ?`).join(' AND ');

  if (b.op === 'delete') {
    if (later.size === 0) db.run({ text: `DELETE FROM ${b.t} WHERE ${where}`, values: b.k });
    return;
  }
  const set = Object.fromEntries(Object.entries(b.set!).filter(([c]) => !later.has(c) && !later.has('*')));
  if (hub) flagConflicts(db, e, b, set, others, seq, at);

  if (b.t === 'attendee') return projectAttendee(db, e.id, b, set, at);
  const stored = db.get<Record<string, SqlValue>>({ text: `SELECT * FROM ${b.t} WHERE ${where}`, values: b.k });
  if (b.t === 'print_job') {
    // Operators a station made and this one has not received yet are left out of the row; the log keeps them.
    for (const c of ['supervisor_id', 'operator_id']) if (typeof set[c] === 'string' && !db.get(sql`SELECT 1 AS one FROM operator WHERE id = ${set[c] as string}`)) set[c] = null;
  }
  if (stored === undefined) {
    if (b.op === 'update') throw new Error(`the row entry ${e.id} changes a ${b.t} row this file has not received`);
    const row: Record<string, SqlValue> = { ...Object.fromEntries(spec.key.map((k, i) => [k, b.k[i]!])), ...b.set!, ...set };
    if (b.t === 'print_job') row.station = e.origin;
    const columns = Object.keys(row);
    db.run({ text: `INSERT INTO ${b.t} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, values: columns.map((c) => row[c]!) });
  } else if (Object.keys(set).length > 0) {
    const columns = Object.keys(set);
    db.run({ text: `UPDATE ${b.t} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE ${where}`, values: [...columns.map((c) => set[c]!), ...b.k] });
  }
  // A job another desk printed counts among the attendee's printed badges here too.
  if (b.t === 'print_job' && set.state === 'printed' && stored?.state !== 'printed') {
    db.run(sql`UPDATE attendee SET badge_printed_count = badge_printed_count + 1 WHERE id = (SELECT attendee_id FROM print_job WHERE id = ${b.k[0]!})`);
  }
}

/** The hub's check: each column this entry writes over another station's value written after what this entry had seen. */
function flagConflicts(db: Db, e: { id: string; origin: string }, b: RowBody, set: Record<string, SqlValue>, others: readonly Other[], seq: number, at: string): void {
  for (const o of others) {
    if (o.seq === null || o.seq >= seq || o.seq <= b.seen || o.origin === e.origin) continue;
    const earlier = readRowBody(o.id, o.body);
    if (earlier.op === 'delete') continue;
    for (const [column, value] of Object.entries(set)) {
      if (!Object.hasOwn(earlier.set!, column) || earlier.set![column] === value) continue;
      const flagged = db.run(sql`INSERT OR IGNORE INTO sync_flag (entry_id, kind, other_id, entity, field, attendee_id, flagged_at)
        VALUES (${e.id}, 'edit_conflict', ${o.id}, ${b.t}, ${column}, ${b.t === 'attendee' ? (b.k[0] as string) : null}, ${at})`).changes;
      if (flagged === 0) continue;
      insertAudit(db, {
        at: new Date(at),
        operatorId: null,
        via: 'system',
        action: 'sync.edit_conflict',
        entity: b.t,
        entityId: b.k.join(' · '),
        before: { [column]: earlier.set![column], entry: o.id, station: o.origin },
        after: { [column]: value, entry: e.id, station: e.origin },
      });
    }
  }
}

const ATTENDEE_FIELDS = {
  name_zh: 'nameZh',
  name_en: 'nameEn',
  org_zh: 'orgZh',
  org_en: 'orgEn',
  title: 'title',
  category_id: 'categoryId',
  region: 'region',
  phone: 'phone',
  email: 'email',
  document_type: 'documentType',
  document_number: 'documentNumber',
  attention: 'attention',
} as const satisfies Partial<Record<string, keyof AttendeeChanges>>;

/** An attendee goes through the roster's own writers, so its sort keys, search terms and organisations follow. */
function projectAttendee(db: Db, entryId: string, b: RowBody, set: Record<string, SqlValue>, at: string): void {
  const id = b.k[0];
  if (typeof id !== 'string') throw new Error(`the row entry ${entryId} names an attendee without an id`);
  const exists = db.get(sql`SELECT 1 AS one FROM attendee WHERE id = ${id}`) !== undefined;
  if (!exists) {
    if (b.op === 'update') throw new Error(`the row entry ${entryId} changes an attendee this file has not received`);
    const s = b.set!;
    const text = (c: string) => (typeof s[c] === 'string' ? (s[c] as string) : null);
    const record: AttendeeRecord = {
      id,
      nameZh: text('name_zh'),
      nameEn: text('name_en'),
      orgZh: text('org_zh'),
      orgEn: text('org_en'),
      title: text('title'),
      categoryId: text('category_id') ?? '',
      region: (text('region') ?? 'mainland') as AttendeeRecord['region'],
      phone: text('phone'),
      email: text('email'),
      documentType: text('document_type') as AttendeeRecord['documentType'],
      documentNumber: text('document_number'),
      externalId: text('external_id'),
      attention: text('attention'),
      status: (text('status') ?? 'active') as AttendeeRecord['status'],
      source: (text('source') ?? 'walk_in') as AttendeeRecord['source'],
      isDemo: false,
      registrations: [],
      ticketCodes: [],
    };
    insertAttendees(db, [record], new Date(text('created_at') ?? at));
    if (s.badge_collected_at !== undefined && s.badge_collected_at !== null) db.run(sql`UPDATE attendee SET badge_collected_at = ${s.badge_collected_at} WHERE id = ${id}`);
    return;
  }
  const changes: AttendeeChanges = {};
  for (const [column, field] of Object.entries(ATTENDEE_FIELDS)) if (Object.hasOwn(set, column)) Object.assign(changes, { [field]: set[column] });
  if (Object.keys(changes).length > 0) updateAttendee(db, id, changes, new Date(at));
  for (const column of ['status', 'external_id', 'badge_collected_at'] as const) {
    if (Object.hasOwn(set, column)) db.run({ text: `UPDATE attendee SET ${column} = ? WHERE id = ?`, values: [set[column]!, id] });
  }
}

const ATTENDEE_ROW = '"t":"attendee"';

/**
 * An entry as a station of `role` may hold it (PIPL): a door receives no phone number, e-mail or document number; a
 * desk the numbers masked as its screens show them. Full numbers never leave the hub.
 */
export function bodyForRole(kind: string, body: string, role: 'desk' | 'door'): string {
  if (kind !== 'row' || !body.includes(ATTENDEE_ROW)) return body;
  const b = JSON.parse(body) as RowBody;
  if (b.t !== 'attendee' || b.set === null) return body;
  const set = { ...b.set };
  if (role === 'door') {
    delete set.phone;
    delete set.email;
    delete set.document_number;
  } else {
    if (typeof set.phone === 'string') set.phone = maskPhone(set.phone);
    if (typeof set.document_number === 'string') set.document_number = maskDocument(set.document_number);
  }
  return JSON.stringify({ ...b, set });
}
