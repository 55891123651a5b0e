import type { DetectedEncoding, LegacyEncoding } from '../../../shared/import';
import { LEGACY_ENCODINGS } from '../../../shared/import';
import { onFirstUse } from '../lazy';
import { fieldOfHeader } from './headers';

const chardet = onFirstUse<typeof import('chardet')>('chardet');
const iconv = onFirstUse<typeof import('iconv-lite')>('iconv-lite');

export interface DecodedText {
  text: string;
  encoding: DetectedEncoding;
  /** When the detector was unsure between legacy encodings: the others, each with its reading of the opening lines. */
  alternatives?: Array<{ encoding: LegacyEncoding; text: string }>;
}

/** A sample is enough for the detector's statistics; the opening lines are what our own check reads. */
const SAMPLE_BYTES = 64 * 1024;
const OPENING_BYTES = 8 * 1024;
const OPENING_LINES = 12;
/** chardet's names for the legacy encodings an organiser's Excel writes (Western European Excel: windows-1252). */
const CHARDET_NAMES: Record<string, LegacyEncoding> = {
  GB18030: 'gb18030',
  Big5: 'big5',
  Shift_JIS: 'shift_jis',
  'EUC-KR': 'euc-kr',
  'ISO-8859-1': 'windows-1252',
  'windows-1252': 'windows-1252',
};
/** Below this gap between the two likeliest readings' scores, the user is asked. */
const SURE_GAP = 25;

/**
 * Detects the encoding from the bytes: a BOM, else UTF-16 by its zero bytes, else strict UTF-8, else one of the legacy
 * encodings Excel writes on Chinese, Japanese, Korean or Western European Windows (GB18030 on the mainland, Big5 in
 * Hong Kong and Taiwan). Each is scored: the detector's confidence (chardet's byte statistics), plus our own checks:
 * the header words we know in its reading of the opening lines, byte pairs shaped like everyday text in it, and a
 * reading with undecodable bytes out of the running. Where others come close to the best, they are returned with their
 * reading of the opening lines so the user can choose; `chosen` is that choice, used for a file that has no BOM and is
 * not UTF-8.
 */
export function decodeText(bytes: Uint8Array, chosen?: LegacyEncoding): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16 !== null) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16 };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // not UTF-8: one of the legacy encodings
  }
  if (chosen !== undefined) return { text: new TextDecoder(chosen).decode(bytes), encoding: chosen };
  const [best, ...rest] = rankLegacy(bytes);
  const text = new TextDecoder(best!.encoding).decode(bytes);
  const unsure = rest.filter((r) => best!.score - r.score < SURE_GAP);
  return unsure.length === 0 ? { text, encoding: best!.encoding } : { text, encoding: best!.encoding, alternatives: unsure.map((r) => ({ encoding: r.encoding, text: r.opening })) };
}

interface LegacyReading {
  encoding: LegacyEncoding;
  /** The opening lines as this encoding reads them. */
  opening: string;
  /** Higher is likelier; a reading with bytes it cannot read, or no such file would give, is never chosen over one without. */
  score: number;
}

/** What a header word we know in a reading, and byte pairs shaped like everyday text in it, weigh against the detector's 0–100. */
const HEADER_WORD_WEIGHT = 40;
const TYPICAL_WEIGHT = 20;
const BROKEN = -1000;

function rankLegacy(bytes: Uint8Array): LegacyReading[] {
  const confidence = new Map<LegacyEncoding, number>(LEGACY_ENCODINGS.map((e) => [e, 0]));
  for (const m of chardet().analyse(bytes.subarray(0, SAMPLE_BYTES))) {
    const encoding = CHARDET_NAMES[m.name];
    if (encoding !== undefined && (confidence.get(encoding) ?? 0) < m.confidence) confidence.set(encoding, m.confidence);
  }
  const opening = openingBytes(bytes);
  const shape = shapeOf(opening);
  return [...confidence]
    .map(([encoding, c]): LegacyReading => {
      const text = new TextDecoder(encoding).decode(opening);
      const broken = UNREADABLE.test(text) || (encoding === 'windows-1252' && shape.pairedHighBytes);
      const score = c + headerWordsIn(text) * HEADER_WORD_WEIGHT + (shape.typical.has(encoding) ? TYPICAL_WEIGHT : 0) + (broken ? BROKEN : 0);
      return { encoding, opening: text, score };
    })
    .sort((a, b) => b.score - a.score);
}

/** A reading with undecodable bytes, or with characters of the private use area (where GB18030 and Big5 put codes that no character has). */
const UNREADABLE = /[\ufffd\ue000-\uf8ff]/;
const MIN_PAIRS = 3;

