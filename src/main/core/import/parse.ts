import type { EventFile } from '../../../shared/event';
import type { DetectedEncoding, ImportField, ImportFormat, ImportIssue, ImportMapping, ImportReport } from '../../../shared/import';
import { AppFailure } from '../../../shared/result';
import type { SourceRow } from './csv';
import { parseDelimited } from './csv';
import { decodeText, detectMojibake } from './decode';
import { detectMapping, mergeMapping } from './headers';
import type { ImportCandidate } from './rows';
import { makeIssue, readRow, rowContext } from './rows';
import { excelNumberText } from './values';
import { isZip, readFirstSheet } from './xlsx';

/** A file read and validated row by row, before it meets the database. */
export interface ParsedImport extends Pick<ImportReport, 'fileName' | 'encoding' | 'format' | 'headers' | 'mapping' | 'rows'> {
  candidates: ImportCandidate[];
  /** Rows skipped for errors found in the file itself. */
  skipped: number;
  issues: ImportIssue[];
}

export interface ParseOptions {
  bytes: Uint8Array;
  fileName: string;
  event: EventFile;
  mapping?: ImportMapping | undefined;
}

const MOJIBAKE_SAMPLE_ROWS = 200;
const MOJIBAKE_MIN_CELLS = 2;
const HEADER_SEARCH_ROWS = 10;

async function readSource(bytes: Uint8Array, fileName: string): Promise<{ rows: SourceRow[]; encoding: DetectedEncoding; format: ImportFormat }> {
  if (isZip(bytes)) {
    try {
      // The XML inside an XLSX is UTF-8 by definition.
      return { rows: await readFirstSheet(bytes), encoding: 'utf-8', format: 'xlsx' };
    } catch (e) {
      throw new AppFailure('invalid_input', `${fileName} is not a readable XLSX workbook: ${(e as Error).message}`);
    }
  }
  const { text, encoding } = decodeText(bytes);
  if (text.includes('\u0000')) throw new AppFailure('invalid_input', `${fileName} is neither CSV text nor an XLSX workbook`);
  return { rows: parseDelimited(text), encoding, format: 'csv' };
}

const headerText = (v: unknown, i: number): string => {
  const s = (typeof v === 'number' ? excelNumberText(v).text : v === null || v === undefined ? '' : String(v)).trim();
  return s === '' ? `#${i + 1}` : s;
};

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
    const fields = Object.values(detectMapping(headers));
    return fields.includes('nameZh') || fields.includes('nameEn');
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

/** Reads, decodes and validates a registration export; nothing here touches the database. */
export async function parseImport({ bytes, fileName, event, mapping: given }: ParseOptions): Promise<ParsedImport> {
  const { rows: source, encoding, format } = await readSource(bytes, fileName);
  const at = headerIndex(source, given);
  const header = source[at];
  if (!header) throw new AppFailure('invalid_input', `${fileName} holds no header row`);
  const data = source.slice(at + 1);
  const headers = header.cells.map(headerText);
  const mapping = mergeMapping(detectMapping(headers), given);
  const columns = columnFields(headers, mapping);
  const issues: ImportIssue[] = source.slice(0, at).map((row) => makeIssue(row.line, null, 'title_row_skipped', 'warning', row.cells.filter((c) => c !== null && c !== '').join(' ')));
  headers.forEach((h, i) => {
    if (columns[i] === null) issues.push(makeIssue(header.line, null, 'column_ignored', 'warning', h));
  });
  const base = { fileName, encoding, format, headers, mapping, rows: data.length };

  const garbled = findMojibake(header, data);
  if (garbled !== null) {
    issues.push(makeIssue(garbled, null, 'file_mojibake', 'error'));
    for (const row of data) issues.push(makeIssue(row.line, null, 'file_mojibake', 'error'));
    return { ...base, candidates: [], skipped: data.length, issues };
  }
  if (!columns.includes('nameZh') && !columns.includes('nameEn')) issues.push(makeIssue(header.line, null, 'no_name_column', 'error'));
  if (!columns.includes('category')) issues.push(makeIssue(header.line, 'category', 'category_missing', 'warning'));

  const ctx = rowContext(event, columns);
  const seen = new DuplicateKeys();
  const candidates: ImportCandidate[] = [];
  for (const row of data) {
    const candidate = readRow(ctx, row, issues);
    if (candidate === null) continue;
    const duplicate = seen.check(candidate);
    if (duplicate) {
      issues.push(makeIssue(row.line, duplicate.field, 'duplicate_in_file', 'error', `line ${duplicate.line}`));
      continue;
    }
    candidates.push(candidate);
  }
  return { ...base, candidates, skipped: data.length - candidates.length, issues };
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
      codes.reduce<{ field: ImportField; line: number } | null>((hit, code) => hit ?? found('ticketCodes', this.ticketCodes.get(code)), null);
    if (earlier) return earlier;
    if (v.externalId) this.externalIds.set(v.externalId, c.line);
    if (v.documentNumber) this.documents.set(v.documentNumber, c.line);
    if (namePhone !== null) this.namePhones.set(namePhone, c.line);
    for (const code of codes) this.ticketCodes.set(code, c.line);
    return null;
  }
}

const found = (field: ImportField, line: number | undefined): { field: ImportField; line: number } | null => (line === undefined ? null : { field, line });
