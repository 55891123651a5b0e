import { z } from 'zod';
import { DOCUMENT_PROBLEMS } from './identity';
import type { ErrorCode } from './result';
import type { Bilingual } from './text';

/** The attendee fields a column of a registration export can fill (issue #3). */
export const IMPORT_FIELDS = [
  'nameZh',
  'nameEn',
  'givenName',
  'familyName',
  'orgZh',
  'orgEn',
  'title',
  'phone',
  'email',
  'documentType',
  'documentNumber',
  'category',
  'activities',
  'region',
  'externalId',
  'ticketCodes',
  'attention',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Header text as found in the file → the field it fills, or null for a column that is ignored. */
export type ImportMapping = Record<string, ImportField | null>;
export const importMappingSchema = z.record(z.string().max(200), z.enum(IMPORT_FIELDS).nullable());


export const ENCODINGS = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'gb18030', 'big5', 'shift_jis', 'euc-kr', 'windows-1252'] as const;
export type DetectedEncoding = (typeof ENCODINGS)[number];
/** The legacy encodings a file without a BOM that is not UTF-8 may be in, as the user can choose them. */
export const LEGACY_ENCODINGS = ['gb18030', 'big5', 'shift_jis', 'euc-kr', 'windows-1252'] as const satisfies readonly DetectedEncoding[];
export type LegacyEncoding = (typeof LEGACY_ENCODINGS)[number];

/**
 * A registration system's own words for a category ("Press pass", "Early bird", 嘉宾证) → the event's category id: a
 * ticket type or product column rarely uses the event's category names.
 */
export type CategoryValues = Record<string, string>;
export const categoryValuesSchema = z.record(z.string().trim().min(1).max(200), z.string().min(1).max(100));
/** Likewise for activities: a questionnaire's own words for a forum ("分论坛一", "Forum A") → the event's activity id. */
export type ActivityValues = Record<string, string>;
export const activityValuesSchema = categoryValuesSchema;

/**
 * What the wizard saves and `lanyard import --mapping` reads, to import the next export of the same system as this one
 * was: its columns, its category and activity words and, where the detector was unsure, its encoding. A bare column mapping
 * (`{"column": "field"}`, the first form of this file) is read as the columns alone.
 */
export interface MappingFile {
  columns: ImportMapping;
  categories?: CategoryValues;
  activities?: ActivityValues;
  encoding?: LegacyEncoding;
}

export const mappingFileSchema = z.union([
  z
    .object({
      columns: importMappingSchema,
      categories: categoryValuesSchema.optional(),
      activities: activityValuesSchema.optional(),
      encoding: z.enum(LEGACY_ENCODINGS).optional(),
    })
    .strict(),
  importMappingSchema.transform((columns): MappingFile => ({ columns })),
]);

/** How the header row (and the first data row) reads in another encoding the file may be in, when the detector was not sure. */
export interface EncodingAlternative {
  encoding: LegacyEncoding;
  headers: string[];
  /** The first data row in that reading, where there is one. */
  firstRow: string[];
  /** Header words recognised as fields in that reading. */
  recognised: number;
}

export type ImportFormat = 'csv' | 'xlsx';

export const IMPORT_ISSUE_CODES = [
  'file_mojibake',
  'encoding_uncertain',
  'no_name_column',
  'title_row_skipped',
  'column_ignored',
  'name_missing',
  'category_missing',
  'category_unknown',
  'activity_unknown',
  'region_unknown',
  'document_type_unknown',
  'document_without_type',
  ...DOCUMENT_PROBLEMS,
  'phone_invalid',
  'email_invalid',
  'text_replacement_chars',
  'duplicate_in_file',
  'code_excel_damaged',
  'ticket_code_taken',
  'match_conflict',
] as const;
export type ImportIssueCode = (typeof IMPORT_ISSUE_CODES)[number];

/** error: the row is skipped; warning: the row is imported and the note says what was done with the value. */
export type ImportSeverity = 'error' | 'warning';

export interface ImportIssue {
  /** The physical line (CSV) or sheet row (XLSX) where the record starts, as a person sees it; 0 for the file itself. */
  line: number;
  field: ImportField | null;
  code: ImportIssueCode;
  severity: ImportSeverity;
  message: Bilingual;
  /** The offending value; phone and document numbers masked. */
  value?: string;
}

export interface ImportReport {
  fileName: string;
  encoding: DetectedEncoding;
  format: ImportFormat;
  /** The separator of a delimited file; absent for XLSX. */
  delimiter?: ',' | ';' | '\t';
  headers: string[];
  mapping: ImportMapping;
  /**
   * When no column maps to a name: the headers whose values look most like people's names, likeliest first (the
   * commit refuses until one is mapped).
   */
  nameCandidates?: string[];
  /** When the encoding detector was unsure: the header as each other likely encoding reads it. */
  encodingAlternatives?: EncodingAlternative[];
  /** Data rows found (blank lines not counted); always created + updated + unchanged + skipped. */
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  issues: ImportIssue[];
  /** False for a dry run. */
  committed: boolean;
}

export const importInputSchema = z
  .object({
    fileName: z.string().trim().min(1).max(260),
    contentBase64: z.string().min(1).max(200 * 2 ** 20),
    mapping: importMappingSchema.optional(),
    /** The user's choice where the detector was unsure; a file with a BOM or valid UTF-8 ignores it. */
    encoding: z.enum(LEGACY_ENCODINGS).optional(),
    categories: categoryValuesSchema.optional(),
    activities: activityValuesSchema.optional(),
  })
  .strict();
export type ImportInput = z.infer<typeof importInputSchema>;

export const IMPORT_JOB_STATES = ['running', 'done', 'failed', 'cancelled'] as const;
export type ImportJobState = (typeof IMPORT_JOB_STATES)[number];

export interface ImportJobStatus {
  jobId: string;
  state: ImportJobState;
  processed: number;
  total: number;
  report?: ImportReport;
  error?: { code: ErrorCode; message: string };
}
