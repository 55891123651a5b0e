import type { AttendeeRecord, DocumentType, Region } from '../../../shared/attendee';
import type { EventFile } from '../../../shared/event';
import type { DocumentProblem } from '../../../shared/identity';
import { checkDocument, normaliseDocument, normalisePhone, toHalfWidth } from '../../../shared/identity';
import type { ImportField, ImportIssue, ImportIssueCode, ImportSeverity } from '../../../shared/import';
import { maskDocument, maskPhone } from '../../../shared/mask';
import type { DerivedKeys } from '../roster/derived';
import { unneutraliseCell } from '../roster/export';
import type { SourceRow } from './csv';
import { hasReplacementChars } from './decode';
import { ISSUE_MESSAGES } from './messages';
import { activityLookup, categoryLookup, excelNumberText, inferDocumentType, lookupKey, matchActivities, matchDocumentType, matchRegion } from './values';

/** The attendee fields an import writes; only the fields of mapped columns are set. */
export type ImportedValues = Pick<
  AttendeeRecord,
  'nameZh' | 'nameEn' | 'orgZh' | 'orgEn' | 'title' | 'categoryId' | 'region' | 'phone' | 'email' | 'documentType' | 'documentNumber' | 'externalId' | 'attention' | 'registrations' | 'ticketCodes'
>;

/** A row that passed validation: what it sets, and what a new attendee gets where the file says nothing. */
export interface ImportCandidate {
  line: number;
  values: Partial<ImportedValues>;
  defaults: { categoryId: string; region: Region };
  /** Sort keys and search entry as a new attendee, when the parse computed them (import/parse.ts). */
  derived?: DerivedKeys;
}

/** The fields a new attendee takes from a row: the file's values, the row's defaults, nothing where the file says nothing. */
export function createdFields(c: ImportCandidate): Omit<AttendeeRecord, 'id' | 'status' | 'source' | 'isDemo'> {
  const v = c.values;
  return {
    nameZh: v.nameZh ?? null,
    nameEn: v.nameEn ?? null,
    orgZh: v.orgZh ?? null,
    orgEn: v.orgEn ?? null,
    title: v.title ?? null,
    categoryId: v.categoryId ?? c.defaults.categoryId,
    region: v.region ?? c.defaults.region,
    phone: v.phone ?? null,
    email: v.email ?? null,
    documentType: v.documentType ?? null,
    documentNumber: v.documentNumber ?? null,
    externalId: v.externalId ?? null,
    attention: v.attention ?? null,
    registrations: v.registrations ?? [],
    ticketCodes: v.ticketCodes ?? [],
  };
}

export function makeIssue(line: number, field: ImportField | null, code: ImportIssueCode, severity: ImportSeverity, value?: string): ImportIssue {
  return value === undefined
    ? { line, field, code, severity, message: ISSUE_MESSAGES[code] }
    : { line, field, code, severity, message: ISSUE_MESSAGES[code], value };
}

/** Everything a row reader needs about the event, built once per file. */
export interface RowContext {
  columns: ReadonlyArray<ImportField | null>;
  categories: ReadonlyMap<string, string>;
  activities: ReadonlyMap<string, string>;
  defaultCategoryId: string;
  /** A roster repeats a few dozen category and activity cells 100k times: each is matched once. */
  categoryCells: Map<string, string | undefined>;
  activityCells: Map<string, { ids: string[]; unknown: string[] }>;
}

export function rowContext(event: EventFile, columns: ReadonlyArray<ImportField | null>): RowContext {
  const ids = event.categories.map((c) => c.id);
  return {
    columns,
    categories: categoryLookup(event.categories),
    activities: activityLookup(event.activities),
    // Most of a roster are delegates; a missing category is reported, so this default is never silent.
    defaultCategoryId: ids.includes('delegate') ? 'delegate' : ids[0]!,
    categoryCells: new Map(),
    activityCells: new Map(),
  };
}

