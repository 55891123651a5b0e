import { StringDecoder } from 'node:string_decoder';
import type { SourceRow } from './csv';
import type { ZipEntry } from './zip';
import { entryBytes, entryChunks, zipEntries } from './zip';

/**
 * The first worksheet of an XLSX read straight from its XML: only what an import needs of a cell (its text or
 * number), with none of a workbook model's objects. exceljs's streaming reader builds a row object per row and an
 * event per XML token: three quarters of a 100k-row XLSX import went there and to the garbage it leaves. A
 * workbook this reader does not follow (ZIP64, encryption, a sheet it cannot find) is left to exceljs (xlsx.ts).
 */
export interface SheetPlan {
  sheet: ZipEntry;
  sharedStrings: ZipEntry | null;
}

const attributePatterns = new Map<string, RegExp>();

/** An attribute's raw value in an opening tag. */
function attribute(tag: string, name: string): string | null {
  let pattern = attributePatterns.get(name);
  if (!pattern) attributePatterns.set(name, (pattern = new RegExp(`\\s${name}="([^"]*)"`)));
  return pattern.exec(tag)?.[1] ?? null;
}

/** Every element `<[prefix:]name …>` of a small XML part, as its opening tag's text. */
const openingTags = (xml: string, name: string): string[] => xml.match(new RegExp(`<(?:\\w+:)?${name}\\b[^>]*>`, 'g')) ?? [];

/** Where the workbook's first sheet (in tab order) and its shared strings are; null when this reader cannot tell. */
export function planFirstSheet(bytes: Uint8Array): SheetPlan | null {
  const entries = zipEntries(bytes);
  const workbook = entries?.get('xl/workbook.xml');
  const rels = entries?.get('xl/_rels/workbook.xml.rels');
  if (!entries || !workbook || !rels) return null;
  const first = openingTags(entryBytes(bytes, workbook).toString('utf8'), 'sheet')[0];
  const id = first ? /\s(?:\w+:)?id="([^"]*)"/.exec(first)?.[1] : undefined;
  if (id === undefined) return null;
  const targets = new Map<string, { type: string; target: string }>();
  for (const tag of openingTags(entryBytes(bytes, rels).toString('utf8'), 'Relationship')) {
    const relId = attribute(tag, 'Id');
    const target = attribute(tag, 'Target');
    if (relId !== null && target !== null) targets.set(relId, { type: attribute(tag, 'Type') ?? '', target });
  }
  const inXl = (target: string) => (target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  const sheetTarget = targets.get(id);
  const sheet = sheetTarget ? entries.get(inXl(sheetTarget.target)) : undefined;
  if (!sheet) return null;
  const strings = [...targets.values()].find((t) => t.type.endsWith('/sharedStrings'));
  const sharedStrings = strings ? (entries.get(inXl(strings.target)) ?? null) : null;
  if (strings && !sharedStrings) return null;
  return { sheet, sharedStrings };
}

