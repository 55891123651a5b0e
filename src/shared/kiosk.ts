import { z } from 'zod';
import { bilingual } from './text';
import type { Bilingual } from './text';

/**
 * The self-service kiosk (issue #16): an attendee finds their own card — by the code on their e-ticket or by the last
 * four digits of their phone and their surname — confirms it, and the kiosk records their arrival and prints their
 * badge. A kiosk never shows a list of people, never reprints, and sends anything unusual to the staffed desk.
 */

/** How many surnames the phone-tail path offers: the real ones among decoys, always this many, so the list tells nothing. */
export const SURNAME_CHOICES = 8;
/** Failed look-ups in a row before each further one waits, and the longest wait. */
export const KIOSK_FREE_FAILURES = 3;
export const KIOSK_MAX_WAIT_S = 60;
/** How long a card shown may be confirmed (the attendee reads it, touches "this is me"). */
export const KIOSK_TICKET_MS = 2 * 60_000;

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/);

/** The event's kiosk rules: where the desk is (said on every "please go to the desk"), and which categories go there. */
export const kioskRulesSchema = z
  .object({
    deskWhere: bilingual,
    deskCategories: z.array(slug).max(100),
  })
  .strict();
export type KioskRules = z.infer<typeof kioskRulesSchema>;

export const DEFAULT_KIOSK_RULES: KioskRules = {
  deskWhere: { zh: '人工报到台（请向工作人员询问）', en: 'the staffed registration desk (ask any member of staff)' },
  deskCategories: [],
};

/** Where the kiosk's printer stands, as the attendee facing the screen sees it: "take your badge from the printer on your left". */
export const PRINTER_SIDES = ['left', 'right', 'below'] as const;
export type PrinterSide = (typeof PRINTER_SIDES)[number];

export const kioskStartSchema = z.object({ printer: z.string().trim().min(1).max(200), printerSide: z.enum(PRINTER_SIDES).default('left') }).strict();

/** The three look-ups: a code (scanned or typed), a phone's last four digits, then the same with a surname chosen. */
export const kioskFindSchema = z.union([
  z.object({ code: z.string().max(400) }).strict(),
  z.object({ phoneTail: z.string().regex(/^\d{4}$/, 'the last four digits of the phone') }).strict(),
  z.object({ phoneTail: z.string().regex(/^\d{4}$/, 'the last four digits of the phone'), surname: z.string().trim().min(1).max(40) }).strict(),
]);
export type KioskFind = z.infer<typeof kioskFindSchema>;

export const kioskConfirmSchema = z.object({ ticket: z.string().min(16).max(64) }).strict();
export const kioskJobSchema = z.object({ ticket: z.string().min(16).max(64) }).strict();

/** Why a kiosk sends someone to the desk. */
export const KIOSK_DESK_REASONS = ['not_found', 'several', 'already_printed', 'already_collected', 'attention', 'cancelled', 'category', 'out_of_service', 'print_failed', 'badge_problem'] as const;
export type KioskDeskReason = (typeof KIOSK_DESK_REASONS)[number];

export const KIOSK_MESSAGES: Record<KioskDeskReason, Bilingual> = {
  not_found: { zh: '没有找到您的报名信息', en: 'We could not find your registration' },
  several: { zh: '找到不止一位，需要工作人员帮您确认', en: 'More than one person matches; staff will find you' },
  already_printed: { zh: '您的证件已经打印过', en: 'Your badge has been printed already' },
  already_collected: { zh: '您已经领取过证件', en: 'You have collected your badge already' },
  attention: { zh: '工作人员将为您专门办理', en: 'Our staff will look after you personally' },
  cancelled: { zh: '您的报名需要工作人员核对', en: 'Your registration needs a word with our staff' },
  category: { zh: '您的证件在人工报到台领取', en: 'Your badge is handed out at the desk' },
  out_of_service: { zh: '自助机暂停服务', en: 'This kiosk is out of service' },
  print_failed: { zh: '证件未能打印，您的签到已记录', en: 'Your badge could not be printed; your arrival is recorded' },
  badge_problem: { zh: '您的证件需要工作人员处理', en: 'Your badge needs a member of staff' },
};

/** Someone's own card, as the kiosk shows it to them: no one else's, numbers masked. */
export interface KioskCard {
  nameZh: string | null;
  nameEn: string | null;
  orgZh: string | null;
  orgEn: string | null;
  category: { name: Bilingual; colour: string };
  phone: string | null;
  document: string | null;
}

/** Someone sent to the staffed desk: why, said in both languages, and where the desk is. */
export interface KioskToDesk {
  reason: KioskDeskReason;
  message: Bilingual;
  deskWhere: Bilingual;
}

export type KioskAnswer =
  | { kind: 'card'; card: KioskCard; ticket: string }
  | { kind: 'surnames'; choices: string[] }
  | ({ kind: 'desk' } & KioskToDesk)
  /** Too many failed look-ups in a row: the next one is answered after this many seconds. */
  | { kind: 'wait'; seconds: number };

/** After "this is me": the badge printing, printed (take it), or the person sent to the desk (arrival kept if recorded). */
export type KioskJob =
  | { state: 'printing' | 'printed' }
  /** `detail`: the printer's own words when it failed or stopped. */
  | ({ state: 'desk'; detail: string | null } & KioskToDesk);

export interface KioskStatus {
  /** Paused until a supervisor starts it, in service, or out of service (its printer stopped, missing or failing). */
  state: 'paused' | 'in_service' | 'out_of_service';
  printer: string | null;
  printerSide: PrinterSide;
  detail: string | null;
  eventName: Bilingual;
  deskWhere: Bilingual;
}