/** A cell as text: numbers that are not Excel-damaged are written out in full, never in exponent form. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return excelNumberText(v).text;
  return String(v);
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]/u;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LIST = /[、，,;；/\s]+/;
const TEXT_FIELDS: ReadonlySet<ImportField> = new Set(['nameZh', 'nameEn', 'orgZh', 'orgEn', 'title', 'attention', 'category', 'activities']);

const nullIfEmpty = (s: string): string | null => (s === '' ? null : s);

/** The row's mapped cells as trimmed text (raw values kept for Excel numbers), and the issues it collects. */
class RowCells {
  readonly text = new Map<ImportField, string>();
  readonly raw = new Map<ImportField, unknown>();
  errors = 0;

  constructor(
    readonly line: number,
    private readonly issues: ImportIssue[],
  ) {}

  has(field: ImportField): boolean {
    return this.text.has(field);
  }

  get(field: ImportField): string {
    return this.text.get(field) ?? '';
  }

  error(field: ImportField | null, code: ImportIssueCode, value?: string): void {
    this.errors++;
    this.issues.push(makeIssue(this.line, field, code, 'error', value));
  }

  warn(field: ImportField | null, code: ImportIssueCode, value?: string): void {
    this.issues.push(makeIssue(this.line, field, code, 'warning', value));
  }
}

function rowCells(ctx: RowContext, row: SourceRow, issues: ImportIssue[]): RowCells {
  const cells = new RowCells(row.line, issues);
  for (let i = 0; i < ctx.columns.length; i++) {
    const field = ctx.columns[i];
    if (field === null || field === undefined) continue;
    const value = row.cells[i] ?? null;
    cells.raw.set(field, value);
    // Our own exports put a quote before a cell a spreadsheet would read as a formula; read back, it goes.
    cells.text.set(field, unneutraliseCell(cellText(value)).trim());
  }
  return cells;
}

/** Reads one data row into a candidate, or null when an error skips it; issues are appended to `issues`. */
export function readRow(ctx: RowContext, row: SourceRow, issues: ImportIssue[]): ImportCandidate | null {
  const cells = rowCells(ctx, row, issues);
  const values: Partial<ImportedValues> = {};

  for (const [field, value] of cells.text) {
    if (TEXT_FIELDS.has(field) && hasReplacementChars(value)) cells.error(field, 'text_replacement_chars', value);
  }

  readNames(cells.has('nameZh') ? cells.get('nameZh') : null, cells.has('nameEn') ? cells.get('nameEn') : null, values);
  if (values.nameZh == null && values.nameEn == null) cells.error('nameZh', 'name_missing');

  for (const field of ['orgZh', 'orgEn', 'title', 'attention'] as const) {
    if (cells.has(field)) values[field] = nullIfEmpty(cells.get(field));
  }
  if (cells.has('category')) readCategory(ctx, cells, values);
  if (cells.has('activities')) {
    const cell = cells.get('activities');
    let match = ctx.activityCells.get(cell);
    if (match === undefined) ctx.activityCells.set(cell, (match = matchActivities(cell, ctx.activities)));
    for (const u of match.unknown) cells.error('activities', 'activity_unknown', u);
    values.registrations = [...match.ids];
  }
  if (cells.has('externalId')) values.externalId = nullIfEmpty(toHalfWidth(cells.get('externalId')));
  if (cells.has('ticketCodes')) values.ticketCodes = [...new Set(toHalfWidth(cells.get('ticketCodes')).split(LIST).filter((c) => c !== ''))];
  if (cells.has('email')) {
    const email = nullIfEmpty(toHalfWidth(cells.get('email')));
    if (email !== null && !EMAIL.test(email)) cells.warn('email', 'email_invalid', email);
    values.email = email;
  }
  const phoneRegion = cells.has('phone') ? readPhone(cells, values) : null;
  if (cells.has('documentNumber') || cells.has('documentType')) readDocument(cells, values);

  const inferred = inferRegion(values.documentType ?? null, values.documentNumber ?? null, phoneRegion);
  if (cells.has('region')) {
    const cell = cells.get('region');
    const region = cell === '' ? undefined : matchRegion(cell);
    if (cell !== '' && region === undefined) cells.warn('region', 'region_unknown', cell);
    values.region = region ?? inferred;
  }
  return cells.errors > 0 ? null : { line: row.line, values, defaults: { categoryId: ctx.defaultCategoryId, region: inferred } };
}

