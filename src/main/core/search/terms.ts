import type { AttendeeRecord } from '../../../shared/attendee';
import { onFirstUse } from '../lazy';

const openCC = onFirstUse<typeof import('opencc-js/t2cn')>('opencc-js/t2cn');
const pinyinPro = onFirstUse<typeof import('pinyin-pro')>('pinyin-pro');

/** What the index needs to know about an attendee. */
export type SearchSource = Pick<AttendeeRecord, 'id' | 'nameZh' | 'nameEn' | 'orgZh' | 'orgEn' | 'externalId' | 'ticketCodes'>;

/**
 * The letter that leads each term and names the field it came from (migrations 003 and 005): x a whole name,
 * n the tails of a Chinese name, w a word of the name (a pinyin syllable, a run of syllables, an English word),
 * i initials, c a ticket code or external id; o an organisation's terms, in their own index. (t, the phone's tail
 * until migration 013, is now the attendee's `phone_tail` column: the index holds no part of a phone.)
 */
export const MARK = { exact: 'x', nameZh: 'n', word: 'w', initials: 'i', org: 'o', code: 'c' } as const;
export type Field = keyof typeof MARK;

/** What the index keeps of one attendee: its terms, the name's pinyin syllables and the key rows are ordered by. */
export interface SearchEntry {
  terms: string;
  /** Syllables of the Chinese name, space-separated; null for a name without Chinese characters. */
  syllables: string | null;
  /** Lower-case letters only: pinyin of the Chinese name, else the English name. */
  sortKey: string;
}

const HAN = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;
const SEARCH_WORD = /\p{Script=Han}+|[a-z0-9]+/gu;
const ASCII = /^[\x20-\x7e]*$/;
const MAX_QUERY_WORDS = 8;
const MEMO_LIMIT = 50_000;

/** Full-width to half-width, lower case, Latin diacritics dropped: the form both terms and queries are compared in. */
export function foldText(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFKC').toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

const latinWords = (text: string | null): string[] => (text === null ? [] : (foldText(text).match(/[a-z0-9]+/g) ?? []));
/** Words written with an apostrophe or hyphen, also as one word: O'Brien is found as obrien, Jean-Luc as jeanluc. */
const gluedWords = (text: string | null): string[] => (text === null ? [] : (foldText(text).match(/[a-z0-9]+(?:['’-][a-z0-9]+)+/g) ?? []).map((w) => w.replace(/['’-]/g, '')));
/** The runs of Chinese characters of a text, in simplified form. */
const hanRuns = (text: string | null): string[] => (text === null || ASCII.test(text) ? [] : (text.normalize('NFKC').match(HAN_RUN) ?? []).map(simplified));

/** Every suffix of a run of characters (by code point, as rare name characters lie beyond the BMP). */
function suffixes(run: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < run.length; i += (run.codePointAt(i) ?? 0) > 0xffff ? 2 : 1) out.push(run.slice(i));
  return out;
}

/** A roster repeats its surnames, characters and organisations: pinyin-pro and term building are done once per value. */
function memo<V>(cache: Map<string, V>, key: string, compute: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= MEMO_LIMIT) cache.clear();
    value = compute();
    cache.set(key, value);
  }
  return value;
}

const simplifiedChars = new Map<string, string>();
let toSimplified: ((text: string) => string) | null = null;

/**
 * Chinese characters in their simplified form, one by one (OpenCC's Hong Kong and traditional tables): a name written
 * in Hong Kong, Macao or Taiwan (陳, 黃, 衞) and the same name typed on a mainland keyboard (陈, 黄, 卫) are indexed
 * and searched in one form. Character by character, so no phrase rule rewrites a name.
 */
export function simplified(run: string): string {
  let out = '';
  for (const c of run) out += memo(simplifiedChars, c, () => (toSimplified ??= openCC().Converter({ from: 'hk', to: 'cn' }))(c));
  return out;
}

const headReadings = new Map<string, string[]>();
const charReadings = new Map<string, string>();
const orgTermsMemo = new Map<string, string[]>();

/**
 * The toneless syllables of a Chinese name, ü written v. The first two characters are read together in pinyin-pro's
 * surname mode, so 单 reads shan, 曾 zeng, 解 xie, and a compound surname such as 欧阳 is read as one.
 */
export function nameSyllables(nameZh: string | null): string[] {
  const han = hanRuns(nameZh).join('');
  if (han === '') return [];
  const chars = Array.from(han);
  const head = chars.slice(0, 2).join('');
  const headSyllables = memo(headReadings, head, () => pinyinPro().pinyin(head, { toneType: 'none', type: 'array', surname: 'head', v: true }).map((s) => s.toLowerCase()));
  const rest = chars.slice(2).map((c) => memo(charReadings, c, () => pinyinPro().pinyin(c, { toneType: 'none', v: true }).toLowerCase()));
  return [...headSyllables, ...rest];
}

