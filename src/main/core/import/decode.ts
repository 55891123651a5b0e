import iconv from 'iconv-lite';
import type { DetectedEncoding } from '../../../shared/import';

export interface DecodedText {
  text: string;
  encoding: DetectedEncoding;
}

/** Detects the encoding from the bytes alone: a BOM, else strict UTF-8, else GB18030 (what Chinese Excel writes). */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
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
    if (/[\x80-\xff]{4,}/.test(text) && CJK.test(iconv.decode(bytes, 'gb18030'))) return 'gbk_read_as_latin1';
    return null;
  }
  if (!CJK.test(text)) return null;
  const gbkBytes = iconv.encode(text, 'gbk');
  const asUtf8 = strictUtf8(gbkBytes);
  // Pairs of GBK bytes can spell two-byte UTF-8 (Cyrillic, Greek) by chance; Chinese needs three-byte runs.
  if (asUtf8 !== null && asUtf8 !== text && CJK.test(asUtf8)) return 'utf8_read_as_gbk';
  return null;
}

export const hasReplacementChars = (s: string): boolean => s.includes('\ufffd') || s.includes(GBK_REPLACEMENT);
