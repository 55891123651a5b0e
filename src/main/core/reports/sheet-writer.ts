import { crc32, createDeflateRaw } from 'node:zlib';
import type { AsyncFlateStreamHandler, ZipInputFile } from 'fflate';
import { Zip, ZipPassThrough } from 'fflate';

/** A cell's value, or one rendered ahead by `shared` (a value many rows repeat, kept once in the string table). */
export type Cell = string | number | null | Rendered;

/** A cell's XML after its reference, made once for a value many rows carry (a person on several sheets, yes/no). */
export interface Rendered {
  readonly xml: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
// XML 1.0 has no place for most control characters: they are dropped, as Excel would refuse the file.
// eslint-disable-next-line no-control-regex
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
// eslint-disable-next-line no-control-regex
const NEEDS = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
/** Most cells (names, dates, yes/no) need nothing: one test, and the two replacements only for the rest. */
const escape = (s: string) => (NEEDS.test(s) ? s.replace(INVALID, '').replace(/[&<>"]/g, (c) => ESCAPES[c]!) : s);

/** A text cell's XML after its reference: an inline string, its spaces kept only where it has some at an end. */
const textXml = (v: string): string => ` t="inlineStr"><is><t${v.trim() === v ? '' : ' xml:space="preserve"'}>${escape(v)}</t></is></c>`;

const EMPTY: Rendered = { xml: '' };

/** A string table entry: the text, its spaces kept where it has some at an end. */
const sharedXml = (v: string): string => `<si><t${v.trim() === v ? '' : ' xml:space="preserve"'}>${escape(v)}</t></si>`;

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
 * strings or, for text many cells repeat, indexes into the workbook's string table; no styles) deflated into the zip as they come, so a sheet of 300,000 rows is never held whole. The same
 * parts exceljs's streaming writer makes, without its object per row and per cell, which cost 20 µs a row. Text
 * reaches here already neutralised (a cell never starts a formula): this writer never writes a formula either.
 */
export class SheetWriter {
  private readonly chunks: Uint8Array[] = [];
  private readonly zip: Zip;
  private readonly sheets: string[] = [];
  private current: { file: NativeDeflate; row: number; buffer: string[]; size: number } | null = null;
  /** The workbook's shared strings: each text `shared` was given, once, with its cell (the index in its order). */
  private readonly strings = new Map<string, Rendered>();
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

  /**
   * A text many cells repeat (a person named on several sheets, a category, yes or no), kept once in the workbook's
   * string table: each cell then carries its index, not the text, which keeps a 300,000-row workbook's XML a third
   * smaller. An empty or missing text leaves its cell out.
   */
  shared(v: string | null): Rendered {
    if (v === null || v === '') return EMPTY;
    let r = this.strings.get(v);
    if (r === undefined) this.strings.set(v, (r = { xml: ` t="s"><v>${this.strings.size}</v></c>` }));
    return r;
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
      else if (typeof v === 'object') {
        if (v.xml !== '') xml += `<c r="${ref}"${v.xml}`;
      } else xml += `<c r="${ref}"${textXml(v)}`;
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
    const shared = this.strings.size > 0;
    if (shared) {
      const table = new NativeDeflate('xl/sharedStrings.xml');
      this.zip.add(table);
      let text = `${XML}<sst xmlns="${MAIN}" count="${this.strings.size}" uniqueCount="${this.strings.size}">`;
      for (const v of this.strings.keys()) {
        text += sharedXml(v);
        if (text.length > 1 << 16) {
          table.push(text);
          text = '';
        }
      }
      table.push(`${text}</sst>`);
      table.end();
    }
    const sheetNames = this.sheets.map((name, i) => `<sheet name="${escape(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
    this.add(
      '[Content_Types].xml',
      `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${this.sheets
        .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
        .join('')}${shared ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : ''}</Types>`,
    );
    this.add('_rels/.rels', `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`);
    this.add('xl/workbook.xml', `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${sheetNames}</sheets></workbook>`);
    this.add(
      'xl/_rels/workbook.xml.rels',
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${Array.from({ length: n }, (_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}${shared ? `<Relationship Id="rId${n + 1}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`,
    );
    this.zip.end();
    return this.done;
  }
}
