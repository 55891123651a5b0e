import type { AttendeeRecord, AttendeeSource, AttendeeStatus, DocumentType, Region } from '../../../shared/attendee';
import type { BadgeState, RosterListQuery } from '../../../shared/roster';
import type { Db, SqlValue } from '../db/sql';
import { sql } from '../db/sql';
import { ascending } from '../order';
import type { IndexedRow } from '../search/repo';
import { addOrganisations, refreshOrganisations, reindexAttendees, removeIndexedAttendees, searchIdAllocator, writeSearchTerms } from '../search/repo';
import type { DerivedKeys, WritableAttendee } from './derived';
import { deriveKeys } from './derived';
import { attendeeSortKeys } from './sortKey';

/** How a bulk insert reports its progress: `onChunk` runs after every `chunk` attendee rows (and may throw to cancel). */
export interface InsertProgress {
  chunk?: number;
  onChunk?: (rows: number) => void;
}

/**
 * Inserts many attendees with their registrations and ticket codes and indexes them for search; the caller holds the
 * transaction.
 */
export function insertAttendees(db: Db, attendees: readonly WritableAttendee[], at: Date, { chunk = attendees.length, onChunk }: InsertProgress = {}): void {
  const write = new AttendeeBulkWrite(db, at, attendees.length);
  // Sorted whole, so every chunk's rows follow the last chunk's in the table.
  const ordered = withKeys(attendees);
  const size = Math.max(1, chunk);
  for (let i = 0; i < ordered.length; i += size) {
    const part = ordered.slice(i, i + size);
    write.addOrdered(part);
    onChunk?.(part.length);
  }
  write.finish();
}

type Keyed = { a: WritableAttendee; keys: DerivedKeys };

const withKeys = (attendees: readonly WritableAttendee[]): Keyed[] =>
  attendees.map((a) => ({ a, keys: a.derived ?? deriveKeys(a) })).sort((x, y) => ascending(x.keys.search.sortKey, y.keys.search.sortKey));

const BULK_INDEX_MIN = 10_000;

/**
 * New attendees written in chunks inside one transaction the caller holds: rows as they come (the table's rowids follow
 * arrival, so every chunk appends), each with the search id its name sorts at (search/repo.ts), allocated in pinyin
 * order within a chunk; the search terms (in search-id order) and the organisations once, at `finish`.
 *
 * A large write into a small roster goes without the secondary indexes and builds them again at `finish`: one sort
 * per index instead of a random insert per row and index (100k attendees: ~7 s → ~4 s of row writing here). Unique
 * indexes stay, so a duplicate fails on its row as before. The indexes are rebuilt from their own stored
 * definitions, inside the transaction, so a rollback restores them as they were. `expectedRows` null (not known
 * ahead) counts as large when the roster is small.
 */
export class AttendeeBulkWrite {
  private readonly now: string;
  private readonly allocate: (sortKey: string) => bigint;
  private readonly indexed: IndexedRow[] = [];
  private readonly organisations = new Map<string, { orgZh: string | null; orgEn: string | null }>();
  private readonly dropped: Array<{ name: string; sql: string }>;

  constructor(
    private readonly db: Db,
    at: Date,
    expectedRows: number | null,
  ) {
    this.now = at.toISOString();
    this.allocate = searchIdAllocator(db);
    // A walk-in or a small file never counts the roster.
    const bulk = expectedRows === null ? countAttendees(db).total < BULK_INDEX_MIN : expectedRows >= BULK_INDEX_MIN && expectedRows >= countAttendees(db).total;
    this.dropped = bulk ? secondaryIndexes(db) : [];
    for (const index of this.dropped) db.raw.exec(`DROP INDEX "${index.name}"`);
  }

  add(attendees: readonly WritableAttendee[]): void {
    this.addOrdered(withKeys(attendees));
  }

