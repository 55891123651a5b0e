import { crc32, createDeflateRaw } from 'node:zlib';
import type { AsyncFlateStreamHandler, ZipInputFile } from 'fflate';
import { Zip, ZipPassThrough } from 'fflate';

export type Cell = string | number | null;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
// XML 1.0 has no place for most control characters: they are dropped, as Excel would refuse the file.
// eslint-disable-next-line no-control-regex
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
// eslint-disable-next-line no-control-regex
const NEEDS = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
/** Most cells (names, dates, yes/no) need nothing: one test, and the two replacements only for the rest. */
const escape = (s: string) => (NEEDS.test(s) ? s.replace(INVALID, '').replace(/[&<>"]/g, (c) => ESCAPES[c]!) : s);

/** A column's letters from its index: 0 → A, 25 → Z, 26 → AA. */
function columnName(i: number): string {
  let name = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
const COLUMNS = Array.from({ length: 64 }, (_, i) => columnName(i));

/**
 * A zip member deflated by Node's zlib as its text comes (native, on libuv's thread pool while this thread writes the
 * next rows; several times faster than a deflate written in JavaScript), handed to fflate's zip container, which
 * writes the headers and the directory. Only the deflated bytes are kept: a sheet's ~100 MB of XML never is.
 */
class NativeDeflate implements ZipInputFile {
  readonly compression = 8;
  size = 0;
  crc = 0;
  ondata?: AsyncFlateStreamHandler;
  private readonly z = createDeflateRaw({ level: 1 });
  private readonly out: Buffer[] = [];

  constructor(readonly filename: string) {
    this.z.on('data', (c: Buffer) => this.out.push(c));
    this.z.on('end', () => this.ondata!(null, Buffer.concat(this.out), true));
    this.z.on('error', (e: Error) => this.ondata!(Object.assign(e, { code: 0 }), new Uint8Array(0), true));
  }

  push(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    this.size += bytes.length;
    this.crc = crc32(bytes, this.crc);
    this.z.write(bytes);
  }

  end(): void {
    this.z.end();
  }
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/**
 * A workbook written as it goes: each sheet's rows become SpreadsheetML (numbers as numbers, text as inline
 * strings, no styles) deflated into the zip as they come, so a sheet of 300,000 rows is never held whole. The same
 * parts exceljs's streaming writer makes, without its object per row and per cell, which cost 20 µs a row. Text
 * reaches here already neutralised (a cell never starts a formula): this writer never writes a formula either.
 */
export class SheetWriter {
  private readonly chunks: Uint8Array[] = [];
  private readonly zip: Zip;
  private readonly sheets: string[] = [];
  private current: { file: NativeDeflate; row: number; buffer: string[]; size: number } | null = null;
  private readonly done: Promise<Buffer>;
  private readonly encoder = new TextEncoder();

  constructor() {
    let resolve!: (b: Buffer) => void;
    let reject!: (e: Error) => void;
    this.done = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.zip = new Zip((error, data, final) => {
      if (error) return reject(error);
      this.chunks.push(data);
      if (final) resolve(Buffer.concat(this.chunks));
    });
  }

  private add(name: string, text: string): void {
    const file = new ZipPassThrough(name);
    this.zip.add(file);
    file.push(this.encoder.encode(text), true);
  }

  /** Starts a sheet (ending the one before); `widths` in characters, the first row frozen. */
  sheet(name: string, widths: number[]): void {
    this.endSheet();
    this.sheets.push(name);
    const file = new NativeDeflate(`xl/worksheets/sheet${this.sheets.length}.xml`);
    this.zip.add(file);
    this.current = { file, row: 0, buffer: [], size: 0 };
    const cols = widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
    this.write(
      `${XML}<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>${cols ? `<cols>${cols}</cols>` : ''}<sheetData>`,
    );
  }

  row(cells: Cell[]): void {
    const s = this.current;
    if (s === null) throw new Error('a row needs a sheet first');
    s.row += 1;
    // Every cell names its reference (some readers, exceljs among them, need it); text preserves its spaces only
    // where it has some at an end.
    let xml = `<row r="${s.row}">`;
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i];
      if (v === null || v === undefined || v === '' || (typeof v === 'number' && !Number.isFinite(v))) continue;
      const ref = `${COLUMNS[i] ?? columnName(i)}${s.row}`;
      if (typeof v === 'number') xml += `<c r="${ref}"><v>${v}</v></c>`;
      else xml += `<c r="${ref}" t="inlineStr"><is><t${v.trim() === v ? '' : ' xml:space="preserve"'}>${escape(v)}</t></is></c>`;
    }
    this.write(`${xml}</row>`);
  }

  private write(text: string): void {
    const s = this.current!;
    s.buffer.push(text);
    s.size += text.length;
    if (s.size > 1 << 16) this.flush(false);
  }

  private flush(final: boolean): void {
    const s = this.current!;
    s.file.push(s.buffer.join(''));
    s.buffer = [];
    s.size = 0;
    if (final) s.file.end();
  }

  private endSheet(): void {
    if (this.current === null) return;
    this.write('</sheetData></worksheet>');
    this.flush(true);
    this.current = null;
  }

  /** The workbook's file. */
  finish(): Promise<Buffer> {
    this.endSheet();
    const n = this.sheets.length;
    const sheetNames = this.sheets.map((name, i) => `<sheet name="${escape(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
    this.add(
      '[Content_Types].xml',
      `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${this.sheets
        .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
        .join('')}</Types>`,
    );
    this.add('_rels/.rels', `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`);
    this.add('xl/workbook.xml', `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${sheetNames}</sheets></workbook>`);
    this.add(
      'xl/_rels/workbook.xml.rels',
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${Array.from({ length: n }, (_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}</Relationships>`,
    );
    this.zip.end();
    return this.done;
  }
}
