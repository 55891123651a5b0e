import type { EventFile } from '../../../shared/event';
import type { ActivityValues, CategoryValues, DetectedEncoding, EncodingAlternative, ImportField, ImportFormat, ImportIssue, ImportMapping, ImportReport, LegacyEncoding } from '../../../shared/import';
import { AppFailure } from '../../../shared/result';
import { deriveKeys } from '../roster/derived';
import type { Delimiter, SourceRow } from './csv';
import { countLineBreaks, delimitedRecords, detectDelimiter } from './csv';
import { decodeText, detectMojibake } from './decode';
import { detectMapping, mergeMapping, NAME_FIELDS } from './headers';
import { nameCandidates } from './names';
import type { ImportCandidate } from './rows';
import { createdFields, makeIssue, readRow, rowContext } from './rows';
import { excelNumberText } from './values';
import { isZip, streamFirstSheet } from './xlsx';

/** A file read and validated row by row, before it meets the database. */
export interface ParsedImport extends ParsedHead {
  rows: number;
  candidates: ImportCandidate[];
  /** Rows skipped for errors found in the file itself. */
  skipped: number;
  issues: ImportIssue[];
}

/** What is known of a file once its header is read. */
export interface ParsedHead extends Pick<ImportReport, 'fileName' | 'encoding' | 'format' | 'delimiter' | 'headers' | 'mapping' | 'nameCandidates' | 'encodingAlternatives'> {
  /** Data rows, when the format tells before they are read: a CSV's line count (at most), an XLSX's dimension. */
  expectedRows: number | null;
}

/**
 * A parse as it goes, in order: the head once; validated rows and their issues in chunks (the head's own issues
 * first, with no rows); then the count of data rows and of the rows the file itself made skip.
 */
export type ParseEvent =
  | { kind: 'head'; head: ParsedHead }
  | { kind: 'rows'; rows: number; candidates: ImportCandidate[]; issues: ImportIssue[] }
  | { kind: 'end'; rows: number; skipped: number };

/** A registration export as it arrives, with the user's corrections to what was detected. */
export interface ImportFile {
  bytes: Uint8Array;
  fileName: string;
  mapping?: ImportMapping | undefined;
  /** The legacy encoding the user chose where the detector was unsure. */
  encoding?: LegacyEncoding | undefined;
  /** The system's own category and activity words → the event's ids. */
  categories?: CategoryValues | undefined;
  activities?: ActivityValues | undefined;
}

export interface ParseOptions extends ImportFile {
  event: EventFile;
  /**
   * Whether to give the next chunk's candidates their sort keys and search entry (the writer derives what comes
   * without). An import's parse thread derives while it is ahead of the writer; a dry run never needs to.
   */
  derive?: () => boolean;
  /** Data rows per `rows` event. */
  chunk?: number;
}

const MOJIBAKE_SAMPLE_ROWS = 200;
const MOJIBAKE_MIN_CELLS = 2;
const HEADER_SEARCH_ROWS = 10;

interface Source {
  rows: AsyncIterable<SourceRow> | Iterable<SourceRow>;
  encoding: DetectedEncoding;
  format: ImportFormat;
  delimiter?: Delimiter;
  /** The other encodings the file may be in, each with its reading of the opening lines (CSV only). */
  alternatives?: Array<{ encoding: LegacyEncoding; rows: SourceRow[] }>;
  /** Lines after the header's line `headerLine`, when the format tells before they are read (a CSV: at most). */
  expectedRows: (headerLine: number) => number | null;
}

function readSource(bytes: Uint8Array, fileName: string, chosen: LegacyEncoding | undefined): Source {
  if (isZip(bytes)) {
    // The XML inside an XLSX is UTF-8 by definition.
    const sheet = streamFirstSheet(bytes, (e) => new AppFailure('invalid_input', `${fileName} is not a readable XLSX workbook: ${e.message}`));
    const expectedRows = (headerLine: number) => {
      const last = sheet.lastRow();
      return last === null ? null : Math.max(0, last - headerLine);
    };
    return { rows: sheet.rows, encoding: 'utf-8', format: 'xlsx', expectedRows };
  }
  const { text, encoding, alternatives } = decodeText(bytes, chosen);
  if (text.includes('\u0000')) throw new AppFailure('invalid_input', `${fileName} is neither CSV text nor an XLSX workbook`);
  // Counted from line breaks (a quoted cell may hold more), as the records themselves are read on demand.
  const records = countLineBreaks(text) + (/[\r\n]$/.test(text) ? 0 : 1);
  const delimiter = detectDelimiter(text);
  return {
    rows: delimitedRecords(text, delimiter),
    encoding,
    format: 'csv',
    delimiter,
    ...(alternatives ? { alternatives: alternatives.map((a) => ({ encoding: a.encoding, rows: [...delimitedRecords(a.text, delimiter)] })) } : {}),
    expectedRows: (headerLine) => Math.max(0, records - headerLine),
  };
}

