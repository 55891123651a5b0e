import { z } from 'zod';
import type { BadgeLayout, BadgePdf, BadgePreview } from './badge';
import { badgeBatchPlanSchema, badgeLayoutSchema, badgePreviewSchema, badgeRenderSchema } from './badge';
import type { ActivityCounts, ScanAnswer } from './checkin';
import { arrivalSchema, countsSchema, manualAdmitSchema, scanInputSchema, scanOverrideSchema, scanUndoSchema } from './checkin';
import type { Command } from './commands';
import type { PrinterView, PrintJobView, PrintQueueView } from './printing';
import { printJobSchema, printLogSchema, printMoveSchema, printReprintSchema, printSubmitSchema } from './printing';
import type { CredentialCheck, IssuedCredential } from './credential';
import { credentialIssueSchema, credentialVerifySchema } from './credential';
import type { Activity, Category, EventFile, EventInfo } from './event';
import { activityPatchSchema } from './event';
import type { RequiredRole, Role } from './roles';
import { OPERATOR_ROLES, ROLES } from './roles';
import type { AttendeeDetail, AttendeePage, ForgetView, PersonalNumbers, RosterExport } from './roster';
import { attendeeIdSchema, attendeeReasonSchema, attendeeUpdateSchema, rosterExportSchema, rosterListSchema, walkInSchema } from './roster';
import type { ImportJobStatus, ImportReport } from './import';
import { importInputSchema } from './import';
import type { AttendanceReport, DashboardView, ReportFile } from './report';
import { reportExportSchema, reportScopeSchema } from './report';
import type { SearchHit } from './search';
import { searchInputSchema } from './search';
import type { StationConfig } from './station';
import { stationConfigureSchema } from './station';
import type { BackupView, JoinedView, PairingView, SyncBarView, SyncSetupView, StationRow } from './sync';
import { backupSchema, becomeHubSchema, joinSchema, pairSchema } from './sync';
import type { Bilingual } from './text';
import type { KioskAnswer, KioskJob, KioskRules, KioskStatus } from './kiosk';
import { kioskConfirmSchema, kioskFindSchema, kioskJobSchema, kioskRulesSchema, kioskStartSchema } from './kiosk';
import { LANGS } from './text';

export interface OperatorView {
  id: string;
  name: string;
  role: Role;
  active: boolean;
  createdAt: string;
}

export interface SessionInfo {
  token: string;
  operator: { id: string; name: string; role: Role };
  expiresAt: string;
}

export interface AppStatus {
  eventName: Bilingual;
  eventDates: { start: string; end: string };
  needsAdmin: boolean;
  station: StationConfig;
  session: SessionInfo | null;
  attendees: { total: number; demo: number };
  version: string;
}

export type ActivityStatus = 'unscheduled' | 'upcoming' | 'open' | 'ended';

export interface ActivityView extends Activity {
  status: ActivityStatus;
  registered: number;
}

export interface EventView {
  event: EventInfo;
  activities: ActivityView[];
  categories: Category[];
  badgeLayouts: BadgeLayout[];
  /** Where the desk is and which categories the kiosks send there. */
  kiosk: KioskRules;
}