const ENTITY = /&(?:(amp)|(lt)|(gt)|(quot)|(apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const ENTITIES = ['&', '<', '>', '"', "'"];
/** OOXML's own escape for characters XML cannot hold (`_x000D_` for a carriage return), and `_x005F_` for a `_`. */
const OOXML_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

function unescapeText(raw: string): string {
  // XML reads every line end as one line feed; a carriage return written as `&#13;` or `_x000D_` stays.
  let text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  if (text.includes('&')) {
    text = text.replace(ENTITY, (_all, ...groups: Array<string | undefined>) => {
      const named = groups.slice(0, 5).findIndex((g) => g !== undefined);
      if (named >= 0) return ENTITIES[named]!;
      return String.fromCodePoint(groups[5] !== undefined ? Number(groups[5]) : parseInt(groups[6]!, 16));
    });
  }
  if (text.includes('_x')) text = text.replace(OOXML_ESCAPE, (_all, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return text;
}

/** Whether the character after `<name` ends the name (a space, `>` or `/`), so `<c` does not match `<col`. */
const endsName = (code: number): boolean => code === 32 || code === 62 || code === 47 || code === 9 || code === 10 || code === 13;

/** The tag names of one part, with the namespace prefix its root element uses (`x:` in some generators' files). */
class Tags {
  constructor(readonly prefix: string) {}
  open = (name: string) => `<${this.prefix}${name}`;
  close = (name: string) => `</${this.prefix}${name}>`;
}

const prefixOf = (xml: string, root: string): string => new RegExp(`<(\\w+:)?${root}\\b`).exec(xml)?.[1] ?? '';

/**
 * The text of a string item or inline string: every `<t>` run joined, phonetic guides (`<rPh>`, the furigana
 * Excel keeps for Japanese names) left out.
 */
function runText(xml: string, tags: Tags): string {
  const tOpen = tags.open('t');
  const tClose = tags.close('t');
  const phOpen = tags.open('rPh');
  const phClose = tags.close('rPh');
  let out = '';
  let at = 0;
  for (;;) {
    const t = xml.indexOf(tOpen, at);
    if (t < 0) break;
    const ph = xml.indexOf(phOpen, at);
    if (ph >= 0 && ph < t) {
      const end = xml.indexOf(phClose, ph);
      at = end < 0 ? xml.length : end + phClose.length;
      continue;
    }
    const gt = xml.indexOf('>', t);
    if (gt < 0) break;
    // `<t>`, `<t xml:space="preserve">`, or an empty `<t/>`; not `<tc…>` or other names that start with t.
    if (!endsName(xml.charCodeAt(t + tOpen.length))) {
      at = gt + 1;
      continue;
    }
    if (xml.charCodeAt(gt - 1) === 47) {
      at = gt + 1;
      continue;
    }
    const end = xml.indexOf(tClose, gt);
    if (end < 0) break;
    out += xml.slice(gt + 1, end);
    at = end + tClose.length;
  }
  return unescapeText(out);
}

/** The shared strings table, whole: cells refer to it by index. */
export function readSharedStrings(bytes: Uint8Array, entry: ZipEntry): string[] {
  const xml = entryBytes(bytes, entry).toString('utf8');
  const tags = new Tags(prefixOf(xml, 'sst'));
  const siOpen = tags.open('si');
  const siClose = tags.close('si');
  const strings: string[] = [];
  let at = 0;
  for (;;) {
    const start = xml.indexOf(siOpen, at);
    if (start < 0) break;
    const gt = xml.indexOf('>', start);
    if (gt < 0) break;
    if (xml.charCodeAt(gt - 1) === 47) {
      strings.push('');
      at = gt + 1;
      continue;
    }
    const end = xml.indexOf(siClose, gt);
    if (end < 0) break;
    strings.push(runText(xml.slice(gt + 1, end), tags));
    at = end + siClose.length;
  }
  return strings;
}

/** A column's number from its letters: A 1, Z 26, AA 27. */
function columnNumber(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n;
}

/** The inside of `<name …>…</name>` that starts at or after `from`, up to `limit`; null when there is none. */
function elementText(xml: string, from: number, limit: number, open: string, close: string): string | null {
  const start = xml.indexOf(open, from);
  if (start < 0 || start >= limit) return null;
  const gt = xml.indexOf('>', start);
  if (gt < 0 || gt >= limit || xml.charCodeAt(gt - 1) === 47) return null;
  const end = xml.indexOf(close, gt);
  return end < 0 || end > limit ? null : xml.slice(gt + 1, end);
}

/** A cell's value as an import reads it: text, number, boolean, or null when empty (an empty text is empty too). */
function cellValue(type: string | null, body: string, tags: Tags, strings: readonly string[]): unknown {
  if (type === 'inlineStr') {
    const inline = elementText(body, 0, body.length, tags.open('is'), tags.close('is'));
    return inline === null ? null : runText(inline, tags);
  }
  const raw = elementText(body, 0, body.length, tags.open('v'), tags.close('v'));
  if (raw === null) return null;
  switch (type) {
    case 's':
      return strings[Number(raw)] ?? null;
    case 'str':
    case 'e':
      return unescapeText(raw);
    case 'b':
      return raw.trim() === '1' || raw.trim() === 'true';
    case 'd':
      return unescapeText(raw).slice(0, 10);
    default: {
      const n = Number(raw);
      return raw.trim() === '' || Number.isNaN(n) ? unescapeText(raw) : n;
    }
  }
}

/** The rows of a run of complete `<row>` elements; `state.row` carries the row number across runs. */
function* rowsIn(xml: string, tags: Tags, strings: readonly string[], state: { row: number }): Generator<SourceRow> {
  const rowOpen = tags.open('row');
  const rowClose = tags.close('row');
  const cOpen = tags.open('c');
  const cClose = tags.close('c');
  let at = 0;
  for (;;) {
    const start = xml.indexOf(rowOpen, at);
    if (start < 0) return;
    const gt = xml.indexOf('>', start);
    if (gt < 0) return;
    if (!endsName(xml.charCodeAt(start + rowOpen.length))) {
      at = gt + 1;
      continue;
    }
    const opening = xml.slice(start, gt + 1);
    const r = attribute(opening, 'r');
    state.row = r !== null ? Number(r) : state.row + 1;
    if (xml.charCodeAt(gt - 1) === 47) {
      at = gt + 1;
      continue;
    }
    const end = xml.indexOf(rowClose, gt);
    if (end < 0) return;
    const cells: unknown[] = [];
    let column = 0;
    let any = false;
    for (let c = xml.indexOf(cOpen, gt); c >= 0 && c < end; c = xml.indexOf(cOpen, c + 1)) {
      if (!endsName(xml.charCodeAt(c + cOpen.length))) continue;
      const cgt = xml.indexOf('>', c);
      const tag = xml.slice(c, cgt + 1);
      const ref = attribute(tag, 'r');
      column = ref !== null ? columnNumber(ref) : column + 1;
      let value: unknown = null;
      if (xml.charCodeAt(cgt - 1) !== 47) {
        const cend = xml.indexOf(cClose, cgt);
        value = cellValue(attribute(tag, 't'), xml.slice(cgt + 1, cend < 0 || cend > end ? end : cend), tags, strings);
      }
      if (value === '') value = null;
      if (value === null) continue;
      while (cells.length < column - 1) cells.push(null);
      cells[column - 1] = value;
      if (String(value).trim() !== '') any = true;
    }
    if (any) yield { line: state.row, cells };
    at = end + rowClose.length;
  }
}

const OPENING_CHARS = 4096;

/**
 * The sheet's rows as its XML is inflated, chunk by chunk: text is decoded across chunk boundaries (a character
 * split between two chunks stays whole) and only complete rows are read, the rest carried to the next chunk.
 */
export async function* directSheetRows(bytes: Uint8Array, plan: SheetPlan, onOpening: (text: string) => void): AsyncGenerator<SourceRow> {
  const strings = plan.sharedStrings ? readSharedStrings(bytes, plan.sharedStrings) : [];
  const decoder = new StringDecoder('utf8');
  const state = { row: 0 };
  let tags: Tags | null = null;
  let pending = '';
  for await (const chunk of entryChunks(bytes, plan.sheet)) {
    pending += decoder.write(chunk);
    if (tags === null) {
      if (pending.length < OPENING_CHARS) continue;
      onOpening(pending.slice(0, OPENING_CHARS));
      tags = new Tags(prefixOf(pending, 'worksheet'));
    }
    const close = tags.close('row');
    const last = pending.lastIndexOf(close);
    if (last < 0) continue;
    const cut = last + close.length;
    yield* rowsIn(pending.slice(0, cut), tags, strings, state);
    pending = pending.slice(cut);
  }
  pending += decoder.end();
  if (tags === null) {
    onOpening(pending.slice(0, OPENING_CHARS));
    tags = new Tags(prefixOf(pending, 'worksheet'));
  }
  yield* rowsIn(pending, tags, strings, state);
}
