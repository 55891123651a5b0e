import { z } from 'zod';
import type { AttendeeRecord, AttendeeStatus, DocumentType, Region } from './attendee';
import { ATTENDEE_STATUSES, DOCUMENT_TYPES, REGIONS } from './attendee';
import type { Bilingual } from './text';

/** How often the badge was printed, whether it was handed out, and which version of its QR is current. */
export interface BadgeState {
  version: number;
  printedCount: number;
  collectedAt: string | null;
}

/** One attendee as the detail screen shows it: the stored record, phone and document number masked, with badge state and times. */
export interface AttendeeDetail extends AttendeeRecord {
  badge: BadgeState;
  /** When the attendee checked in at a desk (arrival), apart from badge pickup and room entry. */
  arrivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One row of the roster table; phone masked. */
export interface AttendeeSummary {
  id: string;
  nameZh: string | null;
  nameEn: string | null;
  orgZh: string | null;
  title: string | null;
  categoryId: string;
  region: Region;
  phone: string | null;
  attention: string | null;
  status: AttendeeStatus;
  badgePrintedCount: number;
  badgeCollectedAt: string | null;
}

export interface AttendeePage {
  total: number;
  rows: AttendeeSummary[];
}

export interface PersonalNumbers {
  phone: string | null;
  documentNumber: string | null;
}

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface RosterExport {
  fileName: string;
  contentBase64: string;
  rows: number;
}

export const ROSTER_SORTS = ['pinyin', 'organisation', 'category', 'created'] as const;
export type RosterSort = (typeof ROSTER_SORTS)[number];

/** Names are kept exactly as typed (no NFKC: 𠮷 and Ａｌｉｃｅ stay as they are); only the ends are trimmed and blank means none. */
const text = (max: number) =>
  z
    .string()
    .max(max)
    .nullable()
    .transform((s) => {
      const trimmed = s?.trim() ?? '';
      return trimmed === '' ? null : trimmed;
    });

const id = z.string().trim().min(1).max(64);
const reason = z.string().trim().min(1, 'a reason is required').max(500);
const registrations = z.array(id).max(100).refine((ids) => new Set(ids).size === ids.length, 'lists an activity twice');

export const attendeePatchSchema = z
  .object({
    nameZh: text(100),
    nameEn: text(200),
    orgZh: text(200),
    orgEn: text(300),
    title: text(100),
    categoryId: id,
    region: z.enum(REGIONS),
    phone: text(40),
    email: text(200).refine((e) => e === null || /^[^\s@]+@[^\s@]+$/.test(e), 'is not an email address'),
    documentType: z.enum(DOCUMENT_TYPES).nullable(),
    documentNumber: text(40),
    registrations,
    attention: text(500),
  })
  .partial()
  .strict();
export type AttendeePatch = z.output<typeof attendeePatchSchema>;

export const walkInSchema = z
  .object({
    nameZh: text(100).optional(),
    nameEn: text(200).optional(),
    orgZh: text(200).optional(),
    categoryId: id,
    region: z.enum(REGIONS).optional(),
    phone: text(40).optional(),
    documentType: z.enum(DOCUMENT_TYPES).nullable().optional(),
    documentNumber: text(40).optional(),
    registrations: registrations.optional(),
    attention: text(500).optional(),
  })
  .strict()
  .refine((w) => (w.nameZh ?? w.nameEn ?? null) !== null, { path: ['nameZh'], message: 'a Chinese or an English name is required' });
export type WalkIn = z.output<typeof walkInSchema>;

export const rosterListSchema = z
  .object({
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(100),
    sort: z.enum(ROSTER_SORTS).default('pinyin'),
    categoryId: id.optional(),
    status: z.enum(ATTENDEE_STATUSES).optional(),
    activityId: id.optional(),
  })
  .strict();
export type RosterListQuery = z.output<typeof rosterListSchema>;

export const attendeeIdSchema = z.object({ id }).strict();
export const attendeeReasonSchema = z.object({ id, reason }).strict();
export const attendeeUpdateSchema = z.object({ id, patch: attendeePatchSchema }).strict();
export const rosterExportSchema = z
  .object({
    format: z.enum(EXPORT_FORMATS),
    activityId: id.optional(),
    unmasked: z.boolean().default(false),
  })
  .strict();

/** Chinese labels of stored values, as exports write them and imports read them back. */
export const DOCUMENT_TYPE_LABELS: Record<DocumentType, string> = {
  cn_id: '居民身份证',
  hk_mo_permit: '港澳居民来往内地通行证',
  tw_permit: '台湾居民来往大陆通行证',
  passport: '护照',
  other: '其他',
};

/** Each region's name in both languages (reports), and in Chinese (the roster's export). */
export const REGION_NAMES: Record<Region, Bilingual> = {
  mainland: { zh: '中国内地', en: 'Mainland China' },
  hong_kong: { zh: '中国香港', en: 'Hong Kong, China' },
  macao: { zh: '中国澳门', en: 'Macao, China' },
  taiwan: { zh: '中国台湾', en: 'Taiwan, China' },
  abroad: { zh: '海外', en: 'Abroad' },
};

export const REGION_LABELS: Record<Region, string> = Object.fromEntries(Object.entries(REGION_NAMES).map(([k, v]) => [k, v.zh])) as Record<Region, string>;

export const STATUS_LABELS: Record<AttendeeStatus, string> = {
  active: '有效',
  cancelled: '已取消',
};

/** What forgetting the personal data after the event removed (roster:forget). */
export interface ForgetView {
  forgottenAt: string;
  /** Names went too (each attendee's name is then its id). */
  names: boolean;
  attendees: number;
  phones: number;
  emails: number;
  documents: number;
  /** Audit entries and sync log entries that held one of the values and no longer do. */
  auditEntries: number;
  logEntries: number;
  /** The hub's own backups (its backup folder), removed: each held everything this removes. */
  backupsRemoved: string[];
}
