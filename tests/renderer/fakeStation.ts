import { DEFAULT_BADGE_LAYOUT } from '../../src/shared/badge';
import type { Transport } from '../../src/shared/api';
import type { Command } from '../../src/shared/commands';
import type { ActivityView, AppStatus, AuditEntry, EventView, OperatorView, SessionInfo } from '../../src/shared/contract';
import type { AccessPolicy, EventFile } from '../../src/shared/event';
import type { ImportJobStatus, ImportMapping, ImportReport } from '../../src/shared/import';
import type { AttendeeDetail, AttendeeSummary } from '../../src/shared/roster';
import type { SearchHit } from '../../src/shared/search';
import type { Result } from '../../src/shared/result';
import { err, ok } from '../../src/shared/result';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import type { Role } from '../../src/shared/roles';

const policy: AccessPolicy = { reEntry: 'allow', exitScans: false, opensMinutesBefore: 30, capacityCounts: 'inside', deskArrivalRequired: false, admitNotYetReceived: false };

function activity(a: Pick<ActivityView, 'id' | 'kind' | 'title' | 'shortTitle'> & Partial<ActivityView>): ActivityView {
  return { room: null, day: null, startTime: null, endTime: null, capacity: null, policy, status: 'unscheduled', registered: 0, ...a };
}

/** A small CNMC-like event: the main forum, one parallel forum already scheduled, one members-only meeting. */
export function eventFixture(): EventView {
  return {
    event: cnmc2024().event,
    activities: [
      activity({ id: 'main-forum', kind: 'main_forum', title: { zh: '开幕式暨主论坛', en: 'Opening Ceremony and Main Forum' }, shortTitle: { zh: '主论坛', en: 'Main Forum' }, registered: 212 }),
      activity({
        id: 'forum-1',
        kind: 'parallel_forum',
        title: { zh: '“推动全媒体生产 促进全媒体传播”论坛', en: 'Promoting All-Media Production and All-Media Communication' },
        shortTitle: { zh: '平行论坛一', en: 'Parallel Forum 1' },
        room: '芒果馆 A 厅',
        day: '2024-10-16',
        startTime: '09:00',
        endTime: '12:00',
        capacity: 400,
        status: 'upcoming',
        registered: 57,
      }),
      activity({
        id: 'committee-meeting',
        kind: 'thematic_activity',
        title: { zh: '中国记协新媒体专业委员会第二届委员会年度工作会', en: 'Second Annual Working Meeting of the New Media Professional Committee' },
        shortTitle: { zh: '委员会年度工作会', en: 'Committee Meeting' },
      }),
    ],
    categories: [
      { id: 'guest', name: { zh: '嘉宾', en: 'Guest' }, colour: '#C8102E', access: {} },
      { id: 'media', name: { zh: '媒体', en: 'Media' }, colour: '#E07B00', access: {} },
    ],
    badgeLayouts: [DEFAULT_BADGE_LAYOUT],
    kiosk: cnmc2024().kiosk!,
  };
}

/** The event as 'event:export' writes it: what the station keeps, without the counts it derives; a copy, free to edit. */
export function eventFileOf(view: EventView): EventFile {
  return structuredClone({
    format: 'lanyard-event',
    version: 1,
    event: view.event,
    activities: view.activities.map(({ status: _status, registered: _registered, ...a }) => a),
    categories: view.categories,
    badgeLayouts: view.badgeLayouts,
    kiosk: view.kiosk,
  });
}

/** Attendees as 'roster:get' answers: phone and document number already masked, as main sends them. */
export function attendeesFixture(): AttendeeDetail[] {
  const base = { orgEn: null, title: null, region: 'mainland', email: null, externalId: null, source: 'import', isDemo: false, badge: { version: 1, printedCount: 0, collectedAt: null }, arrivedAt: null, createdAt: '2024-10-14T08:00:00.000Z', updatedAt: '2024-10-14T08:00:00.000Z' } as const;
  return [
    { ...base, id: 'att-1', nameZh: '张三', nameEn: 'Zhang San', orgZh: '湖南日报社', categoryId: 'guest', phone: '138****5678', documentType: 'cn_id', documentNumber: '430************234', attention: '需要陪同', status: 'active', registrations: ['main-forum', 'forum-1'], ticketCodes: ['T-0001'] },
    { ...base, id: 'att-2', nameZh: '张珊珊', nameEn: null, orgZh: '新华社', categoryId: 'media', phone: '139****0001', documentType: null, documentNumber: null, attention: null, status: 'cancelled', registrations: [], ticketCodes: [] },
  ];
}

