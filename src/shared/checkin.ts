import { z } from 'zod';
import type { CredentialReason } from './credential';
import { CREDENTIAL_MESSAGES } from './credential';
import type { Bilingual } from './text';

/**
 * Why a door let someone in (or out) with a note: an attendee the organisers flagged, a second entry the policy warns
 * about, or an exit it records though it cannot match it (no entry on record yet, or exits not counted here): an
 * exit is never refused, since a person leaving is leaving and a refusal would only lose the record.
 */
export const WARNING_REASONS = ['attention', 're_entry', 'not_inside', 'exit_scans_off', 'not_yet_received'] as const;
export type WarningReason = (typeof WARNING_REASONS)[number];

/** Why a door let someone in (or out) without a note. */
export const ADMIT_REASONS = ['ok', 're_entry', 'exit', 'override'] as const;
export type AdmitReason = (typeof ADMIT_REASONS)[number];

/** Why a door refused: the credential's own refusals, then the activity's rules. */
export const RULE_REFUSALS = ['category_not_allowed', 'not_registered', 'too_early', 'closed', 'room_full', 'already_inside', 'desk_first'] as const;
export type RefusalReason = Exclude<CredentialReason, 'valid' | 'ticket_code'> | (typeof RULE_REFUSALS)[number];

/** A scan's answer: a discriminated union on the outcome, every switch on it exhaustive. */
export type ScanDecision =
  | { outcome: 'admitted'; reason: AdmitReason }
  | { outcome: 'admitted_with_warning'; reason: WarningReason; note: string | null }
  | { outcome: 'refused'; reason: RefusalReason; note?: string | null };
export type ScanOutcome = ScanDecision['outcome'];

export const DIRECTIONS = ['in', 'out'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const SCAN_MESSAGES: Record<AdmitReason | WarningReason | RefusalReason, Bilingual> = {
  ok: { zh: '请进', en: 'Welcome' },
  exit: { zh: '已登记离场', en: 'Exit recorded' },
  override: { zh: '主管已放行', en: 'Admitted by a supervisor' },
  attention: { zh: '请注意：此人有特别提示', en: 'Attention: this attendee has a note' },
  re_entry: { zh: '再次入场', en: 'Entering again' },
  category_not_allowed: { zh: '此类证件不能进入本场', en: 'This badge category may not enter this activity' },
  not_registered: { zh: '未报名本场活动', en: 'Not registered for this activity' },
  too_early: { zh: '尚未开始入场', en: 'Too early: entry has not opened' },
  closed: { zh: '本场活动已结束', en: 'This activity has ended' },
  room_full: { zh: '会场已满', en: 'The room is full' },
  already_inside: { zh: '已在场内，不能重复入场', en: 'Already inside: entering twice is not allowed' },
  desk_first: { zh: '请先到报到台报到', en: 'Check in at the registration desk first' },
  exit_scans_off: { zh: '已记录离场（本场不统计离场）', en: 'Exit recorded (exits are not counted at this activity)' },
  not_inside: { zh: '已记录离场，但尚无入场记录', en: 'Exit recorded, though no entry is on record yet' },
  ...Object.fromEntries(Object.entries(CREDENTIAL_MESSAGES).filter(([k]) => k !== 'valid' && k !== 'ticket_code')),
} as Record<AdmitReason | WarningReason | RefusalReason, Bilingual>;

/** What the door screen and the CLI show: the decision, its message, who. */
export interface ScanAnswer {
  scanId: string;
  outcome: ScanOutcome;
  reason: ScanDecision['reason'];
  message: Bilingual;
  note: string | null;
  attendeeId?: string;
  attendee?: { nameZh: string | null; nameEn: string | null; categoryId: string };
  /** True when this scan id was answered before: the stored answer, nothing recorded twice. */
  repeated: boolean;
}

export interface ActivityCounts {
  activityId: string;
  inside: number;
  /** Everyone admitted on any day. */
  admitted: number;
  /** Distinct attendees admitted today, in the event's time zone. */
  admittedToday: number;
  /** Refused scans today. */
  refusedToday: number;
  capacity: number | null;
}

export const scanInputSchema = z
  .object({
    /** Made by the station for each scan, so a retried request is recorded once. */
    scanId: z.string().trim().min(8).max(64),
    activityId: z.string().min(1).max(40),
    code: z.string().max(1_000_000),
    direction: z.enum(DIRECTIONS).default('in'),
    station: z.string().trim().min(1).max(40),
  })
  .strict();

/** Someone without a badge, found by name at the door: decided by the same rules, recorded without a code. */
export const manualAdmitSchema = z
  .object({ scanId: z.string().trim().min(8).max(64), activityId: z.string().min(1).max(40), attendeeId: z.string().min(1).max(40), station: z.string().trim().min(1).max(40) })
  .strict();

export const scanOverrideSchema = z.object({ scanId: z.string().min(8).max(64), overrideId: z.string().trim().min(8).max(64), reason: z.string().trim().min(3).max(300) }).strict();
export const scanUndoSchema = z.object({ scanId: z.string().min(8).max(64), undoId: z.string().trim().min(8).max(64), reason: z.string().trim().min(3).max(300) }).strict();
export const arrivalSchema = z.object({ scanId: z.string().trim().min(8).max(64), attendeeId: z.string().min(1).max(40), station: z.string().trim().min(1).max(40) }).strict();
export const countsSchema = z.object({ activityId: z.string().min(1).max(40) }).strict();