export interface AuditEntry {
  id: number;
  at: string;
  operator: { id: string; name: string } | null;
  via: 'ipc' | 'http' | 'cli' | 'system';
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

/** A PIN is 4–12 digits: typed fast on a desk keypad, hashed slowly in main. */
export const pinSchema = z.string().regex(/^\d{4,12}$/, 'a PIN is 4 to 12 digits');
const operatorName = z.string().trim().min(1).max(40);
const empty = z.object({}).strict();

/** Phantom marker carrying a command's output type; never read at run time. */
const returns = <T>(): T => undefined as T;

interface Spec<I extends z.ZodType, O> {
  role: RequiredRole;
  input: I;
  output: O;
  /** True when the command changes state, so its audit entry is expected. */
  mutates: boolean;
}

const spec = <I extends z.ZodType, O>(role: RequiredRole, input: I, output: O, mutates = false): Spec<I, O> => ({
  role,
  input,
  output,
  mutates,
});

/** One map from command to input schema, output type and least role: IPC, preload, HTTP and the renderer client all derive from it. */
export const contract = {
  'app:status': spec('public', empty, returns<AppStatus>()),
  'operator:createFirstAdmin': spec('public', z.object({ name: operatorName, pin: pinSchema }).strict(), returns<SessionInfo>(), true),
  // `atLeast`: a supervisor taking over a door (leaving door mode); anyone with less is refused and the session kept.
  'session:signIn': spec('public', z.object({ name: operatorName, pin: z.string().max(64), atLeast: z.enum(ROLES).optional() }).strict(), returns<SessionInfo>()),
  'session:signOut': spec('door', empty, returns<null>()),
  'station:setLanguage': spec('public', z.object({ language: z.enum(LANGS) }).strict(), returns<StationConfig>(), true),
  'station:configure': spec('supervisor', stationConfigureSchema, returns<StationConfig>(), true),
  'event:get': spec('door', empty, returns<EventView>()),
  'event:export': spec('admin', empty, returns<EventFile>()),
  'event:import': spec('admin', z.object({ file: z.unknown() }).strict(), returns<EventView>(), true),
  'event:updateActivity': spec('admin', activityPatchSchema.strict(), returns<ActivityView>(), true),
  'operator:list': spec('admin', empty, returns<OperatorView[]>()),
  'operator:create': spec('admin', z.object({ name: operatorName, role: z.enum(OPERATOR_ROLES), pin: pinSchema }).strict(), returns<OperatorView>(), true),
  'operator:setActive': spec('admin', z.object({ id: z.string().min(1), active: z.boolean() }).strict(), returns<OperatorView>(), true),
  'operator:resetPin': spec('admin', z.object({ id: z.string().min(1), pin: pinSchema }).strict(), returns<OperatorView>(), true),
  'audit:list': spec('supervisor', z.object({ limit: z.number().int().min(1).max(500).default(100), beforeId: z.number().int().positive().optional() }).strict(), returns<AuditEntry[]>()),
  'demo:generate': spec('admin', z.object({ attendees: z.number().int().min(1).max(100_000), seed: z.number().int().optional() }).strict(), returns<{ created: number }>(), true),
  'demo:remove': spec('admin', empty, returns<{ removed: number }>(), true),
  'roster:get': spec('desk', attendeeIdSchema, returns<AttendeeDetail>()),
  'roster:list': spec('desk', rosterListSchema, returns<AttendeePage>()),
  'roster:update': spec('desk', attendeeUpdateSchema, returns<AttendeeDetail>(), true),
  'roster:createWalkIn': spec('desk', walkInSchema, returns<AttendeeDetail>(), true),
  'roster:cancel': spec('supervisor', attendeeReasonSchema, returns<AttendeeDetail>(), true),
  'roster:restore': spec('supervisor', attendeeReasonSchema, returns<AttendeeDetail>(), true),
  // Reveal and export change nothing but are audited, because they hand out personal data.
  'roster:revealPersonal': spec('admin', attendeeReasonSchema, returns<PersonalNumbers>(), true),
  'roster:export': spec('supervisor', rosterExportSchema, returns<RosterExport>(), true),
  // After the event: phones, e-mails and documents removed everywhere on this file, for good (PIPL).
  'roster:forget': spec('admin', z.object({ confirm: z.literal(true), names: z.boolean().default(false) }).strict(), returns<ForgetView>(), true),
  'roster:search': spec('door', searchInputSchema, returns<SearchHit[]>()),
  'roster:importPreview': spec('admin', importInputSchema, returns<ImportReport>()),
  'roster:importCommit': spec('admin', importInputSchema, returns<ImportReport>(), true),
  'roster:importStart': spec('admin', importInputSchema, returns<{ jobId: string }>(), true),
  'roster:importStatus': spec('admin', z.object({ jobId: z.string().min(1).max(40) }).strict(), returns<ImportJobStatus>()),
  'roster:importCancel': spec('admin', z.object({ jobId: z.string().min(1).max(40) }).strict(), returns<ImportJobStatus>(), true),
  // Issuing changes nothing (the badge version is what the roster says); printing, which hands the badge out, is audited.
  'credential:issue': spec('desk', credentialIssueSchema, returns<IssuedCredential>()),
  'credential:verify': spec('door', credentialVerifySchema, returns<CredentialCheck>()),
  // A badge PDF carries signed credentials, so making one is audited like printing.
  'badge:pdf': spec('desk', badgeRenderSchema.strict(), returns<BadgePdf>(), true),
  'badge:preview': spec('desk', badgePreviewSchema, returns<BadgePreview>()),
  // Who a batch prints, in print order: the batch screen sends them to a printer one by one, with progress and cancel.
  'badge:batchPlan': spec('desk', badgeBatchPlanSchema, returns<{ attendeeIds: string[] }>()),
  'badge:saveLayouts': spec('admin', z.object({ layouts: z.array(badgeLayoutSchema).min(1).max(20) }).strict(), returns<BadgeLayout[]>(), true),
  // Handing out a pre-printed badge: its own action, separate from arrival at the desk and from entering a room.
  'badge:collect': spec('desk', printLogSchema, returns<{ attendeeId: string; collectedAt: string }>(), true),
  'print:printers': spec('desk', empty, returns<PrinterView[]>()),
  'print:submit': spec('desk', printSubmitSchema, returns<PrintJobView>(), true),
  // A reprint revokes the badge in the attendee's hands, so it needs a supervisor and a reason.
  'print:reprint': spec('supervisor', printReprintSchema, returns<PrintJobView>(), true),
  'print:queue': spec('desk', empty, returns<PrintQueueView>()),
  'print:retry': spec('desk', printJobSchema, returns<PrintJobView>(), true),
  'print:move': spec('desk', printMoveSchema, returns<PrintJobView>(), true),
  'print:confirm': spec('desk', printJobSchema, returns<PrintJobView>(), true),
  'print:cancel': spec('desk', printJobSchema, returns<PrintJobView>(), true),
  'print:log': spec('desk', printLogSchema, returns<PrintJobView[]>()),
  // The scan log is itself the record of a scan: no audit entry each; overrides and undos are audited.
  'scan:record': spec('door', scanInputSchema, returns<ScanAnswer>(), true),
  'scan:admitManual': spec('door', manualAdmitSchema, returns<ScanAnswer>(), true),
  'scan:override': spec('supervisor', scanOverrideSchema, returns<ScanAnswer>(), true),
  'scan:undo': spec('supervisor', scanUndoSchema, returns<{ undone: string }>(), true),
  'scan:counts': spec('door', countsSchema, returns<ActivityCounts>()),
  'checkin:arrive': spec('desk', arrivalSchema, returns<ScanAnswer>(), true),
  // The self-service kiosk (issue #16): a supervisor starts it on a kiosk station with its printer, which turns their
  // session into the kiosk's; the kiosk's session may run these and nothing a door or desk may (roles.ts).
  'kiosk:start': spec('supervisor', kioskStartSchema, returns<SessionInfo>(), true),
  'kiosk:status': spec('kiosk', empty, returns<KioskStatus>()),
  // Failed look-ups are audited (and slow the next ones down); a card shown is not, its confirmation is.
  'kiosk:find': spec('kiosk', kioskFindSchema, returns<KioskAnswer>(), true),
  'kiosk:confirm': spec('kiosk', kioskConfirmSchema, returns<KioskJob>(), true),
  'kiosk:job': spec('kiosk', kioskJobSchema, returns<KioskJob>(), true),
  'event:setKioskRules': spec('admin', kioskRulesSchema, returns<KioskRules>(), true),
  'report:attendance': spec('supervisor', reportScopeSchema, returns<AttendanceReport>()),
  // A report file lists who came: audited like an export of the roster.
  'report:export': spec('supervisor', reportExportSchema, returns<ReportFile>(), true),
  // The office's screen polls it: counts, no names (an attention alert names the attendee's id only).
  'report:dashboard': spec('supervisor', empty, returns<DashboardView>()),
  // Public: the top bar polls it, and a poll in flight while a supervisor takes over must not end the new session.
  'sync:status': spec('public', empty, returns<SyncBarView | null>()),
  'sync:stations': spec('admin', empty, returns<StationRow[]>()),
  'sync:revoke': spec('admin', z.object({ id: z.string().min(1).max(40) }).strict(), returns<StationRow>(), true),
  'sync:addresses': spec('admin', empty, returns<SyncSetupView>()),
  'sync:becomeHub': spec('admin', becomeHubSchema, returns<SyncSetupView>(), true),
  'sync:pair': spec('admin', pairSchema, returns<PairingView>(), true),
  'sync:join': spec('admin', joinSchema, returns<JoinedView>(), true),
  'sync:backup': spec('admin', backupSchema, returns<BackupView>(), true),
} satisfies Record<Command, Spec<z.ZodType, unknown>>;

export type Contract = typeof contract;
export type Input<C extends Command> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends Command> = z.output<Contract[C]['input']>;
export type Output<C extends Command> = Contract[C]['output'];