const summaryOf = (a: AttendeeDetail): AttendeeSummary => ({
  id: a.id, nameZh: a.nameZh, nameEn: a.nameEn, orgZh: a.orgZh, title: a.title, categoryId: a.categoryId, region: a.region, phone: a.phone,
  attention: a.attention, status: a.status, badgePrintedCount: a.badge.printedCount, badgeCollectedAt: a.badge.collectedAt,
});

const hitOf = (a: AttendeeDetail): SearchHit => ({ id: a.id, nameZh: a.nameZh, nameEn: a.nameEn, orgZh: a.orgZh, orgEn: a.orgEn, categoryId: a.categoryId, status: a.status, phoneMasked: a.phone, matched: 'initials' });

/** A dry run of a GB18030 file with Chinese headers: one row without a name, one unknown category. */
export function importReportFixture(mapping: ImportMapping = { 姓名: 'nameZh', 单位: 'orgZh', 手机: 'phone', 参会类别: 'category', 备用: null }): ImportReport {
  return {
    fileName: 'registration.csv',
    encoding: 'gb18030',
    format: 'csv',
    headers: Object.keys(mapping),
    mapping,
    rows: 3,
    created: 1,
    updated: 0,
    unchanged: 0,
    skipped: 2,
    issues: [
      { line: 3, field: 'nameZh', code: 'name_missing', severity: 'error', message: { zh: '缺少姓名', en: 'The name is missing' } },
      { line: 4, field: 'category', code: 'category_unknown', severity: 'error', message: { zh: '未知的参会类别“贵宾”', en: 'Unknown category "贵宾"' }, value: '贵宾' },
      { line: 2, field: 'phone', code: 'phone_invalid', severity: 'warning', message: { zh: '手机号码无效，已留空', en: 'Phone number not valid; left empty' } },
    ],
    committed: false,
  };
}

type Handler = (input: unknown) => Result<unknown>;

export interface FakeStation {
  transport: Transport;
  /** Every call the screens made, in order. */
  calls: Array<{ command: Command; input: unknown }>;
  state: {
    needsAdmin: boolean;
    session: SessionInfo | null;
    status: AppStatus;
    event: EventView;
    operators: OperatorView[];
    audit: AuditEntry[];
    attendees: AttendeeDetail[];
  };
  /** Replaces one command's answer, e.g. to make it fail. */
  answer(command: Command, handler: Handler): void;
}

export function session(role: Role, name = role === 'admin' ? 'admin' : `${role}-1`): SessionInfo {
  return { token: `token-${name}`, operator: { id: `op-${name}`, name, role }, expiresAt: '2024-10-15T20:00:00.000Z' };
}

