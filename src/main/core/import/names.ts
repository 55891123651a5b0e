import type { SourceRow } from './csv';

/** Text in an East Asian script (Chinese characters, kana, Hangul) is a Chinese-side name or organisation; any other is the English one. */
export const EAST_ASIAN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** A Chinese name: two to six Han characters, with the middle dot of transliterated and minority names. */
const CHINESE_NAME = /^[\p{Script=Han}·・]{2,6}$/u;
/** A Latin name: one to five words of letters (diacritics kept), apostrophes, hyphens and dots as in O'Brien, Jean-Luc, J. */
const LATIN_NAME = /^\p{L}[\p{L}\p{M}'’.-]*(?: \p{L}[\p{L}\p{M}'’.-]*){0,4}$/u;
const NAME_HINT = /name|名|姓|参会人|參會人|嘉宾|嘉賓/i;
/** Words that make a value an organisation rather than a person. */
const ORGANISATION_WORDS = /\b(?:news|times|daily|post|press|world|media|agency|tv|radio|group|university|institute|company|ltd|inc|gmbh)\b|报|報|社|台|网|網|集团|集團|公司|大学|大學|中心|媒体|媒體|电视|電視/i;
const MAX_CANDIDATES = 3;
const MIN_SCORE = 0.4;

/**
 * A name given in parts, joined as its own script needs: Chinese family + given with no space (欧阳 + 娜娜), Latin
 * given + family with one space (Ana + García López, Seán + O'Brien, Pieter + van der Berg); each part exactly as
 * written but trimmed. Which script: Chinese (as Japanese and Korean names are written too) when either part holds Chinese
 * characters, kana or Hangul.
 */
export function joinNameParts(given: string, family: string): { script: 'zh' | 'latin'; name: string } | null {
  const g = given.trim();
  const f = family.trim();
  if (g === '' && f === '') return null;
  if (EAST_ASIAN.test(g) || EAST_ASIAN.test(f)) return { script: 'zh', name: `${f}${g}` };
  return { script: 'latin', name: g === '' ? f : f === '' ? g : `${g} ${f}` };
}

/**
 * When no header names a name column: the columns whose values look most like people's names, likeliest first. A
 * column scores by the share of its sampled values shaped like a name (a Chinese name, or Latin words with no digits
 * or @, and no word of an organisation's) times the share that are distinct (categories repeat, names hardly), with a little for a header that says
 * "name" or 名.
 */
export function nameCandidates(headers: readonly string[], rows: readonly SourceRow[]): string[] {
  const scored = headers.map((header, i) => {
    const values = rows.map((r) => r.cells[i]).filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
    const shaped = values.filter((v) => (CHINESE_NAME.test(v) || LATIN_NAME.test(v)) && !ORGANISATION_WORDS.test(v)).length;
    const distinct = new Set(values).size;
    const score = values.length === 0 ? 0 : (shaped / values.length) * (distinct / values.length) + (NAME_HINT.test(header) ? 0.3 : 0);
    return { header, score };
  });
  return scored
    .filter((s) => s.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_CANDIDATES)
    .map((s) => s.header);
}