const headerText = (v: unknown, i: number): string => {
  const s = (typeof v === 'number' ? excelNumberText(v).text : v === null || v === undefined ? '' : String(v)).trim();
  return s === '' ? `#${i + 1}` : s;
};

/** The header row as another encoding reads it, and how many of its words name a field. */
function alternativeHeaders(encoding: LegacyEncoding, rows: readonly SourceRow[], at: number): EncodingAlternative {
  const headers = rows[at]?.cells.map(headerText) ?? [];
  const firstRow = rows[at + 1]?.cells.map((c) => String(c ?? '')) ?? [];
  return { encoding, headers, firstRow, recognised: Object.values(detectMapping(headers)).filter((f) => f !== null).length };
}

/** Line of the first mojibake cell when the header and a sample of rows show it more than once by chance; else null. */
function findMojibake(header: SourceRow, data: readonly SourceRow[]): number | null {
  let first: number | null = null;
  let count = 0;
  for (const row of [header, ...data.slice(0, MOJIBAKE_SAMPLE_ROWS)]) {
    for (const c of row.cells) {
      if (typeof c !== 'string' || detectMojibake(c) === null) continue;
      first ??= row.line;
      if (++count >= MOJIBAKE_MIN_CELLS) return first;
    }
  }
  return null;
}

/**
 * Exports often open with a title line ("2024中国新媒体大会报名表") above the header: the header is the first of the
 * opening rows that names a name column (or every column of the caller's mapping); else the first row.
 */
function headerIndex(rows: readonly SourceRow[], given: ImportMapping | undefined): number {
  const found = rows.slice(0, HEADER_SEARCH_ROWS).findIndex((row) => {
    const headers = row.cells.map(headerText);
    if (given && Object.keys(given).length > 0) return Object.keys(given).every((h) => headers.includes(h));
    return Object.values(detectMapping(headers)).some((f) => f !== null && NAME_FIELDS.has(f));
  });
  return Math.max(0, found);
}

/** Which field each column fills; a field already filled by an earlier column leaves the later one ignored. */
function columnFields(headers: readonly string[], mapping: ImportMapping): Array<ImportField | null> {
  const taken = new Set<ImportField>();
  return headers.map((h) => {
    const field = mapping[h] ?? null;
    if (field === null || taken.has(field)) return null;
    taken.add(field);
    return field;
  });
}

const DEFAULT_CHUNK = 2000;
const OPENING_ROWS = HEADER_SEARCH_ROWS + MOJIBAKE_SAMPLE_ROWS;

/**
 * Reads, decodes and validates a registration export as it streams (an XLSX sheet is never held whole); nothing here
 * touches the database. The opening rows are read first to find the header and to look for mojibake.
 */