/** An in-memory stand-in for main that answers the contract the way core does, enough for the screens. */
export function fakeStation(options: { needsAdmin?: boolean; session?: SessionInfo | null; language?: 'zh' | 'en'; mode?: AppStatus['station']['mode']; activityId?: string | null } = {}): FakeStation {
  const event = eventFixture();
  const state: FakeStation['state'] = {
    needsAdmin: options.needsAdmin ?? false,
    session: options.session ?? null,
    event,
    status: {
      eventName: event.event.name,
      eventDates: { start: event.event.startDate, end: event.event.endDate },
      needsAdmin: false,
      station: { name: 'Station 1', mode: options.mode ?? null, activityId: options.activityId ?? null, language: options.language ?? 'zh' },
      session: null,
      attendees: { total: 300, demo: 300 },
      version: '0.1.0',
    },
    operators: [{ id: 'op-admin', name: 'admin', role: 'admin', active: true, createdAt: '2024-10-14T08:00:00.000Z' }],
    audit: [],
    attendees: attendeesFixture(),
  };

  const handlers: Partial<Record<Command, Handler>> = {
    'app:status': () => ok({ ...state.status, needsAdmin: state.needsAdmin, session: state.session }),
    'operator:createFirstAdmin': (input) => {
      const { name } = input as { name: string };
      state.needsAdmin = false;
      state.session = session('admin', name);
      return ok(state.session);
    },
    'session:signIn': (input) => {
      const { name, pin } = input as { name: string; pin: string };
      if (pin !== '2468') return err('bad_credentials', 'wrong name or PIN');
      state.session = session('admin', name);
      return ok(state.session);
    },
    'session:signOut': () => {
      state.session = null;
      return ok(null);
    },
    'station:setLanguage': (input) => {
      state.status.station = { ...state.status.station, language: (input as { language: 'zh' | 'en' }).language };
      return ok(state.status.station);
    },
    'station:configure': (input) => {
      const { name, mode, activityId } = input as { name: string; mode: 'office' | 'desk' | 'door'; activityId: string | null };
      state.status.station = { ...state.status.station, name, mode, activityId: mode === 'door' ? activityId : null };
      return ok(state.status.station);
    },
    'event:get': () => ok(state.event),
    'event:updateActivity': (input) => {
      const patch = input as Partial<ActivityView> & { id: string };
      const index = state.event.activities.findIndex((a) => a.id === patch.id);
      const before = state.event.activities[index];
      if (!before) return err('not_found', `no activity "${patch.id}"`);
      const after = { ...before, ...patch };
      state.event = { ...state.event, activities: state.event.activities.map((a, i) => (i === index ? after : a)) };
      return ok(after);
    },
    'event:export': () => ok(eventFileOf(state.event)),
    // Takes a file in the export's shape as it is; tests make it refuse with answer().
    'event:import': (input) => {
      const file = (input as { file: EventFile }).file;
      state.event = { event: file.event, activities: file.activities.map((a) => activity(a)), categories: file.categories, badgeLayouts: file.badgeLayouts ?? [DEFAULT_BADGE_LAYOUT], kiosk: file.kiosk ?? cnmc2024().kiosk! };
      return ok(state.event);
    },
    'operator:list': () => ok(state.operators),
    'operator:create': (input) => {
      const { name, role } = input as { name: string; role: Role };
      const created: OperatorView = { id: `op-${name}`, name, role, active: true, createdAt: '2024-10-15T08:00:00.000Z' };
      state.operators = [...state.operators, created];
      return ok(created);
    },
    'audit:list': () => ok(state.audit),
    // Initials match when the query is the first letters of the English name's words; enough to stand in for the index.
    'roster:search': (input) => {
      const query = (input as { query: string }).query.toLowerCase();
      const initials = (a: AttendeeDetail) => (a.nameEn ?? '').split(' ').map((w) => w[0]?.toLowerCase() ?? '').join('');
      return ok(state.attendees.filter((a) => initials(a) === query || (a.nameZh ?? '').includes(query) || (a.orgZh ?? '').includes(query)).map(hitOf));
    },
    'roster:list': (input) => {
      const { offset, limit } = input as { offset: number; limit: number };
      return ok({ total: state.attendees.length, rows: state.attendees.slice(offset, offset + limit).map(summaryOf) });
    },
    'roster:update': (input) => {
      const { id, patch } = input as { id: string; patch: Partial<AttendeeDetail> };
      const index = state.attendees.findIndex((a) => a.id === id);
      const before = state.attendees[index];
      if (!before) return err('not_found', 'no such attendee');
      const after = { ...before, ...patch };
      state.attendees = state.attendees.map((a, i) => (i === index ? after : a));
      return ok(after);
    },
    'roster:createWalkIn': (input) => {
      const w = input as Partial<AttendeeDetail> & { categoryId: string };
      const created: AttendeeDetail = { ...attendeesFixture()[1]!, id: `att-${state.attendees.length + 1}`, status: 'active', source: 'walk_in', ...w };
      state.attendees = [...state.attendees, created];
      return ok(created);
    },
    'roster:importPreview': (input) => ok(importReportFixture((input as { mapping?: ImportMapping }).mapping)),
    'roster:importStart': () => ok({ jobId: 'job-1' }),
    'roster:importStatus': (input) => ok<ImportJobStatus>({ jobId: (input as { jobId: string }).jobId, state: 'running', processed: 1, total: 3 }),
    'roster:importCancel': (input) => ok<ImportJobStatus>({ jobId: (input as { jobId: string }).jobId, state: 'cancelled', processed: 1, total: 3 }),
    'roster:get': (input) => {
      const found = state.attendees.find((a) => a.id === (input as { id: string }).id);
      return found ? ok(found) : err('not_found', 'no such attendee');
    },
    'demo:remove': () => {
      const { total, demo } = state.status.attendees;
      state.status = { ...state.status, attendees: { total: total - demo, demo: 0 } };
      // Every registration in the fixture belongs to a demo attendee.
      state.event = { ...state.event, activities: state.event.activities.map((a) => ({ ...a, registered: 0 })) };
      return ok({ removed: demo });
    },
  };

  const calls: FakeStation['calls'] = [];
  return {
    calls,
    state,
    answer: (command, handler) => {
      handlers[command] = handler;
    },
    transport: {
      call: async (command, input) => {
        calls.push({ command, input });
        const handler = handlers[command];
        return handler ? handler(input) : err('unknown_command', `the fake station does not answer ${command}`);
      },
    },
  };
}
