import { toHalfWidth } from '../../../shared/identity';
import { maskPhone } from '../../../shared/mask';
import type { SearchHit, SearchMatch } from '../../../shared/search';
import type { Db } from '../db/sql';
import { sql } from '../db/sql';
import { ascending } from '../order';
import type { Field, ParsedQuery, SearchEntry, SearchSource } from './terms';
import { codeKey, MARK, organisationTerms, parseQuery, pinyinTerms, searchEntry } from './terms';
import { organisationSortKey } from '../roster/sortKey';

/*
 * An attendee's search id is its place in pinyin order, and its FTS rowid: the first KEY_LETTERS letters of the
 * name's sort key in base 27 above SLOT_BITS of slots for names that share them. The index then returns matches in
 * tie-break order, and a search reads only `limit` rows of each tier however many attendees match a first keystroke.
 * Ids exceed 2^53, hence bigint. A key whose slots are all taken gets an id above every range.
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

/** The ids of every sort key that begins with `prefix` (at most KEY_LETTERS letters, a-z only). */
function prefixRange(prefix: string): [bigint, bigint] {
  return [rowBase(prefix), rowBase(prefix.padEnd(KEY_LETTERS, 'z')) + SLOTS - 1n];
}

const ABOVE_RANGES = rowBase('z'.repeat(KEY_LETTERS)) + SLOTS;

const inRange = (id: bigint | null, sortKey: string): boolean => {
  const base = rowBase(sortKey);
  return id !== null && id >= base && id < base + SLOTS;
};

/** The next free id in the key's slot range; null when all are taken. */
function firstFreeId(db: Db, base: bigint): bigint | null {
  const last = db.statement('SELECT max(search_id) AS id FROM attendee WHERE search_id BETWEEN ? AND ?').safeIntegers(true).get(base, base + SLOTS - 1n) as {
    id: bigint | null;
  };
  if (last.id === null) return base;
  return last.id + 1n < base + SLOTS ? last.id + 1n : null;
}

const firstIdAboveRanges = (db: Db): bigint => {
  const last = db.statement('SELECT max(search_id) AS id FROM attendee WHERE search_id >= ?').safeIntegers(true).get(ABOVE_RANGES) as { id: bigint | null };
  return last.id === null ? ABOVE_RANGES : last.id + 1n;
};

/**
 * Allocates search ids for one write: each key range is read once, then counted on in memory, as nothing else
 * writes the ranges meanwhile (a query per row cost ~1 s of a 100k insert). Ids follow the order of the calls
 * within a range, so a batch given in key order gets them in pinyin order.
 */
export function searchIdAllocator(db: Db): (sortKey: string) => bigint {
  const next = new Map<bigint, bigint | null>();
  let above: bigint | null = null;
  return (sortKey) => {
    const base = rowBase(sortKey);
    const id = next.has(base) ? next.get(base)! : firstFreeId(db, base);
    if (id !== null) {
      next.set(base, id + 1n < base + SLOTS ? id + 1n : null);
      return id;
    }
    next.set(base, null);
    above ??= firstIdAboveRanges(db);
    return above++;
  };
}

const REBUILD_MIN = 1000;
const OPTIMIZE_MIN = 1000;
const REBUILD_SHARE = 0.2;

