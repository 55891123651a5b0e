import { PassThrough, Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import type { SourceRow } from './csv';

/** ZIP's local file header: every XLSX starts with it. */
export const isZip = (bytes: Uint8Array): boolean => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/** Reads the first worksheet with exceljs's streaming reader, so memory stays flat however long the sheet is. */
export async function readFirstSheet(bytes: Uint8Array): Promise<SourceRow[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  decodeWholeCharacters(reader);
  const rows: SourceRow[] = [];
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const values = row.values as unknown[];
      // exceljs rows are 1-based sparse arrays.
      const cells = Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => cellValue(values[i + 1]));
      if (cells.some((c) => c !== null && String(c).trim() !== '')) rows.push({ line: row.number, cells });
    }
    break;
  }
  return rows;
}

/** The two parsers of exceljs's streaming reader that turn zip chunks into text. */
interface ReaderInternals {
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseWorksheet(chunks: AsyncIterable<Buffer | string>, sheetNo: string): AsyncGenerator<unknown>;
}

/**
 * exceljs 4.4 decodes each inflated zip chunk to text on its own, so a Chinese character split across two chunks
 * reads as two U+FFFD (about 16 names in 100k rows). Its parsers pass strings through untouched, so they are
 * handed text decoded across chunk boundaries instead.
 */
function decodeWholeCharacters(reader: object): void {
  const internals = reader as ReaderInternals;
  const parseSharedStrings = internals._parseSharedStrings.bind(reader);
  const parseWorksheet = internals._parseWorksheet.bind(reader);
  internals._parseSharedStrings = (entry) => {
    const text = new PassThrough();
    text.setEncoding('utf8');
    return parseSharedStrings(entry.pipe(text));
  };
  internals._parseWorksheet = (chunks, sheetNo) => parseWorksheet(utf8Text(chunks), sheetNo);
}

async function* utf8Text(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : decoder.write(chunk);
  const rest = decoder.end();
  if (rest !== '') yield rest;
}

/** A cell as plain text or number: rich text joined, formulas replaced by their cached result. */
function cellValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text: string }>; result?: unknown; text?: unknown; error?: string };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if ('result' in o) return cellValue(o.result);
    if (typeof o.text === 'string') return o.text;
    if (typeof o.error === 'string') return o.error;
  }
  return String(v);
}
