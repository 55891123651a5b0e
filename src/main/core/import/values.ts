import type { DocumentType, Region } from '../../../shared/attendee';
import type { Activity, Category } from '../../../shared/event';
import { toHalfWidth } from '../../../shared/identity';
import { simplified } from '../search/terms';

/**
 * Lookup form of a value: half-width, trimmed, lower case, without the quotes titles are written with, in simplified
 * characters (港澳台媒體 from Hong Kong is the category 港澳台媒体).
 */
export const lookupKey = (s: string): string =>
  simplified(
    toHalfWidth(s)
      .replace(/[“”"‘’'「」『』《》]/g, '')
      .trim()
      .toLowerCase(),
  );

export function categoryLookup(categories: readonly Category[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const c of categories) for (const k of [c.id, c.name.zh, c.name.en]) map.set(lookupKey(k), c.id);
  return map;
}

export function activityLookup(activities: readonly Activity[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const a of activities) {
    for (const k of [a.id, a.title.zh, a.title.en, a.shortTitle.zh, a.shortTitle.en]) map.set(lookupKey(k), a.id);
  }
  return map;
}

/** What joins several choices in one cell, as forms write them: 、，,;； / | (问卷星's ┋); line breaks too. */
const CHOICE_SEPARATORS = '、，,;；/|｜┋';
/** Activities: their titles hold spaces, so only the separators and line breaks part them (kept, to rejoin a title). */
const LIST_SEPARATOR = new RegExp(`([${CHOICE_SEPARATORS}\\n])`);
/** Codes: any run of separators or white space. */
export const CODE_SEPARATORS = new RegExp(`[${CHOICE_SEPARATORS}\\s]+`);

/**
 * Several activities in one cell. English titles may hold commas themselves, so the longest run of pieces
 * that names an activity wins; a piece that names none is returned as unknown, never guessed.
 */
export function matchActivities(cell: string, lookup: ReadonlyMap<string, string>): { ids: string[]; unknown: string[] } {
  const parts = cell.split(LIST_SEPARATOR);
  const ids: string[] = [];
  const unknown: string[] = [];
  let i = 0;
  while (i < parts.length) {
    let matched = false;
    for (let j = parts.length - 1; j >= i; j -= 2) {
      const id = lookup.get(lookupKey(parts.slice(i, j + 1).join('')));
      if (id !== undefined) {
        if (!ids.includes(id)) ids.push(id);
        i = j + 2;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    const piece = parts[i]!.trim();
    if (piece !== '') unknown.push(piece);
    i += 2;
  }
  return { ids, unknown };
}

const REGION_WORDS: Record<Region, readonly string[]> = {
  mainland: ['内地', '大陆', '中国大陆', '中国内地', '境内', '国内', 'mainland', 'mainland china', 'china', '中国'],
  hong_kong: ['香港', '中国香港', '香港特别行政区', 'hong kong', 'hongkong', 'hk', 'hong_kong'],
  macao: ['澳门', '中国澳门', '澳门特别行政区', 'macao', 'macau', 'mo'],
  taiwan: ['台湾', '中国台湾', '台湾地区', 'taiwan', 'tw'],
  abroad: ['海外', '国外', '境外', '外籍', 'abroad', 'overseas', 'foreign', 'international'],
};
/** Words → value, folded at the first import rather than at every start of the command line. */
function wordLookup<V extends string>(words: Record<V, readonly string[]>): () => Map<string, V> {
  let map: Map<string, V> | null = null;
  return () => (map ??= new Map((Object.entries(words) as Array<[V, readonly string[]]>).flatMap(([v, ws]) => ws.map((w) => [lookupKey(w), v] as const))));
}

const regionLookup = wordLookup(REGION_WORDS);

export const matchRegion = (cell: string): Region | undefined => regionLookup().get(lookupKey(cell));

const DOCUMENT_TYPE_WORDS: Record<DocumentType, readonly string[]> = {
  cn_id: ['身份证', '居民身份证', '二代身份证', '中国居民身份证', '中华人民共和国居民身份证', 'id card', 'identity card', 'resident id', 'cn_id'],
  hk_mo_permit: ['港澳通行证', '回乡证', '港澳居民来往内地通行证', '港澳台居民居住证', 'home return permit', 'hk_mo_permit'],
  tw_permit: ['台胞证', '台湾居民来往大陆通行证', 'taiwan compatriot permit', 'mainland travel permit for taiwan residents', 'tw_permit'],
  passport: ['护照', '中国护照', '外国护照', 'passport'],
  other: ['其他', '其它', 'other'],
};
const documentTypeLookup = wordLookup(DOCUMENT_TYPE_WORDS);

export const matchDocumentType = (cell: string): DocumentType | undefined => documentTypeLookup().get(lookupKey(cell));

/** The document type a number's shape tells, when the file has no type column. */
export function inferDocumentType(normalised: string): DocumentType {
  if (/^\d{15,18}$|^\d{17}X$|^\d(\.\d+)?E\+\d+$/.test(normalised)) return 'cn_id';
  if (/^[HM]\d{8}(\d{2})?$/.test(normalised)) return 'hk_mo_permit';
  if (/^\d{8}(\d{2})?$/.test(normalised)) return 'tw_permit';
  if (/^[A-Z]{1,2}\d{6,9}$/.test(normalised)) return 'passport';
  return 'other';
}

/**
 * An ID number Excel stored as a number has only 15 significant digits left: written out as Excel shows it
 * (digits then zeros), so the truncation is visible and reported.
 */
export function excelNumberText(n: number): { text: string; damaged: boolean } {
  if (!Number.isFinite(n) || !Number.isInteger(n) || Math.abs(n) < 1e15) return { text: String(n), damaged: false };
  const [mantissa = '', exponent = '0'] = n.toPrecision(15).split('e+');
  const digits = mantissa.replace('.', '').replace(/0+$/, '');
  return { text: digits.padEnd(Number(exponent) + 1, '0'), damaged: true };
}
