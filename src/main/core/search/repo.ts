import type { AttendeeStatus } from '../../../shared/attendee';
import { maskPhone } from '../../../shared/mask';
import type { SearchHit, SearchMatch } from '../../../shared/search';
import type { Db } from '../db/sql';
import { sql } from '../db/sql';
import type { Field, ParsedQuery, SearchSource } from './terms';
import { MARK, parseQuery, pinyinTerms, searchEntry } from './terms';

/*
 * Index rows get ids in pinyin order: the first KEY_LETTERS letters of the sort key in base 27 above SLOT_BITS of
 * slots for names that share them. The index then returns matches in tie-break order, and a search reads only
 * `limit` rows of each tier however many attendees match a first keystroke. Ids exceed 2^53, hence bigint.
 */
const KEY_LETTERS = 10;
const SLOT_BITS = 15n;
const SLOTS = 1n << SLOT_BITS;

function rowBase(sortKey: string): bigint {
  let base = 0n;
  for (let i = 0; i < KEY_LETTERS; i++) {
    const c = sortKey.charCodeAt(i);
    base = base * 27n + (c >= 97 && c <= 122 ? BigInt(c - 96) : 0n);
  }
  return base << SLOT_BITS;
}

/** The next free id in the key's slot range; null (SQLite picks one, out of order but correct) when all are taken. */
function firstFreeRowId(db: Db, base: bigint): bigint | null {
  const last = db.statement('SELECT max(id) AS id FROM attendee_search_row WHERE id BETWEEN ? AND ?').safeIntegers(true).get(base, base + SLOTS - 1n) as {
    id: bigint | null;
  };
  if (last.id === null) return base;
  return last.id + 1n < base + SLOTS ? last.id + 1n : null;
}

/**
 * Allocates ids for a batch in key order: the stored range is read once per key prefix, then counted on in memory,
 * as nothing else writes the range meanwhile (a query per row cost ~1 s of a 100k insert).
 */
function rowIdAllocator(db: Db): (sortKey: string) => bigint | null {
  let base: bigint | null = null;
  let next: bigint | null = null;
  return (sortKey) => {
    const keyBase = rowBase(sortKey);
    if (keyBase !== base) {
      base = keyBase;
      next = firstFreeRowId(db, keyBase);
    }
    const id = next;
    if (next !== null) next = next + 1n < keyBase + SLOTS ? next + 1n : null;
    return id;
  };
}

const REBUILD_MIN = 1000;
const OPTIMIZE_MIN = 1000;
const REBUILD_SHARE = 0.2;

