import type { AttendeeRecord, DocumentType, Region } from '../../../shared/attendee';
import type { EventFile } from '../../../shared/event';
import type { DocumentProblem } from '../../../shared/identity';
import { checkDocument, normaliseDocument, normalisePhone, toHalfWidth } from '../../../shared/identity';
import type { ActivityValues, CategoryValues, ImportField, ImportIssue, ImportIssueCode, ImportSeverity } from '../../../shared/import';
import { AppFailure } from '../../../shared/result';
import { maskDocument, maskPhone } from '../../../shared/mask';
import type { DerivedKeys } from '../roster/derived';
import { unneutraliseCell } from '../roster/export';
import type { SourceRow } from './csv';
import { hasReplacementChars } from './decode';
import { ISSUE_MESSAGES } from './messages';
import { EAST_ASIAN, joinNameParts } from './names';
import { activityLookup, categoryLookup, CODE_SEPARATORS, excelNumberText, inferDocumentType, lookupKey, matchActivities, matchDocumentType, matchRegion } from './values';

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

/** The file's own words added to the event's names, each checked to name something the event has. */
function withWords(lookup: Map<string, string>, words: Record<string, string> | undefined, ids: readonly string[], kind: 'category' | 'activity'): Map<string, string> {
  for (const [word, id] of Object.entries(words ?? {})) {
    if (!ids.includes(id)) throw new AppFailure('invalid_input', `${kind} words: "${word}" is given the ${kind} "${id}", which this event does not have`);
    lookup.set(lookupKey(word), id);
  }
  return lookup;
}

export function rowContext(event: EventFile, columns: ReadonlyArray<ImportField | null>, words: { categories?: CategoryValues | undefined; activities?: ActivityValues | undefined } = {}): RowContext {
  const ids = event.categories.map((c) => c.id);
  return {
    columns,
    categories: withWords(categoryLookup(event.categories), words.categories, ids, 'category'),
    activities: withWords(activityLookup(event.activities), words.activities, event.activities.map((a) => a.id), 'activity'),
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

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A yes/no attention column (pretix's "Requires special attention") or a remark of "none" asks for no attention. */
const NO_ATTENTION: ReadonlySet<string> = new Set(['no', 'n', 'false', '0', 'none', 'n/a', 'na', '-', '否', '无', '没有', '不需要', '不用']);
const EXPONENT = /^\d(?:\.\d+)?E\+\d+$/i;
const TEXT_FIELDS: ReadonlySet<ImportField> = new Set(['nameZh', 'nameEn', 'givenName', 'familyName', 'orgZh', 'orgEn', 'title', 'attention', 'category', 'activities']);
/** The name column a missing name is reported on: the first of these the file has. */
const NAME_FIELD_ORDER: readonly ImportField[] = ['nameZh', 'nameEn', 'familyName', 'givenName'];

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

  readNames(cells, values);
  if (values.nameZh == null && values.nameEn == null) cells.error(NAME_FIELD_ORDER.find((f) => cells.has(f)) ?? 'nameZh', 'name_missing');

  readOrganisation(cells, values);
  if (cells.has('title')) values.title = nullIfEmpty(cells.get('title'));
  if (cells.has('attention')) values.attention = NO_ATTENTION.has(lookupKey(cells.get('attention'))) ? null : nullIfEmpty(cells.get('attention'));
  if (cells.has('category')) readCategory(ctx, cells, values);
  if (cells.has('activities')) {
    const cell = cells.get('activities');
    let match = ctx.activityCells.get(cell);
    if (match === undefined) ctx.activityCells.set(cell, (match = matchActivities(cell, ctx.activities)));
    for (const u of match.unknown) cells.error('activities', 'activity_unknown', u);
    values.registrations = [...match.ids];
  }
  if (cells.has('externalId')) values.externalId = nullIfEmpty(readCode(cells, 'externalId'));
  if (cells.has('ticketCodes')) values.ticketCodes = [...new Set(readCode(cells, 'ticketCodes').split(CODE_SEPARATORS).filter((c) => c !== ''))];
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

/**
 * Names are kept exactly as written, only trimmed at both ends. A Latin-only name in the name column is the English
 * name; a name in parts (given, family) is the Chinese or the English name, by its script.
 */
function readNames(cells: RowCells, values: Partial<ImportedValues>): void {
  if (cells.has('nameZh')) values.nameZh = nullIfEmpty(cells.get('nameZh'));
  if (cells.has('nameEn')) values.nameEn = nullIfEmpty(cells.get('nameEn'));
  if (values.nameZh && !EAST_ASIAN.test(values.nameZh) && !values.nameEn) {
    values.nameEn = values.nameZh;
    values.nameZh = null;
  }
  if (!cells.has('givenName') && !cells.has('familyName')) return;
  const joined = joinNameParts(cells.get('givenName'), cells.get('familyName'));
  if (joined === null) return;
  // The parts say which is the family name, so they win over a one-column name of their script (pretix writes 大文 陈).
  if (joined.script === 'zh') values.nameZh = joined.name;
  else values.nameEn = joined.name;
}

/** One organisation column of either script: Chinese text is the Chinese organisation, Latin text the English one. */
function readOrganisation(cells: RowCells, values: Partial<ImportedValues>): void {
  if (cells.has('orgEn')) values.orgEn = nullIfEmpty(cells.get('orgEn'));
  if (!cells.has('orgZh')) return;
  const org = nullIfEmpty(cells.get('orgZh'));
  const latin = org !== null && !EAST_ASIAN.test(org);
  if (latin && !values.orgEn) {
    values.orgEn = org;
    values.orgZh = null;
  } else values.orgZh = org;
}

/**
 * A registration system's code as text: a long barcode that Excel turned into a number keeps only 15 digits, and a CSV
 * saved from it says 1.23457E+20; such a code is reported and not stored, as it would never match the ticket.
 */
function readCode(cells: RowCells, field: 'externalId' | 'ticketCodes'): string {
  const raw = cells.raw.get(field);
  const text = toHalfWidth(cells.get(field));
  if ((typeof raw === 'number' && excelNumberText(raw).damaged) || EXPONENT.test(text)) {
    cells.warn(field, 'code_excel_damaged', text);
    return '';
  }
  return text;
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
