import { PassThrough, Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { SourceRow } from './csv';
import { directSheetRows, planFirstSheet } from './sheet';

/** ZIP's local file header: every XLSX starts with it. */
export const isZip = (bytes: Uint8Array): boolean => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/** The first worksheet's rows as they are read, and the sheet's last row number once its start has been read. */
export interface SheetStream {
  rows: AsyncIterable<SourceRow>;
  lastRow: () => number | null;
}

/**
 * Streams the first worksheet: rows go on as they are read, so memory stays flat however long the sheet is. The
 * sheet's XML is read directly (sheet.ts) when the workbook is a plain ZIP with the parts where Excel puts them;
 * anything else goes to exceljs, which reads more kinds of workbook more slowly. A workbook neither can read fails
 * with `fail`'s error.
 */
export function streamFirstSheet(bytes: Uint8Array, fail: (e: Error) => Error): SheetStream {
  let plan: ReturnType<typeof planFirstSheet> = null;
  try {
    plan = planFirstSheet(bytes);
  } catch {
    plan = null;
  }
  if (plan === null) return exceljsFirstSheet(bytes, fail);
  const found = plan;
  let lastRow: number | null = null;
  async function* rows(): AsyncGenerator<SourceRow> {
    try {
      yield* directSheetRows(bytes, found, (opening) => {
        lastRow = dimensionLastRow(opening);
      });
    } catch (e) {
      throw fail(e as Error);
    }
  }
  return { rows: rows(), lastRow: () => lastRow };
}

/**
 * Streams the first worksheet with exceljs's streaming reader. exceljs is loaded on the first read: a CSV import's
 * parse thread starts without it (~0.4 s of module loading here).
 */
export function exceljsFirstSheet(bytes: Uint8Array, fail: (e: Error) => Error): SheetStream {
  let lastRow: number | null = null;
  async function* rows(): AsyncGenerator<SourceRow> {
    try {
      const { default: ExcelJS } = await import('exceljs');
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), {
        sharedStrings: 'cache',
        hyperlinks: 'ignore',
        styles: 'ignore',
        worksheets: 'emit',
        entries: 'emit',
      });
      decodeWholeCharacters(reader, (opening) => {
        lastRow = dimensionLastRow(opening);
      });
      for await (const sheet of reader) {
        for await (const row of sheet) {
          const values = row.values as unknown[];
          // exceljs rows are 1-based sparse arrays.
          const cells = Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => cellValue(values[i + 1]));
          if (cells.some((c) => c !== null && String(c).trim() !== '')) yield { line: row.number, cells };
        }
        break;
      }
    } catch (e) {
      throw fail(e as Error);
    }
  }
  return { rows: rows(), lastRow: () => lastRow };
}

/** The last row of `<dimension ref="A1:N100001"/>`, which Excel writes at the top of every sheet; null without it. */
function dimensionLastRow(opening: string): number | null {
  const m = /<(?:\w+:)?dimension\s+ref="(?:[A-Z]+\d+:)?[A-Z]+(\d+)"/.exec(opening);
  return m ? Number(m[1]) : null;
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
function decodeWholeCharacters(reader: object, onSheetOpening: (text: string) => void): void {
  const internals = reader as ReaderInternals;
  const parseSharedStrings = internals._parseSharedStrings.bind(reader);
  const parseWorksheet = internals._parseWorksheet.bind(reader);
  internals._parseSharedStrings = (entry) => {
    const text = new PassThrough();
    text.setEncoding('utf8');
    return parseSharedStrings(entry.pipe(text));
  };
  internals._parseWorksheet = (chunks, sheetNo) => parseWorksheet(utf8Text(chunks, onSheetOpening), sheetNo);
}

const OPENING_CHARS = 4096;

async function* utf8Text(chunks: AsyncIterable<Buffer | string>, onOpening: (text: string) => void): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let first = true;
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (first) onOpening(text.slice(0, OPENING_CHARS));
    first = false;
    yield text;
  }
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