const indexedCount = (db: Db): number => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM attendee_search_row`)?.n ?? 0;

const ascending = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

const existingRowId = (db: Db, attendeeId: string): bigint | undefined =>
  (db.statement('SELECT id FROM attendee_search_row WHERE attendee_id = ?').safeIntegers(true).get(attendeeId) as { id: bigint } | undefined)?.id;

/**
 * Removes index rows (their trigger removes the terms) in ascending id order, as FTS5 flushes its pending writes
 * whenever a row id goes backwards. A contentless delete costs far more than an insert, so removing a large share of
 * the index (the demo roster, a re-import) empties it and writes the remaining rows' terms again instead.
 */
function deleteRows(db: Db, ids: bigint[]): void {
  if (ids.length === 0) return;
  const rebuild = ids.length >= REBUILD_MIN && ids.length > indexedCount(db) * REBUILD_SHARE;
  if (rebuild) db.run(sql`INSERT INTO attendee_search (attendee_search) VALUES ('delete-all')`);
  const remove = db.statement('DELETE FROM attendee_search_row WHERE id = ?');
  for (const id of ids.sort(ascending)) remove.run(id);
  if (rebuild) rewriteTerms(db);
}

/** Writes the terms of every index row again from the roster, keeping each row's id. */
function rewriteTerms(db: Db): void {
  const rows = db.statement('SELECT id, attendee_id AS attendeeId FROM attendee_search_row ORDER BY id').safeIntegers(true).all() as Array<{ id: bigint; attendeeId: string }>;
  const sources = new Map(loadSources(db, rows.map((r) => r.attendeeId)).map((s) => [s.id, s]));
  const addTerms = db.statement('INSERT INTO attendee_search (rowid, terms) VALUES (?, ?)');
  for (const row of rows) {
    const source = sources.get(row.attendeeId);
    if (source) addTerms.run(row.id, searchEntry(source).terms);
  }
  noteWritten(db, rows.length);
}

/** (Re)indexes attendees from their records; the caller holds the transaction. */
export function indexAttendees(db: Db, attendees: readonly SearchSource[]): void {
  deleteRows(db, attendees.map((a) => existingRowId(db, a.id)).filter((id) => id !== undefined));
  const addRow = db.statement('INSERT INTO attendee_search_row (id, attendee_id, pinyin) VALUES (?, ?, ?) RETURNING id').safeIntegers(true);
  // Written in key order, a batch appends to both tables instead of scattering over their pages.
  const entries = attendees.map((a) => ({ attendeeId: a.id, ...searchEntry(a) })).sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  const allocate = rowIdAllocator(db);
  const rows = entries.map((e) => {
    const { id } = addRow.get(allocate(e.sortKey), e.attendeeId, e.syllables) as { id: bigint };
    return { id, terms: e.terms };
  });
  const addTerms = db.statement('INSERT INTO attendee_search (rowid, terms) VALUES (?, ?)');
  for (const row of rows.sort((a, b) => ascending(a.id, b.id))) addTerms.run(row.id, row.terms);
  noteWritten(db, rows.length);
}

/**
 * Bulk writes leave the index in many segments, each probed by every query, so it is merged into one once the rows
 * written since the last merge are at least half the index: an import in chunks merges a few times, not per chunk.
 */
function noteWritten(db: Db, rows: number): void {
  const written = (db.get<{ n: number }>(sql`SELECT written_since_optimize AS n FROM attendee_search_state`)?.n ?? 0) + rows;
  // Counting the index costs a scan, so only a write big enough to merge after pays for it.
  const merge = written >= OPTIMIZE_MIN && written * 2 >= indexedCount(db);
  if (merge) db.run(sql`INSERT INTO attendee_search (attendee_search) VALUES ('optimize')`);
  db.run(sql`UPDATE attendee_search_state SET written_since_optimize = ${merge ? 0 : written}`);
}

/** Removes the demo attendees' index rows ahead of deleting them, in the order FTS5 deletes fastest. */
export function unindexDemoAttendees(db: Db): void {
  const rows = db
    .statement('SELECT r.id FROM attendee_search_row r JOIN attendee a ON a.id = r.attendee_id WHERE a.is_demo = 1')
    .safeIntegers(true)
    .all() as Array<{ id: bigint }>;
  deleteRows(db, rows.map((r) => r.id));
}

interface SourceRow {
  id: string;
  nameZh: string | null;
  nameEn: string | null;
  orgZh: string | null;
  orgEn: string | null;
  phone: string | null;
  externalId: string | null;
}

function loadSources(db: Db, ids: readonly string[]): SearchSource[] {
  const sources: SearchSource[] = [];
  for (const id of ids) {
    const row = db.get<SourceRow>(sql`SELECT id, name_zh AS nameZh, name_en AS nameEn, org_zh AS orgZh, org_en AS orgEn, phone, external_id AS externalId
      FROM attendee WHERE id = ${id}`);
    if (!row) continue;
    const ticketCodes = db.all<{ code: string }>(sql`SELECT code FROM ticket_code WHERE attendee_id = ${id} ORDER BY code`).map((t) => t.code);
    sources.push({ ...row, ticketCodes });
  }
  return sources;
}

/** (Re)indexes attendees as stored now, by id; an id no longer in the roster leaves the index. The caller holds the transaction. */
export function reindexAttendees(db: Db, ids: readonly string[]): void {
  const sources = loadSources(db, ids);
  const present = new Set(sources.map((s) => s.id));
  deleteRows(db, ids.filter((id) => !present.has(id)).map((id) => existingRowId(db, id)).filter((id) => id !== undefined));
  indexAttendees(db, sources);
}

/** Indexes attendees written before the index existed (a database from an older version); returns how many. */
export function indexMissingAttendees(db: Db): number {
  // Every index row belongs to one attendee (unique, cascaded), so equal counts mean nothing is missing.
  const counts = db.get<{ attendees: number; indexed: number }>(
    sql`SELECT (SELECT count(*) FROM attendee) AS attendees, (SELECT count(*) FROM attendee_search_row) AS indexed`,
  );
  if (counts && counts.attendees === counts.indexed) return 0;
  const ids = db
    .all<{ id: string }>(sql`SELECT a.id FROM attendee a WHERE NOT EXISTS (SELECT 1 FROM attendee_search_row r WHERE r.attendee_id = a.id)`)
    .map((r) => r.id);
  if (ids.length > 0) db.tx(() => reindexAttendees(db, ids));
  return ids.length;
}

interface HitRow {
  id: string;
  nameZh: string | null;
  nameEn: string | null;
  orgZh: string | null;
  orgEn: string | null;
  categoryId: string;
  status: AttendeeStatus;
  phone: string | null;
  syllables: string | null;
}

/** One step of the ranking: an FTS expression and what a row found by it matched. */
interface Tier {
  match: string;
  matched: (row: HitRow) => SearchMatch;
}

export const SEARCH_SQL = `SELECT a.id, a.name_zh AS nameZh, a.name_en AS nameEn, a.org_zh AS orgZh, a.org_en AS orgEn, a.category_id AS categoryId,
    a.status, a.phone, r.pinyin AS syllables
  FROM attendee_search s
  JOIN attendee_search_row r ON r.id = s.rowid
  JOIN attendee a ON a.id = r.attendee_id
  WHERE attendee_search MATCH ?
  ORDER BY s.rowid
  LIMIT ?`;

// Words are [a-z0-9] or Chinese characters only (parseQuery), so quoting them is all the escaping FTS needs.
const term = (field: Field, word: string, prefix = true): string => `"${MARK[field]}${word}"${prefix ? '*' : ''}`;
const everyWord = (words: readonly string[], fields: readonly Field[], prefix = true): string =>
  words.map((w) => `(${fields.map((f) => term(f, w, prefix)).join(' OR ')})`).join(' AND ');
const always = (matched: SearchMatch) => () => matched;

/** 'pinyin' when the row's pinyin explains the words, else 'english'. */
function pinyinOrEnglish(words: readonly string[], exact: boolean) {
  return (row: HitRow): SearchMatch => {
    if (row.syllables === null) return 'english';
    const syllables = row.syllables.split(' ');
    const terms = pinyinTerms(exact ? [syllables.join('')] : syllables);
    return words.every((w) => terms.some((t) => (exact ? t === w : t.startsWith(w)))) ? 'pinyin' : 'english';
  };
}

const MAX_INITIALS = 8;
const mayBeInitials = (words: readonly string[]): boolean => words.length === 1 && words[0]!.length <= MAX_INITIALS && /^[a-z]+$/.test(words[0]!);

/**
 * Exact name first, then name prefix, then initials, then other parts of the name, then the other fields; whole
 * words before beginnings of words, which also keeps a long word off FTS5's slow path (a prefix longer than its
 * prefix indexes merges every matching doclist before the first row comes back).
 */
function tiersFor(query: ParsedQuery): Tier[] {
  switch (query.kind) {
    case 'han': {
      const joined = query.words.join('');
      return [
        { match: term('exact', joined, false), matched: always('name') },
        { match: term('exact', joined), matched: always('name') },
        { match: everyWord(query.words, ['nameZh']), matched: always('name') },
        { match: everyWord(query.words, ['org']), matched: always('organisation') },
      ];
    }
    case 'latin': {
      const joined = query.words.join('');
      return [
        { match: term('exact', joined, false), matched: pinyinOrEnglish([joined], true) },
        { match: term('exact', joined), matched: pinyinOrEnglish([joined], false) },
        ...(mayBeInitials(query.words) ? [{ match: term('initials', joined), matched: always('initials') }] : []),
        { match: everyWord(query.words, ['pinyin', 'english'], false), matched: pinyinOrEnglish(query.words, false) },
        { match: everyWord(query.words, ['pinyin', 'english']), matched: pinyinOrEnglish(query.words, false) },
        { match: everyWord(query.words, ['org'], false), matched: always('organisation') },
        { match: everyWord(query.words, ['org']), matched: always('organisation') },
        { match: term('code', joined), matched: always('ticket') },
      ];
    }
    case 'digits':
      return [
        ...(query.digits.length === 4 ? [{ match: term('phone', query.digits, false), matched: always('phone') }] : []),
        { match: term('code', query.digits), matched: always('ticket') },
      ];
  }
}

const toHit = (row: HitRow, matched: SearchMatch): SearchHit => ({
  id: row.id,
  nameZh: row.nameZh,
  nameEn: row.nameEn,
  orgZh: row.orgZh,
  orgEn: row.orgEn,
  categoryId: row.categoryId,
  status: row.status,
  phoneMasked: maskPhone(row.phone),
  matched,
});

/** Attendees matching what was typed, best first; nothing before something is typed. Cancelled ones are included, marked by status. */
export function searchAttendees(db: Db, { query, limit }: { query: string; limit: number }): SearchHit[] {
  const parsed = parseQuery(query);
  if (parsed === null) return [];
  const hits = new Map<string, SearchHit>();
  const statement = db.statement(SEARCH_SQL);
  for (const tier of tiersFor(parsed)) {
    // Rows found by a better tier come back again here, so ask for enough to still fill the page.
    for (const row of statement.all(tier.match, limit + hits.size) as HitRow[]) {
      if (hits.size >= limit) break;
      if (!hits.has(row.id)) hits.set(row.id, toHit(row, tier.matched(row)));
    }
    if (hits.size >= limit) break;
  }
  return [...hits.values()];
}
