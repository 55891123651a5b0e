import type { DocumentType, Region } from './attendee';

/**
 * Identity documents and phone numbers as registration exports really carry them: checked, normalised,
 * and flagged when Excel has damaged them. Pure, so the walk-in form can check as the desk types.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/** The GB 11643 check character of a mainland resident ID from its first 17 digits. */
export function gb11643CheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('a resident ID number starts with 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARS[sum % 11]!;
}

/** Every way a document number can be wrong; the import report and the edit form both speak these codes. */
export const DOCUMENT_PROBLEMS = [
  'id_scientific_notation',
  'id_excel_truncated',
  'id_bad_length',
  'id_bad_date',
  'id_bad_check_digit',
  'id_legacy_15',
  'permit_bad_format',
  'passport_bad_format',
] as const;
export type DocumentProblem = (typeof DOCUMENT_PROBLEMS)[number];

export interface DocumentCheck {
  /** The number as it should be stored: trimmed, upper case, half-width, no spaces. */
  value: string;
  /** Null when the number is usable; a damaged or invalid number is never stored as if valid. */
  problem: DocumentProblem | null;
}

const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/;

/** Full-width ASCII as half-width, the ideographic space as a space; most cells hold neither and are returned as they are. */
export const toHalfWidth = (s: string): string =>
  FULL_WIDTH.test(s) ? s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ') : s;

export function normaliseDocument(raw: string): string {
  return toHalfWidth(raw).replace(/[\s-]/g, '').toUpperCase();
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isRealDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (!(y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1)) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!);
}

export function checkMainlandId(raw: string): DocumentCheck {
  const value = normaliseDocument(raw);
  // Excel shows an 18-digit number as 4.30102E+17 and keeps only 15 significant digits.
  if (/^\d(\.\d+)?E\+\d+$/.test(value)) return { value, problem: 'id_scientific_notation' };
  if (/^\d{15}$/.test(value)) return { value, problem: isRealDate(`19${value.slice(6, 12)}`) ? 'id_legacy_15' : 'id_bad_date' };
  if (!/^\d{17}[\dX]$/.test(value)) return { value, problem: 'id_bad_length' };
  const checkOk = gb11643CheckDigit(value.slice(0, 17)) === value[17];
  if (!checkOk && value.endsWith('000')) return { value, problem: 'id_excel_truncated' };
  if (!isRealDate(value.slice(6, 14))) return { value, problem: 'id_bad_date' };
  return { value, problem: checkOk ? null : 'id_bad_check_digit' };
}

/** Checks a document number by its type. */
export function checkDocument(type: DocumentType, raw: string): DocumentCheck {
  const value = normaliseDocument(raw);
  switch (type) {
    case 'cn_id':
      return checkMainlandId(raw);
    case 'hk_mo_permit':
      // 港澳居民来往内地通行证: H or M and 8 digits (older cards: 10).
      return { value, problem: /^[HM]\d{8}(\d{2})?$/.test(value) ? null : 'permit_bad_format' };
    case 'tw_permit':
      // 台湾居民来往大陆通行证: 8 digits (older booklets: 10).
      return { value, problem: /^\d{8}(\d{2})?$/.test(value) ? null : 'permit_bad_format' };
    case 'passport':
      return { value, problem: /^[A-Z0-9]{5,20}$/.test(value) ? null : 'passport_bad_format' };
    case 'other':
      return { value, problem: null };
  }
}

export interface PhoneCheck {
  /** Digits, with a + country code for numbers outside the mainland; null when nothing usable was given. */
  value: string | null;
  valid: boolean;
  region: Region | null;
}

/** Normalises a phone as people type it: full-width digits, spaces, dashes, +86 / 0086 prefixes. */
export function normalisePhone(raw: string): PhoneCheck {
  const compact = toHalfWidth(raw).replace(/[\s\-().]/g, '');
  if (compact === '') return { value: null, valid: false, region: null };
  const plus = compact.startsWith('+') || compact.startsWith('00');
  const digits = compact.replace(/^\+|^00/, '');
  if (!/^\d+$/.test(digits)) return { value: compact, valid: false, region: null };
  const national = plus || /^86\d{11}$/.test(digits) ? digits : null;
  if (national === null) {
    if (/^1[3-9]\d{9}$/.test(digits)) return { value: digits, valid: true, region: 'mainland' };
    if (/^09\d{8}$/.test(digits)) return { value: `+886${digits.slice(1)}`, valid: true, region: 'taiwan' };
    return { value: digits, valid: false, region: null };
  }
  if (national.startsWith('86')) {
    const rest = national.slice(2);
    return /^1[3-9]\d{9}$/.test(rest) ? { value: rest, valid: true, region: 'mainland' } : { value: `+${national}`, valid: false, region: null };
  }
  if (national.startsWith('852')) return { value: `+${national}`, valid: /^852[2-9]\d{7}$/.test(national), region: 'hong_kong' };
  if (national.startsWith('853')) return { value: `+${national}`, valid: /^853[2-8]\d{7}$/.test(national), region: 'macao' };
  if (national.startsWith('886')) return { value: `+${national}`, valid: /^8869\d{8}$/.test(national), region: 'taiwan' };
  return { value: `+${national}`, valid: national.length >= 7 && national.length <= 15, region: 'abroad' };
}
