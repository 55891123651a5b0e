import { onFirstUse } from '../lazy';

const pinyinPro = onFirstUse<typeof import('pinyin-pro')>('pinyin-pro');

// Readings are memoised per character: a roster repeats a few thousand characters, and pinyin-pro costs ~6 µs a name.
const readings = new Map<string, string>();
const surnameReadings = new Map<string, string>();
// Organisations repeat across a roster far more than names do.
const organisations = new Map<string, string>();
const MAX_ORGANISATIONS = 50_000;

function reading(char: string, asSurname: boolean): string {
  const cache = asSurname ? surnameReadings : readings;
  let r = cache.get(char);
  if (r === undefined) {
    r = pinyinPro().pinyin(char, { toneType: 'none', type: 'string', ...(asSurname ? { surname: 'head' as const } : {}) }).toLowerCase();
    cache.set(char, r);
  }
  return r;
}

/** CJK unified ideographs, extension A, compatibility ideographs and the supplementary planes (𠮷). */
const isHan = (cp: number) => (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3134f);
const isSpace = (cp: number) => cp <= 0x20 || cp === 0xa0 || cp === 0x3000;

/**
 * The key a name or organisation sorts by: Chinese characters as toneless pinyin (a name's first character read as a
 * surname, so 单 sorts under shan and 曾 under zeng), anything else lower-cased, so 张三 and Zhang San sort together.
 */
export function sortKey(text: string | null, { asName = false }: { asName?: boolean } = {}): string {
  if (text === null) return '';
  const parts: string[] = [];
  let latin = '';
  let first = true;
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (isHan(cp)) {
      if (latin !== '') parts.push(latin);
      latin = '';
      parts.push(reading(char, asName && first));
    } else if (isSpace(cp)) {
      if (latin !== '') parts.push(latin);
      latin = '';
    } else {
      latin += char;
    }
    first = false;
  }
  if (latin !== '') parts.push(latin);
  return parts.join(' ').toLowerCase();
}

function organisationKey(org: string | null): string {
  if (org === null) return '';
  let key = organisations.get(org);
  if (key === undefined) {
    if (organisations.size >= MAX_ORGANISATIONS) organisations.clear();
    key = sortKey(org);
    organisations.set(org, key);
  }
  return key;
}

/** The key an attendee's organisation sorts (and is indexed for search) by: the Chinese name first, else the English one. */
export const organisationSortKey = (a: { orgZh: string | null; orgEn: string | null }): string => organisationKey(a.orgZh ?? a.orgEn);

/** The sort keys stored with an attendee: the Chinese name first, else the English one. */
export function attendeeSortKeys(a: { nameZh: string | null; nameEn: string | null; orgZh: string | null; orgEn: string | null }): { name: string; org: string } {
  return { name: sortKey(a.nameZh ?? a.nameEn, { asName: true }), org: organisationSortKey(a) };
}