const uSpelling = (terms: readonly string[]): string[] => terms.filter((t) => t.includes('v')).map((t) => t.replaceAll('v', 'u'));

/** Each syllable, and every tail of the name joined (zhangsan, san), in both v and u spelling of ü. */
export function pinyinTerms(syllables: readonly string[]): string[] {
  const terms = [...syllables];
  for (let i = 0; i < syllables.length; i++) terms.push(syllables.slice(i).join(''));
  return [...terms, ...uSpelling(terms)];
}

const initialsOf = (words: readonly string[]): string => words.map((w) => w.charAt(0)).join('');

/** A code as the index keeps it: its letters and digits only, lower case, so HKT-7781 and hkt7781 are one. */
export const codeKey = (code: string | null): string => latinWords(code).join('');

const orgTerms = (org: string | null): string[] =>
  org === null ? [] : memo(orgTermsMemo, org, () => [...hanRuns(org).flatMap(suffixes), ...latinWords(org)]);

/** Collects marked terms once each. */
class Terms {
  private readonly seen = new Set<string>();
  add(field: Field, terms: readonly (string | null)[]): void {
    for (const t of terms) if (t) this.seen.add(MARK[field] + t);
  }
  toString(): string {
    return [...this.seen].join(' ');
  }
}

/** The terms of an organisation in every spelling its members give it, for the organisation index. */
export function organisationTerms(variants: ReadonlyArray<readonly [string | null, string | null]>): string {
  const terms = new Terms();
  for (const [zh, en] of variants) terms.add('org', [...orgTerms(zh), ...orgTerms(en)]);
  return terms.toString();
}

export function searchEntry(a: Omit<SearchSource, 'id'>): SearchEntry {
  const nameHan = hanRuns(a.nameZh).join('');
  const syllables = nameSyllables(a.nameZh);
  const english = latinWords(a.nameEn);
  const pinyinJoined = syllables.join('');
  const englishJoined = english.join('');
  const terms = new Terms();
  // Whole forms serve the exact and name-prefix tiers, so the other name fields leave them out.
  terms.add('exact', [nameHan, pinyinJoined, ...uSpelling([pinyinJoined]), englishJoined]);
  terms.add('nameZh', suffixes(nameHan).slice(1));
  // Pinyin and English words share a mark: a romanised name ("ZHANG San") then adds no terms of its own.
  const words = new Set([...pinyinTerms(syllables), ...(english.length > 1 ? english : []), ...gluedWords(a.nameEn)]);
  words.delete(pinyinJoined);
  words.delete(englishJoined);
  terms.add('word', [...words]);
  // A Chinese name's initials come from its syllables; an English name's only when it is the only name.
  terms.add('initials', [syllables.length > 1 ? initialsOf(syllables) : null, syllables.length === 0 && english.length > 1 ? initialsOf(english) : null]);
  terms.add('code', [...a.ticketCodes.map(codeKey), codeKey(a.externalId)]);
  return {
    terms: terms.toString(),
    syllables: syllables.length > 0 ? syllables.join(' ') : null,
    sortKey: (pinyinJoined || englishJoined).replace(/[^a-z]/g, ''),
  };
}

/** The index terms of one attendee, space-separated, each led by its field's letter (pure). */
export function searchTerms(a: SearchSource): string {
  return searchEntry(a).terms;
}

/** A query as the index reads it: Chinese characters, digits only, or Latin letters (with digits). */
export type ParsedQuery = { kind: 'han'; words: string[] } | { kind: 'digits'; digits: string } | { kind: 'latin'; words: string[] };

/**
 * Normalises what was typed into words of Chinese characters or of [a-z0-9]; everything else (quotes, operators,
 * column filters) only separates words, so no query text can reach the FTS syntax. Null when nothing searchable is left.
 */
export function parseQuery(raw: string): ParsedQuery | null {
  const words = (foldText(raw).match(SEARCH_WORD) ?? []).slice(0, MAX_QUERY_WORDS).map((w) => (HAN.test(w) ? simplified(w) : w));
  if (words.length === 0) return null;
  if (words.some((w) => HAN.test(w))) return { kind: 'han', words };
  if (words.every((w) => /^\d+$/.test(w))) return { kind: 'digits', digits: words.join('') };
  return { kind: 'latin', words };
}