/**
 * What the bytes' shape says of the encodings whose everyday text it matches. Western text has a high byte here and
 * there (ß, é), CJK text has them in pairs. Everyday GB18030 text is GB2312 punctuation and characters (first byte
 * 0xA1–0xA3 or 0xB0–0xF7, second 0xA1 and up); Big5's frequent characters have a second byte of 0x40–0x7E about a
 * third of the time, which GB18030 uses only for rare characters; Shift_JIS puts kana and most kanji at first bytes
 * 0x81–0x9F, where neither of the others has everyday text. EUC-KR is shaped like GB2312: the detector tells them apart.
 */
function shapeOf(bytes: Uint8Array): { pairedHighBytes: boolean; typical: Set<LegacyEncoding> } {
  let high = 0;
  let paired = 0;
  let pairs = 0;
  let lowTrails = 0;
  let gb2312 = 0;
  let sjisLeads = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    const next = bytes[i + 1] ?? 0;
    high++;
    if (next >= 0x80 || (i > 0 && bytes[i - 1]! >= 0x80)) paired++;
    if (b < 0x81 || next < 0x40 || next === 0x7f || next === 0xff) continue;
    pairs++;
    if (next <= 0x7e) lowTrails++;
    if (((b >= 0xa1 && b <= 0xa3) || (b >= 0xb0 && b <= 0xf7)) && next >= 0xa1) gb2312++;
    if (b <= 0x9f) sjisLeads++;
    if (next >= 0x80) {
      high++;
      paired++;
    }
    i++;
  }
  const typical = new Set<LegacyEncoding>();
  if (high > 0 && paired / high <= 0.5) typical.add('windows-1252');
  if (pairs >= MIN_PAIRS) {
    if (gb2312 === pairs) typical.add('gb18030');
    if (lowTrails / pairs >= 0.15 && sjisLeads / pairs < 0.5) typical.add('big5');
    if (sjisLeads / pairs >= 0.5) typical.add('shift_jis');
  }
  return { pairedHighBytes: high > 0 && paired / high > 0.5, typical };
}

/** The opening lines' bytes, cut at a line break so no character is split. */
function openingBytes(bytes: Uint8Array): Uint8Array {
  let lines = 0;
  const end = Math.min(bytes.length, OPENING_BYTES);
  for (let i = 0; i < end; i++) {
    if (bytes[i] === 0x0a && ++lines === OPENING_LINES) return bytes.subarray(0, i);
  }
  if (end === bytes.length) return bytes;
  const lastBreak = bytes.subarray(0, end).lastIndexOf(0x0a);
  return bytes.subarray(0, lastBreak > 0 ? lastBreak : end);
}

/** The most cells of one opening line that are header words we know. */
function headerWordsIn(text: string): number {
  let most = 0;
  for (const line of text.split(/\r\n|\n|\r/)) {
    const known = line.split(/[,;\t]/).filter((cell) => fieldOfHeader(cell.replace(/^"|"$/g, '')) !== null).length;
    if (known > most) most = known;
  }
  return most;
}

/** UTF-16 without a BOM: text that is mostly ASCII has a zero byte in every other place. */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

export type MojibakeKind = 'utf8_read_as_gbk' | 'utf8_read_as_latin1' | 'gbk_read_as_latin1';

const CJK = /[\u3400-\u9fff]/;
const NON_ASCII = /[\u0080-\uffff]/;
// What the replacement character looks like after a round trip through GBK: the classic "锟斤拷".
const GBK_REPLACEMENT = '锟斤拷';

function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

const isLatin1 = (s: string) => !/[\u0100-\uffff]/.test(s);

/**
 * Recognises text that went through the wrong decoder once and was saved again: the bytes it would have had
 * are rebuilt and decoded the right way; if that gives readable Chinese, the text is mojibake.
 */
export function detectMojibake(text: string): MojibakeKind | null {
  if (!NON_ASCII.test(text)) return null;
  if (text.includes(GBK_REPLACEMENT)) return 'utf8_read_as_gbk';
  if (isLatin1(text)) {
    const bytes = Buffer.from(text, 'latin1');
    const asUtf8 = strictUtf8(bytes);
    if (asUtf8 !== null && asUtf8 !== text && CJK.test(asUtf8)) return 'utf8_read_as_latin1';
    // Real Latin names carry an accent here and there; GBK read as Latin-1 is runs of high bytes.
    if (/[\x80-\xff]{4,}/.test(text) && CJK.test(iconv().decode(bytes, 'gb18030'))) return 'gbk_read_as_latin1';
    return null;
  }
  if (!CJK.test(text)) return null;
  const gbkBytes = iconv().encode(text, 'gbk');
  const asUtf8 = strictUtf8(gbkBytes);
  // Pairs of GBK bytes can spell two-byte UTF-8 (Cyrillic, Greek) by chance; Chinese needs three-byte runs.
  if (asUtf8 !== null && asUtf8 !== text && CJK.test(asUtf8)) return 'utf8_read_as_gbk';
  return null;
}

export const hasReplacementChars = (s: string): boolean => s.includes('\ufffd') || s.includes(GBK_REPLACEMENT);