const attendeeCount = (db: Db): number => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM attendee`)?.n ?? 0;

const bySearchId = (a: { searchId: bigint }, b: { searchId: bigint }) => ascending(a.searchId, b.searchId);
const bySortKey = (a: { entry: SearchEntry }, b: { entry: SearchEntry }) => ascending(a.entry.sortKey, b.entry.sortKey);

/** An attendee's terms and the search id they are written under. */
export interface IndexedRow {
  searchId: bigint;
  terms: string;
}

/**
 * Writes the terms of attendees whose rows already hold their search ids, in ascending id order (FTS5 flushes its
 * pending writes whenever a rowid goes backwards); the caller holds the transaction.
 */
export function writeSearchTerms(db: Db, rows: readonly IndexedRow[]): void {
  const add = db.statement('INSERT INTO attendee_search (rowid, terms) VALUES (?, ?)');
  for (const row of [...rows].sort(bySearchId)) add.run(row.searchId, row.terms);
  noteWritten(db, rows.length);
}

/** An attendee as the index reads it from the roster, with its search id. */
interface IndexSource extends SearchSource {
  searchId: bigint | null;
  namePinyin: string | null;
}

const SOURCE_COLUMNS = `a.search_id AS searchId, a.id, a.name_zh AS nameZh, a.name_en AS nameEn, a.org_zh AS orgZh, a.org_en AS orgEn,
  a.external_id AS externalId, a.name_pinyin AS namePinyin,
  (SELECT json_group_array(t.code) FROM (SELECT code FROM ticket_code t WHERE t.attendee_id = a.id ORDER BY code) t) AS codes`;

type SourceRow = Omit<IndexSource, 'ticketCodes'> & { codes: string };

const toSource = ({ codes, ...row }: SourceRow): IndexSource => ({ ...row, ticketCodes: JSON.parse(codes) as string[] });

const allSources = (db: Db): IndexSource[] => (db.statement(`SELECT ${SOURCE_COLUMNS} FROM attendee a`).safeIntegers(true).all() as SourceRow[]).map(toSource);

function loadSources(db: Db, ids: readonly string[]): IndexSource[] {
  const one = db.statement(`SELECT ${SOURCE_COLUMNS} FROM attendee a WHERE a.id = ?`).safeIntegers(true);
  return ids.map((id) => one.get(id) as SourceRow | undefined).filter((r) => r !== undefined).map(toSource);
}

type Entry = { source: IndexSource; entry: SearchEntry };

const entriesOf = (sources: readonly IndexSource[]): Entry[] => sources.map((source) => ({ source, entry: searchEntry(source) }));

/**
 * Gives each attendee the search id its name sorts at, stores its pinyin and returns its terms. Ids already inside
 * their key's range stay; the others take the range's next free id, allocated in key order.
 */
function placeRows(db: Db, entries: readonly Entry[]): IndexedRow[] {
  const allocate = searchIdAllocator(db);
  const place = db.statement('UPDATE attendee SET search_id = ?, name_pinyin = ? WHERE id = ?');
  return [...entries].sort(bySortKey).map(({ source, entry }) => {
    const searchId = inRange(source.searchId, entry.sortKey) ? source.searchId! : allocate(entry.sortKey);
    if (searchId !== source.searchId || entry.syllables !== source.namePinyin) place.run(searchId, entry.syllables, source.id);
    return { searchId, terms: entry.terms };
  });
}

/**
 * Writes the whole index again from the roster: after a migration emptied it, or when a change touches so large a
 * share of it that per-row contentless deletes (far dearer than inserts) would cost more. Ids outside their key's
 * range are let go first, so allocating the ranges afresh never meets an id still to be moved.
 */
export function rebuildSearchIndex(db: Db): number {
  db.run(sql`INSERT INTO attendee_search (attendee_search) VALUES ('delete-all')`);
  const entries = entriesOf(allSources(db));
  const letGo = db.statement('UPDATE attendee SET search_id = NULL WHERE id = ?');
  for (const { source, entry } of entries) {
    if (source.searchId !== null && !inRange(source.searchId, entry.sortKey)) {
      letGo.run(source.id);
      source.searchId = null;
    }
  }
  writeSearchTerms(db, placeRows(db, entries));
  refreshOrganisations(db);
  db.run(sql`UPDATE attendee_search_state SET complete = 1`);
  return entries.length;
}

/** The terms every indexed attendee has now, under its search id, computed again from the roster (read only). */
export function storedSearchTerms(db: Db): IndexedRow[] {
  return allSources(db)
    .filter((s): s is IndexSource & { searchId: bigint } => s.searchId !== null)
    .map((s) => ({ searchId: s.searchId, terms: searchEntry(s).terms }));
}

/** (Re)indexes attendees as stored now, by id, after an edit; the caller holds the transaction. */
export function reindexAttendees(db: Db, ids: readonly string[]): void {
  if (ids.length >= REBUILD_MIN && ids.length > attendeeCount(db) * REBUILD_SHARE) {
    rebuildSearchIndex(db);
    return;
  }
  const sources = loadSources(db, ids);
  const forget = db.statement('DELETE FROM attendee_search WHERE rowid = ?');
  const indexed = sources.filter((s): s is IndexSource & { searchId: bigint } => s.searchId !== null);
  for (const s of indexed.sort(bySearchId)) forget.run(s.searchId);
  writeSearchTerms(db, placeRows(db, entriesOf(sources)));
  addOrganisations(db, sources);
}

/**
 * Removes attendees with `remove` (their delete trigger takes their terms). Removing a large share of the roster (the
 * demo roster) empties the index and writes the remaining rows' terms again instead of deleting term by term.
 */
export function removeIndexedAttendees(db: Db, removing: number, remove: () => number): number {
  const rebuild = removing >= REBUILD_MIN && removing > attendeeCount(db) * REBUILD_SHARE;
  if (rebuild) db.run(sql`INSERT INTO attendee_search (attendee_search) VALUES ('delete-all')`);
  const removed = remove();
  if (rebuild) rebuildSearchIndex(db);
  else if (removed > 0) refreshOrganisations(db);
  return removed;
}

/** Indexes the roster of a file whose index a migration emptied and marked incomplete; returns how many attendees were indexed. */
export function completeSearchIndex(db: Db): number {
  const complete = db.get<{ complete: number }>(sql`SELECT complete FROM attendee_search_state`)?.complete === 1;
  return complete ? 0 : db.tx(() => rebuildSearchIndex(db));
}

type Variant = readonly [string | null, string | null];

const variantOf = (a: Pick<SearchSource, 'orgZh' | 'orgEn'>): Variant | null => (a.orgZh === null && a.orgEn === null ? null : [a.orgZh, a.orgEn]);
const variantId = (v: Variant): string => `${v[0] ?? ''}\u0000${v[1] ?? ''}`;

/** Writes one organisation's row and terms, replacing what it had (its trigger removes the old terms). */
function writeOrganisation(db: Db, key: string, variants: readonly Variant[]): void {
  db.run(sql`DELETE FROM organisation_search_row WHERE org_sort = ${key}`);
  if (variants.length === 0) return;
  const row = db.get<{ id: number }>(sql`INSERT INTO organisation_search_row (org_sort, variants) VALUES (${key}, ${JSON.stringify(variants)}) RETURNING id`)!;
  db.run(sql`INSERT INTO organisation_search (rowid, terms) VALUES (${row.id}, ${organisationTerms(variants)})`);
}

/**
 * Adds the spellings new or changed members give their organisations: an organisation is indexed once, whatever its
 * number of members, so a 100k import writes a few thousand rows here, not 100k.
 */
export function addOrganisations(db: Db, attendees: readonly Pick<SearchSource, 'orgZh' | 'orgEn'>[]): void {
  const byKey = new Map<string, Map<string, Variant>>();
  for (const a of attendees) {
    const variant = variantOf(a);
    if (variant === null) continue;
    const key = organisationSortKey(a);
    let variants = byKey.get(key);
    if (!variants) byKey.set(key, (variants = new Map()));
    variants.set(variantId(variant), variant);
  }
  for (const [key, added] of byKey) {
    const stored = db.get<{ variants: string }>(sql`SELECT variants FROM organisation_search_row WHERE org_sort = ${key}`);
    const known = new Map<string, Variant>(((stored ? JSON.parse(stored.variants) : []) as Variant[]).map((v) => [variantId(v), v]));
    const before = known.size;
    for (const [id, v] of added) known.set(id, v);
    if (known.size !== before || !stored) writeOrganisation(db, key, [...known.values()]);
  }
}

/**
 * Rewrites organisations from their members as stored now: after an edit or a removal an organisation may have lost a
 * spelling or every member. With no keys, every organisation of the roster.
 */
export function refreshOrganisations(db: Db, keys?: readonly (string | null)[]): void {
  const wanted = keys === undefined ? null : [...new Set(keys.filter((k) => k !== null))];
  // A few hundred rows; their trigger takes the terms with them.
  if (wanted === null) db.run(sql`DELETE FROM organisation_search_row`);
  const members = (key: string) =>
    db.all<{ org_zh: string | null; org_en: string | null }>(sql`SELECT DISTINCT org_zh, org_en FROM attendee WHERE org_sort = ${key}`);
  const all = wanted ?? db.all<{ k: string }>(sql`SELECT DISTINCT org_sort AS k FROM attendee WHERE org_sort IS NOT NULL AND org_sort <> ''`).map((r) => r.k);
  for (const key of all) {
    const variants = members(key).map((m) => variantOf({ orgZh: m.org_zh, orgEn: m.org_en })).filter((v) => v !== null);
    writeOrganisation(db, key, variants);
  }
}

/**
 * Bulk writes leave the index in many segments, each probed by every query, so it is merged into one once the rows
 * written since the last merge are at least half the index: an import in chunks merges a few times, not per chunk.
 */
function noteWritten(db: Db, rows: number): void {
  const written = (db.get<{ n: number }>(sql`SELECT written_since_optimize AS n FROM attendee_search_state`)?.n ?? 0) + rows;
  // Counting the index costs a scan, so only a write big enough to merge after pays for it.
  const merge = written >= OPTIMIZE_MIN && written * 2 >= attendeeCount(db);
  if (merge) db.run(sql`INSERT INTO attendee_search (attendee_search) VALUES ('optimize')`);
  db.run(sql`UPDATE attendee_search_state SET written_since_optimize = ${merge ? 0 : written}`);
}

/** A search hit as read: the full phone (masked in toHit before it leaves) and the name's pinyin syllables. */
type HitRow = Omit<SearchHit, 'phoneMasked' | 'matched'> & { phone: string | null; syllables: string | null };

const HIT_COLUMNS = `a.id, a.name_zh AS nameZh, a.name_en AS nameEn, a.org_zh AS orgZh, a.org_en AS orgEn, a.category_id AS categoryId,
    a.status, a.phone`;

/** Attendees whose terms match an FTS expression, in row-id (pinyin) order. */
export const SEARCH_SQL = `SELECT ${HIT_COLUMNS}, a.name_pinyin AS syllables
  FROM attendee_search s
  JOIN attendee a ON a.search_id = s.rowid
  WHERE attendee_search MATCH ?
  ORDER BY s.rowid
  LIMIT ?`;

/** Attendees whose name's sort key begins with a prefix: a range of row ids, already in pinyin order. */
const RANGE_SQL = `SELECT ${HIT_COLUMNS}, a.name_pinyin AS syllables
  FROM attendee a
  WHERE a.search_id BETWEEN ? AND ?
  ORDER BY a.search_id
  LIMIT ?`;

/** Attendees whose phone ends with four digits, in search order, along attendee(phone_tail, search_id) (migration 013). */
const PHONE_TAIL_SQL = `SELECT ${HIT_COLUMNS}, a.name_pinyin AS syllables
  FROM attendee a
  WHERE a.phone_tail = ?
  ORDER BY a.search_id
  LIMIT ?`;

/** Members of the organisations whose terms match, by organisation and then by name, along attendee(org_sort, name_sort). */
const ORGANISATION_SQL = `SELECT ${HIT_COLUMNS}, NULL AS syllables
  FROM attendee a
  WHERE a.org_sort IN (SELECT o.org_sort FROM organisation_search s JOIN organisation_search_row o ON o.id = s.rowid WHERE organisation_search MATCH ?)
  ORDER BY a.org_sort, a.name_sort, a.id
  LIMIT ?`;

/** Attendees holding a ticket code, or an external id, that begins with what was typed, as it was typed, in code order. */
const CODE_PREFIX_SQL = `SELECT * FROM (SELECT ${HIT_COLUMNS}, NULL AS syllables
    FROM ticket_code t JOIN attendee a ON a.id = t.attendee_id
    WHERE t.code >= @prefix AND t.code < @prefix || char(1114111)
    ORDER BY t.code LIMIT @limit)
  UNION ALL
  SELECT * FROM (SELECT ${HIT_COLUMNS}, NULL AS syllables
    FROM attendee a
    WHERE a.external_id >= @prefix AND a.external_id < @prefix || char(1114111)
    ORDER BY a.external_id LIMIT @limit)`;

/** One step of the ranking: a way to read matching rows, and what a row found by it matched. */
interface Tier {
  read: (db: Db, limit: number) => HitRow[];
  matched: (row: HitRow) => SearchMatch;
}

/** The index row ids alone first: most tiers of a precise query match nobody, and then the joins are never run. */
const MATCH_IDS_SQL = 'SELECT rowid FROM attendee_search WHERE attendee_search MATCH ? ORDER BY rowid LIMIT ?';
const ROWS_BY_ID_SQL = `SELECT ${HIT_COLUMNS}, a.name_pinyin AS syllables
  FROM attendee a
  WHERE a.search_id IN (SELECT value FROM json_each(?))
  ORDER BY a.search_id`;

const fts =
  (match: string): Tier['read'] =>
  (db, limit) => {
    const ids = db.statement(MATCH_IDS_SQL).pluck().safeIntegers(true).all(match, limit) as bigint[];
    return ids.length === 0 ? [] : (db.statement(ROWS_BY_ID_SQL).all(`[${ids.join(',')}]`) as HitRow[]);
  };

// Words are [a-z0-9] or Chinese characters only (parseQuery), so quoting them is all the escaping FTS needs.
const term = (field: Field, word: string, prefix = true): string => `"${MARK[field]}${word}"${prefix ? '*' : ''}`;
/** Every word, whole; with `prefix`, the last one may be half typed. A prefix on every word would merge the doclists of hundreds of terms. */
const everyWord = (words: readonly string[], field: Field, prefix = true): string =>
  words.map((w, i) => term(field, w, prefix && i === words.length - 1)).join(' AND ');
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

// Initials of a name: two to six syllables (欧阳明华 oymh, 欧阳诸葛明 oyzgm), or an English name's words.
const MAX_INITIALS = 6;
const mayBeInitials = (words: readonly string[]): boolean => words.length === 1 && words[0]!.length <= MAX_INITIALS && /^[a-z]+$/.test(words[0]!);

const organisation = (match: string): Tier => ({
  read: (db, limit) => db.statement(ORGANISATION_SQL).all(match, limit) as HitRow[],
  matched: always('organisation'),
});

/** Codes: the whole code however it is written, then codes that begin with what was typed, as typed (upper case first). */
function codeTiers(raw: string): Tier[] {
  const typed = toHalfWidth(raw).trim();
  const key = codeKey(typed);
  // A code is one word: typed with spaces, it is a name or an organisation.
  const prefixes = /\s/.test(typed) ? [] : [...new Set([typed.toUpperCase(), typed])].filter((p) => p !== '');
  return [
    ...(key === '' ? [] : [{ read: fts(term('code', key, false)), matched: always('ticket') }]),
    ...prefixes.map((prefix) => ({ read: (db: Db, limit: number) => db.statement(CODE_PREFIX_SQL).all({ prefix, limit }) as HitRow[], matched: always('ticket') })),
  ];
}

/**
 * Exact name first, then names that begin with it, then initials, then other parts of the name, then organisations,
 * phone tails and codes; whole words before beginnings of words. Every FTS read is one term, an indexed one-letter
 * prefix or a prefix long enough to name few terms: a short prefix read from the term list costs milliseconds.
 */
function tiersFor(query: ParsedQuery, raw: string): Tier[] {
  switch (query.kind) {
    case 'han': {
      const joined = query.words.join('');
      return [
        { read: fts(term('exact', joined, false)), matched: always('name') },
        { read: fts(term('exact', joined)), matched: always('name') },
        { read: fts(everyWord(query.words, 'nameZh')), matched: always('name') },
        organisation(everyWord(query.words, 'org')),
      ];
    }
    case 'latin': {
      const joined = query.words.join('');
      const letters = /^[a-z]+$/.test(joined);
      return [
        { read: fts(term('exact', joined, false)), matched: pinyinOrEnglish([joined], true) },
        ...(letters && joined.length <= KEY_LETTERS
          ? [{ read: (db: Db, limit: number) => db.statement(RANGE_SQL).all(...prefixRange(joined), limit) as HitRow[], matched: pinyinOrEnglish([joined], false) }]
          : []),
        { read: fts(term('exact', joined)), matched: pinyinOrEnglish([joined], false) },
        ...(mayBeInitials(query.words)
          ? [
              { read: fts(term('initials', joined, false)), matched: always('initials') },
              { read: fts(term('initials', joined)), matched: always('initials') },
            ]
          : []),
        { read: fts(everyWord(query.words, 'word', false)), matched: pinyinOrEnglish(query.words, false) },
        { read: fts(everyWord(query.words, 'word')), matched: pinyinOrEnglish(query.words, false) },
        organisation(everyWord(query.words, 'org', false)),
        organisation(everyWord(query.words, 'org')),
        ...codeTiers(raw),
      ];
    }
    case 'digits':
      return [
        ...(query.digits.length === 4 ? [{ read: (db: Db, limit: number) => db.statement(PHONE_TAIL_SQL).all(query.digits, limit) as HitRow[], matched: always('phone') }] : []),
        ...codeTiers(raw),
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
  for (const tier of tiersFor(parsed, query)) {
    // Rows found by a better tier come back again here, so ask for enough to still fill the page.
    for (const row of tier.read(db, limit + hits.size)) {
      if (hits.size >= limit) break;
      if (!hits.has(row.id)) hits.set(row.id, toHit(row, tier.matched(row)));
    }
    if (hits.size >= limit) break;
  }
  return [...hits.values()];
}