  addOrdered(attendees: readonly Keyed[]): void {
    const attendee = this.db.statement(
        `INSERT INTO attendee (search_id, id, name_zh, name_en, org_zh, org_en, title, category_id, region, phone, email,
        document_type, document_number, external_id, attention, status, source, is_demo, created_at, updated_at, name_sort, org_sort, name_pinyin)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const registrations: Array<[string, string]> = [];
    const codes: Array<[string, string]> = [];
    const now = this.now;
    for (const { a, keys } of attendees) {
      const searchId = this.allocate(keys.search.sortKey);
      attendee.run(searchId, a.id, a.nameZh, a.nameEn, a.orgZh, a.orgEn, a.title, a.categoryId,
        a.region, a.phone, a.email, a.documentType, a.documentNumber, a.externalId, a.attention, a.status, a.source, a.isDemo ? 1 : 0, now, now,
        keys.nameSort, keys.orgSort, keys.search.syllables);
      this.indexed.push({ searchId, terms: keys.search.terms });
      if (a.orgZh !== null || a.orgEn !== null) this.organisations.set(`${a.orgZh ?? ''}\u0000${a.orgEn ?? ''}`, { orgZh: a.orgZh, orgEn: a.orgEn });
      for (const activityId of a.registrations) registrations.push([a.id, activityId]);
      for (const code of a.ticketCodes) codes.push([code, a.id]);
    }
    // In key order, rows land next to each other in the primary-key b-trees instead of on a random page each.
    insertPairs(this.db, 'INSERT INTO registration (attendee_id, activity_id) VALUES', registrations.sort(byFirst));
    insertPairs(this.db, 'INSERT INTO ticket_code (code, attendee_id) VALUES', codes.sort(byFirst));
  }

  finish(): void {
    for (const index of this.dropped) this.db.raw.exec(index.sql);
    writeSearchTerms(this.db, this.indexed);
    addOrganisations(this.db, [...this.organisations.values()]);
  }
}

/** Rows of two values a statement carries at once: one statement's work per row costs more than binding its values. */
const PAIRS_PER_STATEMENT = 100;

/** Two-column rows inserted many to a statement (`insert` ends with VALUES), the rest one by one. */
function insertPairs(db: Db, insert: string, pairs: ReadonlyArray<[string, string]>): void {
  const many = db.statement(`${insert} ${Array.from({ length: PAIRS_PER_STATEMENT }, () => '(?, ?)').join(', ')}`);
  const one = db.statement(`${insert} (?, ?)`);
  let i = 0;
  for (; i + PAIRS_PER_STATEMENT <= pairs.length; i += PAIRS_PER_STATEMENT) many.run(pairs.slice(i, i + PAIRS_PER_STATEMENT).flat());
  for (; i < pairs.length; i++) one.run(pairs[i]![0], pairs[i]![1]);
}

/** The roster's indexes a bulk write may drop and build again: not the unique ones, which must refuse a duplicate row. */
export function secondaryIndexes(db: Db): Array<{ name: string; sql: string }> {
  return db.all<{ name: string; sql: string }>(sql`SELECT name, sql FROM sqlite_schema
    WHERE type = 'index' AND tbl_name IN ('attendee', 'registration', 'ticket_code') AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %'`);
}

const byFirst = (x: [string, string], y: [string, string]) => ascending(x[0], y[0]) || ascending(x[1], y[1]);

export function countAttendees(db: Db): { total: number; demo: number } {
  const r = db.get<{ total: number; demo: number | null }>(sql`SELECT count(*) AS total, sum(is_demo) AS demo FROM attendee`);
  return { total: r?.total ?? 0, demo: r?.demo ?? 0 };
}

/**
 * Removes the demo roster with what a rehearsal left of it: registrations, ticket codes, print jobs and scans (each
 * station's door ledger rebuilds from the log when it sees scans go); real rows are never touched.
 */
export function deleteDemoAttendees(db: Db): number {
  db.run(sql`DELETE FROM print_job WHERE attendee_id IN (SELECT id FROM attendee WHERE is_demo = 1)`);
  // Overrides and undos first: they refer to the scans they answer.
  db.run(sql`DELETE FROM scan WHERE refers_to IS NOT NULL AND attendee_id IN (SELECT id FROM attendee WHERE is_demo = 1)`);
  db.run(sql`DELETE FROM scan WHERE attendee_id IN (SELECT id FROM attendee WHERE is_demo = 1)`);
  return removeIndexedAttendees(db, countAttendees(db).demo, () => db.run(sql`DELETE FROM attendee WHERE is_demo = 1`).changes);
}

/** An attendee as stored, with the badge state and timestamps; personal numbers in full (mask before they leave main). */
export interface StoredAttendee extends AttendeeRecord {
  badge: BadgeState;
  arrivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** An attendee row as SQLite returns it (column names). */
export interface AttendeeRow {
  id: string;
  name_zh: string | null;
  name_en: string | null;
  org_zh: string | null;
  org_en: string | null;
  title: string | null;
  category_id: string;
  region: Region;
  phone: string | null;
  email: string | null;
  document_type: DocumentType | null;
  document_number: string | null;
  external_id: string | null;
  attention: string | null;
  status: AttendeeStatus;
  source: AttendeeSource;
  is_demo: number;
  badge_version: number;
  badge_printed_count: number;
  badge_collected_at: string | null;
  arrived_at: string | null;
  created_at: string;
  updated_at: string;
}

type NamingColumns = Pick<AttendeeRow, 'id' | 'name_zh' | 'name_en' | 'org_zh' | 'org_en' | 'title' | 'category_id'>;

/** Who a row names, as the record, a card and a badge say it: names, organisation, title, category. */
export const namingOf = (r: NamingColumns) => ({ id: r.id, nameZh: r.name_zh, nameEn: r.name_en, orgZh: r.org_zh, orgEn: r.org_en, title: r.title, categoryId: r.category_id });

export function getAttendee(db: Db, id: string): StoredAttendee | undefined {
  const r = db.get<AttendeeRow>(sql`SELECT * FROM attendee WHERE id = ${id}`);
  if (!r) return undefined;
  const registrations = db.all<{ activity_id: string }>(sql`
    SELECT r.activity_id FROM registration r JOIN activity v ON v.id = r.activity_id
    WHERE r.attendee_id = ${id} ORDER BY v.position`);
  const tickets = db.all<{ code: string }>(sql`SELECT code FROM ticket_code WHERE attendee_id = ${id} ORDER BY code`);
  return {
    ...namingOf(r),
    region: r.region,
    phone: r.phone,
    email: r.email,
    documentType: r.document_type,
    documentNumber: r.document_number,
    externalId: r.external_id,
    attention: r.attention,
    status: r.status,
    source: r.source,
    isDemo: r.is_demo === 1,
    registrations: registrations.map((x) => x.activity_id),
    ticketCodes: tickets.map((x) => x.code),
    badge: { version: r.badge_version, printedCount: r.badge_printed_count, collectedAt: r.badge_collected_at },
    arrivedAt: r.arrived_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface AttendeeListRow {
  id: string;
  name_zh: string | null;
  name_en: string | null;
  org_zh: string | null;
  title: string | null;
  category_id: string;
  region: Region;
  phone: string | null;
  attention: string | null;
  status: AttendeeStatus;
  badge_printed_count: number;
  badge_collected_at: string | null;
}

const LIST_COLUMNS = `a.id, a.name_zh, a.name_en, a.org_zh, a.title, a.category_id, a.region, a.phone, a.attention, a.status,
  a.badge_printed_count, a.badge_collected_at`;

export const ORDER_BY = {
  pinyin: 'a.name_sort, a.id',
  organisation: 'a.org_sort, a.name_sort, a.id',
  created: 'a.created_at, a.id',
} as const;

type ListFilter = Pick<RosterListQuery, 'categoryId' | 'status' | 'activityId'>;

/** The WHERE clause of a roster filter; values stay bound, never spliced into the text. */
function filterClause({ categoryId, status, activityId }: ListFilter): { where: string; values: SqlValue[] } {
  const terms: string[] = [];
  const values: SqlValue[] = [];
  if (categoryId !== undefined) {
    terms.push('a.category_id = ?');
    values.push(categoryId);
  }
  if (status !== undefined) {
    terms.push('a.status = ?');
    values.push(status);
  }
  if (activityId !== undefined) {
    terms.push('EXISTS (SELECT 1 FROM registration r WHERE r.attendee_id = a.id AND r.activity_id = ?)');
    values.push(activityId);
  }
  return { where: terms.length === 0 ? '' : `WHERE ${terms.join(' AND ')}`, values };
}

/** One page of the roster table in the asked order, with the number of rows the filter matches. */
export function listAttendees(db: Db, query: RosterListQuery): { total: number; rows: AttendeeListRow[] } {
  const filter = filterClause(query);
  if (query.sort === 'category') return listByCategory(db, query, filter);
  const total = db.get<{ n: number }>({ text: `SELECT count(*) AS n FROM attendee a ${filter.where}`, values: filter.values })?.n ?? 0;
  return { total, rows: pageOf(db, { filter, order: ORDER_BY[query.sort], limit: query.limit, offset: query.offset }) };
}

/** Skips `offset` rows along the sort's index alone, then reads only the page's rows: three times faster deep into 100k. */
function pageOf(db: Db, { filter, order, limit, offset }: { filter: { where: string; values: SqlValue[] }; order: string; limit: number; offset: number }): AttendeeListRow[] {
  return db.all<AttendeeListRow>({
    text: `SELECT ${LIST_COLUMNS} FROM attendee a
      WHERE a.rowid IN (SELECT a.rowid FROM attendee a ${filter.where} ORDER BY ${order} LIMIT ? OFFSET ?)
      ORDER BY ${order}`,
    values: [...filter.values, limit, offset],
  });
}

/**
 * Category order is the event's category order, which no attendee index holds; so the page is cut from per-category
 * counts and read category by category along (category_id, name_sort), never sorting the whole roster.
 */
function listByCategory(db: Db, query: RosterListQuery, filter: { where: string; values: SqlValue[] }): { total: number; rows: AttendeeListRow[] } {
  const counts = db.all<{ category_id: string; n: number }>({
    text: `SELECT a.category_id, count(*) AS n FROM attendee a ${filter.where} GROUP BY a.category_id`,
    values: filter.values,
  });
  const countOf = new Map(counts.map((c) => [c.category_id, c.n]));
  const order = db.all<{ id: string }>(sql`SELECT id FROM category ORDER BY position, id`);
  const total = counts.reduce((n, c) => n + c.n, 0);
  const rows: AttendeeListRow[] = [];
  let skip = query.offset;
  for (const { id } of order) {
    const n = countOf.get(id) ?? 0;
    if (rows.length >= query.limit) break;
    if (skip >= n) {
      skip -= n;
      continue;
    }
    rows.push(...pageOf(db, { filter: filterClause({ ...query, categoryId: id }), order: ORDER_BY.pinyin, limit: query.limit - rows.length, offset: skip }));
    skip = 0;
  }
  return { total, rows };
}

export function sortKeysMissing(db: Db): boolean {
  return db.get(sql`SELECT 1 AS x FROM attendee WHERE name_sort IS NULL OR org_sort IS NULL LIMIT 1`) !== undefined;
}

/** Recomputes sort keys that a writer left empty (or a name change made stale); returns how many were filled. */
export function fillSortKeys(db: Db): number {
  const missing = db.all<{ id: string; name_zh: string | null; name_en: string | null; org_zh: string | null; org_en: string | null }>(
    sql`SELECT id, name_zh, name_en, org_zh, org_en FROM attendee WHERE name_sort IS NULL OR org_sort IS NULL`,
  );
  const update = db.statement('UPDATE attendee SET name_sort = ?, org_sort = ? WHERE id = ?');
  for (const r of missing) {
    const keys = attendeeSortKeys({ nameZh: r.name_zh, nameEn: r.name_en, orgZh: r.org_zh, orgEn: r.org_en });
    update.run(keys.name, keys.org, r.id);
  }
  return missing.length;
}

/** The fields an edit may change; registrations replace the attendee's whole set. */
export type AttendeeChanges = Partial<
  Pick<AttendeeRecord, 'nameZh' | 'nameEn' | 'orgZh' | 'orgEn' | 'title' | 'categoryId' | 'region' | 'phone' | 'email' | 'documentType' | 'documentNumber' | 'attention' | 'registrations'>
>;

const COLUMN_OF = {
  nameZh: 'name_zh',
  nameEn: 'name_en',
  orgZh: 'org_zh',
  orgEn: 'org_en',
  title: 'title',
  categoryId: 'category_id',
  region: 'region',
  phone: 'phone',
  email: 'email',
  documentType: 'document_type',
  documentNumber: 'document_number',
  attention: 'attention',
} as const satisfies Record<Exclude<keyof AttendeeChanges, 'registrations'>, string>;

/** Applies an edit to one attendee; the caller has validated it and holds the transaction. */
export function updateAttendee(db: Db, id: string, changes: AttendeeChanges, at: Date): void {
  const sets: string[] = ['updated_at = ?'];
  const values: SqlValue[] = [at.toISOString()];
  for (const [field, column] of Object.entries(COLUMN_OF) as Array<[keyof typeof COLUMN_OF, string]>) {
    const value = changes[field];
    if (value === undefined) continue;
    sets.push(`${column} = ?`);
    values.push(value);
  }
  let organisationLeft: string | null = null;
  if (SORTED_FIELDS.some((f) => changes[f] !== undefined)) {
    const stored = sortedFieldsOf(db, id);
    const keys = attendeeSortKeys({ ...stored, ...changes });
    if (changes.orgZh !== undefined || changes.orgEn !== undefined) organisationLeft = stored.orgSort;
    sets.push('name_sort = ?', 'org_sort = ?');
    values.push(keys.name, keys.org);
  }
  db.run({ text: `UPDATE attendee SET ${sets.join(', ')} WHERE id = ?`, values: [...values, id] });
  if (changes.registrations !== undefined) replaceRegistrations(db, id, changes.registrations);
  // Reindexing adds the new organisation's spelling; the organisation left may have lost a spelling or its last member.
  reindexAttendees(db, [id]);
  if (organisationLeft !== null) refreshOrganisations(db, [organisationLeft]);
}

const SORTED_FIELDS = ['nameZh', 'nameEn', 'orgZh', 'orgEn'] as const;

function sortedFieldsOf(db: Db, id: string): Pick<AttendeeRecord, (typeof SORTED_FIELDS)[number]> & { orgSort: string | null } {
  const r = db.get<{ name_zh: string | null; name_en: string | null; org_zh: string | null; org_en: string | null; org_sort: string | null }>(
    sql`SELECT name_zh, name_en, org_zh, org_en, org_sort FROM attendee WHERE id = ${id}`,
  );
  return { nameZh: r?.name_zh ?? null, nameEn: r?.name_en ?? null, orgZh: r?.org_zh ?? null, orgEn: r?.org_en ?? null, orgSort: r?.org_sort ?? null };
}

function replaceRegistrations(db: Db, id: string, activityIds: readonly string[]): void {
  db.run(sql`DELETE FROM registration WHERE attendee_id = ${id}`);
  const insert = db.statement('INSERT INTO registration (attendee_id, activity_id) VALUES (?, ?)');
  for (const activityId of activityIds) insert.run(id, activityId);
}

/** Cancels or restores an attendee. Cancelling bumps the badge version, so a badge printed before stops admitting. */
export function setAttendeeStatus(db: Db, { id, status, at }: { id: string; status: AttendeeStatus; at: Date }): void {
  db.run(sql`UPDATE attendee SET status = ${status}, updated_at = ${at.toISOString()},
               badge_version = badge_version + ${status === 'cancelled' ? 1 : 0}
             WHERE id = ${id}`);
}

/** Registers a walk-in at the desk; the caller holds the transaction. */
export function insertWalkIn(db: Db, attendee: AttendeeRecord, at: Date): void {
  insertAttendees(db, [attendee], at);
}

export function categoryExists(db: Db, id: string): boolean {
  return db.get(sql`SELECT 1 AS x FROM category WHERE id = ${id}`) !== undefined;
}

/** The ids in `ids` that name no activity of the event. */
export function unknownActivities(db: Db, ids: readonly string[]): string[] {
  const known = new Set(db.all<{ id: string }>(sql`SELECT id FROM activity`).map((a) => a.id));
  return ids.filter((id) => !known.has(id));
}