export async function* parseImportEvents({ bytes, fileName, event, mapping: given, encoding, categories, activities, derive = () => false, chunk = DEFAULT_CHUNK }: ParseOptions): AsyncGenerator<ParseEvent> {
  const source = readSource(bytes, fileName, encoding);
  const iterator = (Symbol.asyncIterator in source.rows ? source.rows[Symbol.asyncIterator]() : source.rows[Symbol.iterator]()) as
    | AsyncIterator<SourceRow>
    | Iterator<SourceRow>;
  const opening: SourceRow[] = [];
  while (opening.length < OPENING_ROWS) {
    const next = await iterator.next();
    if (next.done) break;
    opening.push(next.value);
  }
  const at = headerIndex(opening, given);
  const header = opening[at];
  if (!header) throw new AppFailure('invalid_input', `${fileName} holds no header row`);
  const headers = header.cells.map(headerText);
  const mapping = mergeMapping(detectMapping(headers), given);
  const columns = columnFields(headers, mapping);
  const issues: ImportIssue[] = opening.slice(0, at).map((row) => makeIssue(row.line, null, 'title_row_skipped', 'warning', row.cells.filter((c) => c !== null && c !== '').join(' ')));
  headers.forEach((h, i) => {
    if (columns[i] === null) issues.push(makeIssue(header.line, null, 'column_ignored', 'warning', h));
  });
  const expectedRows = source.expectedRows(header.line);
  const opened = opening.slice(at + 1);
  const garbled = findMojibake(header, opened);
  const named = columns.some((f) => f !== null && NAME_FIELDS.has(f));
  const likelyNames = named || garbled !== null ? undefined : nameCandidates(headers, opened);
  const alternatives = source.alternatives?.map((a) => alternativeHeaders(a.encoding, a.rows, at));
  if (alternatives) issues.unshift(makeIssue(0, null, 'encoding_uncertain', 'warning', [source.encoding, ...alternatives.map((a) => a.encoding)].join(' / ')));
  yield {
    kind: 'head',
    head: {
      fileName,
      encoding: source.encoding,
      format: source.format,
      ...(source.delimiter ? { delimiter: source.delimiter } : {}),
      headers,
      mapping,
      ...(likelyNames ? { nameCandidates: likelyNames } : {}),
      ...(alternatives ? { encodingAlternatives: alternatives } : {}),
      expectedRows,
    },
  };

  async function* data(): AsyncGenerator<SourceRow> {
    yield* opened;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  let rows = 0;
  let skipped = 0;
  if (garbled !== null) {
    issues.push(makeIssue(garbled, null, 'file_mojibake', 'error'));
    for await (const row of data()) {
      issues.push(makeIssue(row.line, null, 'file_mojibake', 'error'));
      rows++;
    }
    yield { kind: 'rows', rows, candidates: [], issues };
    yield { kind: 'end', rows, skipped: rows };
    return;
  }
  if (likelyNames) {
    // One error for the file, not one per row: nothing can be imported until a column is mapped to the name.
    issues.push(makeIssue(header.line, null, 'no_name_column', 'error', likelyNames.join(', ')));
    for await (const _row of data()) rows++;
    yield { kind: 'rows', rows, candidates: [], issues };
    yield { kind: 'end', rows, skipped: rows };
    return;
  }
  if (!columns.includes('category')) issues.push(makeIssue(header.line, 'category', 'category_missing', 'warning'));
  yield { kind: 'rows', rows: 0, candidates: [], issues: issues.splice(0) };

  const ctx = rowContext(event, columns, { categories, activities });
  const seen = new DuplicateKeys();
  let candidates: ImportCandidate[] = [];
  let inChunk = 0;
  let deriving = derive();
  for await (const row of data()) {
    rows++;
    inChunk++;
    const candidate = readRow(ctx, row, issues);
    const duplicate = candidate === null ? null : seen.check(candidate);
    if (candidate === null || duplicate) {
      if (duplicate) issues.push(makeIssue(row.line, duplicate.field, 'duplicate_in_file', 'error', `line ${duplicate.line}`));
      skipped++;
    } else {
      if (deriving) candidate.derived = deriveKeys(createdFields(candidate));
      candidates.push(candidate);
    }
    if (inChunk === chunk) {
      yield { kind: 'rows', rows: inChunk, candidates, issues: issues.splice(0) };
      candidates = [];
      inChunk = 0;
      deriving = derive();
    }
  }
  if (inChunk > 0 || issues.length > 0) yield { kind: 'rows', rows: inChunk, candidates, issues: issues.splice(0) };
  yield { kind: 'end', rows, skipped };
}

/** A whole file parsed: the events of parseImportEvents gathered. */
export async function parseImport(options: ParseOptions): Promise<ParsedImport> {
  let head: ParsedHead | null = null;
  const candidates: ImportCandidate[] = [];
  const issues: ImportIssue[] = [];
  let end = { rows: 0, skipped: 0 };
  for await (const e of parseImportEvents(options)) {
    if (e.kind === 'head') head = e.head;
    else if (e.kind === 'rows') {
      for (const c of e.candidates) candidates.push(c);
      for (const i of e.issues) issues.push(i);
    } else end = e;
  }
  if (head === null) throw new Error('a parse ended without its head');
  return { ...head, rows: end.rows, skipped: end.skipped, candidates, issues };
}

/** The events of a parse done before: a committed file goes through the same writer as a streamed one. */
export function* eventsOf(parsed: ParsedImport): Generator<ParseEvent> {
  const { candidates, issues, rows, skipped, ...head } = parsed;
  yield { kind: 'head', head };
  yield { kind: 'rows', rows, candidates, issues };
  yield { kind: 'end', rows, skipped };
}

/**
 * The keys by which two rows are the same person: external id, document number, name + phone, a ticket code. One map
 * per kind, so no key is built by concatenation except name + phone (100k rows: ~0.5 s of the parse before).
 */
class DuplicateKeys {
  private readonly externalIds = new Map<string, number>();
  private readonly documents = new Map<string, number>();
  private readonly namePhones = new Map<string, number>();
  private readonly ticketCodes = new Map<string, number>();

  /** The first earlier row sharing a key with this one; otherwise records this row's keys. */
  check(c: ImportCandidate): { field: ImportField; line: number } | null {
    const v = c.values;
    const name = v.nameZh ?? v.nameEn;
    const namePhone = name && v.phone ? `${name}\u0000${v.phone}` : null;
    const codes = v.ticketCodes ?? [];
    const earlier =
      found('externalId', v.externalId ? this.externalIds.get(v.externalId) : undefined) ??
      found('documentNumber', v.documentNumber ? this.documents.get(v.documentNumber) : undefined) ??
      found('phone', namePhone !== null ? this.namePhones.get(namePhone) : undefined) ??
      codes.reduce<{ field: ImportField; line: number } | null>((hit, code) => hit ?? found('ticketCodes', this.ticketCodes.get(code.toUpperCase())), null);
    if (earlier) return earlier;
    if (v.externalId) this.externalIds.set(v.externalId, c.line);
    if (v.documentNumber) this.documents.set(v.documentNumber, c.line);
    if (namePhone !== null) this.namePhones.set(namePhone, c.line);
    for (const code of codes) this.ticketCodes.set(code.toUpperCase(), c.line);
    return null;
  }
}

const found = (field: ImportField, line: number | undefined): { field: ImportField; line: number } | null => (line === undefined ? null : { field, line });