function readCategory(ctx: RowContext, cells: RowCells, values: Partial<ImportedValues>): void {
  const cell = cells.get('category');
  if (cell === '') {
    cells.warn('category', 'category_missing');
    return;
  }
  let id = ctx.categoryCells.get(cell);
  if (id === undefined && !ctx.categoryCells.has(cell)) ctx.categoryCells.set(cell, (id = ctx.categories.get(lookupKey(cell))));
  if (id === undefined) cells.error('category', 'category_unknown', cell);
  else values.categoryId = id;
}

/** Stores the normalised phone; returns the region a valid number tells. */
function readPhone(cells: RowCells, values: Partial<ImportedValues>): Region | null {
  const cell = cells.get('phone');
  if (cell === '') {
    values.phone = null;
    return null;
  }
  const phone = normalisePhone(cell);
  if (phone.value !== null && !phone.valid) cells.warn('phone', 'phone_invalid', maskPhone(phone.value) ?? undefined);
  values.phone = phone.value;
  return phone.valid ? phone.region : null;
}

/** Names are kept exactly as written, only trimmed at both ends; a Latin-only name in the name column is the English name. */
function readNames(zh: string | null, en: string | null, values: Partial<ImportedValues>): void {
  if (zh !== null) values.nameZh = nullIfEmpty(zh);
  if (en !== null) values.nameEn = nullIfEmpty(en);
  if (values.nameZh && !CJK.test(values.nameZh) && !values.nameEn) {
    values.nameEn = values.nameZh;
    values.nameZh = null;
  }
}

function readDocument(cells: RowCells, values: Partial<ImportedValues>): void {
  const rawNumber = cells.raw.get('documentNumber');
  const typeCell = cells.get('documentType');
  const excel = typeof rawNumber === 'number' ? excelNumberText(rawNumber) : null;
  const number = normaliseDocument(excel ? excel.text : cells.get('documentNumber'));
  if (number === '') {
    values.documentType = null;
    values.documentNumber = null;
    return;
  }
  let type: DocumentType | undefined = typeCell === '' ? undefined : matchDocumentType(typeCell);
  if (typeCell !== '' && type === undefined) {
    cells.warn('documentType', 'document_type_unknown', typeCell);
    type = 'other';
  }
  if (type === undefined) {
    type = inferDocumentType(number);
    if (type === 'other') cells.warn('documentNumber', 'document_without_type', maskDocument(number) ?? undefined);
  }
  const check = checkDocument(type, number);
  const problem: DocumentProblem | null = excel?.damaged && type === 'cn_id' ? 'id_excel_truncated' : check.problem;
  values.documentType = type;
  if (problem === null) {
    values.documentNumber = check.value;
    return;
  }
  cells.warn('documentNumber', problem, maskDocument(check.value) ?? undefined);
  // A damaged or invalid number is never stored as if valid; only the legacy 15-digit card is a real number.
  values.documentNumber = problem === 'id_legacy_15' ? check.value : null;
}

function inferRegion(type: DocumentType | null, number: string | null, phoneRegion: Region | null): Region {
  if (type === 'hk_mo_permit' && number !== null) return number.startsWith('M') ? 'macao' : 'hong_kong';
  if (type === 'tw_permit') return 'taiwan';
  if (phoneRegion !== null) return phoneRegion;
  if (type === 'passport') return 'abroad';
  return 'mainland';
}
