import type { AttendeeRecord, DocumentType, Region } from '../../../shared/attendee';
import { checkDocument, normalisePhone } from '../../../shared/identity';
import { maskDocument, maskPhone } from '../../../shared/mask';
import { AppFailure } from '../../../shared/result';
import type { AttendeeDetail, AttendeeSummary, RosterExport, WalkIn } from '../../../shared/roster';
import type { ServiceContext } from '../context';
import type { Db } from '../db/sql';
import type { CallContext, Handlers } from '../dispatch';
import { actsAsAdmin } from '../dispatch';
import { newId } from '../ids';
import { ATTENDANCE_HEADERS, eventFileName, ROSTER_HEADERS, rosterRows, toCsv, toXlsx } from './export';
import type { AttendeeChanges, AttendeeListRow, StoredAttendee } from './repo';
import { categoryExists, fillSortKeys, getAttendee, insertWalkIn, listAttendees, setAttendeeStatus, sortKeysMissing, unknownActivities, updateAttendee } from './repo';

/** A field an edit or a walk-in got wrong, with a stable code the screen can translate. */
export interface AttendeeProblem {
  path: string;
  code: string;
  message: string;
}

function refuse(problems: AttendeeProblem[]): never {
  throw new AppFailure('invalid_input', `the attendee has ${problems.length} problem(s): ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
}

export function toDetail(a: StoredAttendee): AttendeeDetail {
  return {
    id: a.id,
    nameZh: a.nameZh,
    nameEn: a.nameEn,
    orgZh: a.orgZh,
    orgEn: a.orgEn,
    title: a.title,
    categoryId: a.categoryId,
    region: a.region,
    phone: maskPhone(a.phone),
    email: a.email,
    documentType: a.documentType,
    documentNumber: maskDocument(a.documentNumber),
    externalId: a.externalId,
    registrations: a.registrations,
    ticketCodes: a.ticketCodes,
    attention: a.attention,
    status: a.status,
    badge: a.badge,
    arrivedAt: a.arrivedAt,
    source: a.source,
    isDemo: a.isDemo,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

function toSummary(r: AttendeeListRow): AttendeeSummary {
  return {
    id: r.id,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    orgZh: r.org_zh,
    title: r.title,
    categoryId: r.category_id,
    region: r.region,
    phone: maskPhone(r.phone),
    attention: r.attention,
    status: r.status,
    badgePrintedCount: r.badge_printed_count,
    badgeCollectedAt: r.badge_collected_at,
  };
}

function mustGet(db: Db, id: string): StoredAttendee {
  const a = getAttendee(db, id);
  if (!a) throw new AppFailure('not_found', `no attendee "${id}"`);
  return a;
}

/** The attendee's fields as the audit log keeps them: personal numbers masked, never in clear. */
function forAudit(fields: AttendeeChanges): AttendeeChanges {
  return {
    ...fields,
    ...('phone' in fields ? { phone: maskPhone(fields.phone ?? null) } : {}),
    ...('documentNumber' in fields ? { documentNumber: maskDocument(fields.documentNumber ?? null) } : {}),
  };
}

/**
 * Normalises the phone and document of an edit or walk-in and checks every reference, naming each wrong field;
 * names are left exactly as typed.
 */
function checkChanges(db: Db, changes: AttendeeChanges, current: AttendeeChanges): AttendeeChanges {
  const problems: AttendeeProblem[] = [];
  const out: AttendeeChanges = { ...changes };
  if (changes.phone !== undefined && changes.phone !== null) {
    const phone = normalisePhone(changes.phone);
    if (phone.valid && phone.value !== null) out.phone = phone.value;
    else problems.push({ path: 'phone', code: 'phone_invalid', message: 'is not a phone number that can be reached' });
  }
  if (changes.documentType !== undefined || changes.documentNumber !== undefined) {
    const type = changes.documentType !== undefined ? changes.documentType : (current.documentType ?? null);
    const number = changes.documentNumber !== undefined ? changes.documentNumber : (current.documentNumber ?? null);
    if (number !== null && type === null) {
      problems.push({ path: 'documentType', code: 'document_type_required', message: 'a document number needs its document type' });
    } else if (number !== null && type !== null) {
      const check = checkDocument(type, number);
      if (check.problem) problems.push({ path: 'documentNumber', code: check.problem, message: `is not a valid ${type} number (${check.problem})` });
      else out.documentNumber = check.value;
    }
  }
  if (changes.categoryId !== undefined && !categoryExists(db, changes.categoryId)) {
    problems.push({ path: 'categoryId', code: 'category_unknown', message: `names no category of this event: "${changes.categoryId}"` });
  }
  if (changes.registrations !== undefined) {
    const unknown = new Set(unknownActivities(db, changes.registrations));
    changes.registrations.forEach((id, i) => {
      if (unknown.has(id)) problems.push({ path: `registrations[${i}]`, code: 'activity_unknown', message: `names no activity of this event: "${id}"` });
    });
  }
  const nameZh = changes.nameZh !== undefined ? changes.nameZh : current.nameZh;
  const nameEn = changes.nameEn !== undefined ? changes.nameEn : current.nameEn;
  if ((nameZh ?? null) === null && (nameEn ?? null) === null) {
    problems.push({ path: 'nameZh', code: 'name_required', message: 'a Chinese or an English name is required' });
  }
  if (problems.length > 0) refuse(problems);
  return out;
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Only the fields whose value really changes, before and after. */
function diff(before: StoredAttendee, changes: AttendeeChanges): { before: AttendeeChanges; after: AttendeeChanges } {
  const was: Record<string, unknown> = {};
  const now: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(changes)) {
    const old = before[field as keyof AttendeeChanges];
    if (value === undefined || sameValue(old, value)) continue;
    was[field] = old;
    now[field] = value;
  }
  return { before: was as AttendeeChanges, after: now as AttendeeChanges };
}

/** Where a walk-in comes from when the desk did not say: from the document, else the phone, else the mainland. */
export function regionOf({ documentType, documentNumber, phoneRegion }: { documentType: DocumentType | null; documentNumber: string | null; phoneRegion: Region | null }): Region {
  switch (documentType) {
    case 'cn_id':
      return 'mainland';
    case 'hk_mo_permit':
      return documentNumber?.startsWith('M') ? 'macao' : 'hong_kong';
    case 'tw_permit':
      return 'taiwan';
    case 'passport':
      return phoneRegion ?? 'abroad';
    default:
      return phoneRegion ?? 'mainland';
  }
}

function walkInRecord(db: Db, input: WalkIn): AttendeeRecord {
  const fields = checkChanges(
    db,
    {
      nameZh: input.nameZh ?? null,
      nameEn: input.nameEn ?? null,
      orgZh: input.orgZh ?? null,
      categoryId: input.categoryId,
      phone: input.phone ?? null,
      documentType: input.documentType ?? null,
      documentNumber: input.documentNumber ?? null,
      registrations: input.registrations ?? [],
      attention: input.attention ?? null,
    },
    {},
  );
  const phoneRegion = fields.phone ? normalisePhone(fields.phone).region : null;
  return {
    id: newId(),
    nameZh: fields.nameZh ?? null,
    nameEn: fields.nameEn ?? null,
    orgZh: fields.orgZh ?? null,
    orgEn: null,
    title: null,
    categoryId: input.categoryId,
    region: input.region ?? regionOf({ documentType: fields.documentType ?? null, documentNumber: fields.documentNumber ?? null, phoneRegion }),
    phone: fields.phone ?? null,
    email: null,
    documentType: fields.documentType ?? null,
    documentNumber: fields.documentNumber ?? null,
    externalId: null,
    attention: fields.attention ?? null,
    status: 'active',
    source: 'walk_in',
    isDemo: false,
    registrations: fields.registrations ?? [],
    ticketCodes: [],
  };
}


function exportFileName(db: Db, { format, activityId, at }: { format: string; activityId?: string | undefined; at: Date }): string {
  return eventFileName(db, [activityId === undefined ? 'roster' : `${activityId}-attendance`], format, at);
}

export function attendeeHandlers({ db, now, audit }: ServiceContext): Pick<
  Handlers,
  'roster:get' | 'roster:list' | 'roster:update' | 'roster:createWalkIn' | 'roster:cancel' | 'roster:restore' | 'roster:revealPersonal' | 'roster:export'
> {
  /** Another writer (an import) may have changed names without their sort keys; fill them before ordering by them. */
  function fillMissingSortKeys(): void {
    if (sortKeysMissing(db)) db.tx(() => fillSortKeys(db));
  }

  function changeStatus(ctx: CallContext, { id, reason, to }: { id: string; reason: string; to: 'active' | 'cancelled' }): AttendeeDetail {
    return db.tx(() => {
      const before = mustGet(db, id);
      if (before.status === to) throw new AppFailure('conflict', `${id} is ${to} already`);
      setAttendeeStatus(db, { id, status: to, at: now() });
      const after = mustGet(db, id);
      audit(ctx, {
        action: to === 'cancelled' ? 'attendee.cancel' : 'attendee.restore',
        entity: 'attendee',
        entityId: id,
        before: { status: before.status, badgeVersion: before.badge.version },
        after: { status: after.status, badgeVersion: after.badge.version, reason },
      });
      return toDetail(after);
    });
  }

  return {
    'roster:get': ({ id }) => toDetail(mustGet(db, id)),

    'roster:list': (query) => {
      fillMissingSortKeys();
      const page = listAttendees(db, query);
      return { total: page.total, rows: page.rows.map(toSummary) };
    },

    'roster:update': ({ id, patch }, ctx) =>
      db.tx(() => {
        const before = mustGet(db, id);
        const changes = checkChanges(db, patch, before);
        const change = diff(before, changes);
        if (Object.keys(change.after).length > 0) {
          updateAttendee(db, id, change.after, now());
          audit(ctx, { action: 'attendee.update', entity: 'attendee', entityId: id, before: forAudit(change.before), after: forAudit(change.after) });
        }
        return toDetail(mustGet(db, id));
      }),

    'roster:createWalkIn': (input, ctx) =>
      db.tx(() => {
        const record = walkInRecord(db, input);
        insertWalkIn(db, record, now());
        const { id: _id, ...fields } = record;
        audit(ctx, { action: 'attendee.walkIn', entity: 'attendee', entityId: record.id, after: forAudit(fields) });
        return toDetail(mustGet(db, record.id));
      }),

    'roster:cancel': ({ id, reason }, ctx) => changeStatus(ctx, { id, reason, to: 'cancelled' }),

    'roster:restore': ({ id, reason }, ctx) => changeStatus(ctx, { id, reason, to: 'active' }),

    'roster:revealPersonal': ({ id, reason }, ctx) =>
      db.tx(() => {
        const a = mustGet(db, id);
        const fields = [...(a.phone === null ? [] : ['phone']), ...(a.documentNumber === null ? [] : ['documentNumber'])];
        audit(ctx, { action: 'attendee.revealPersonal', entity: 'attendee', entityId: id, after: { reason, fields } });
        return { phone: a.phone, documentNumber: a.documentNumber };
      }),

    'roster:export': async ({ format, activityId, unmasked }, ctx): Promise<RosterExport> => {
      if (unmasked && !actsAsAdmin(ctx)) {
        throw new AppFailure('forbidden', 'only an admin may export full phone and document numbers', { needs: 'admin', has: ctx.session?.role ?? null });
      }
      if (activityId !== undefined && unknownActivities(db, [activityId]).length > 0) {
        refuse([{ path: 'activityId', code: 'activity_unknown', message: `names no activity of this event: "${activityId}"` }]);
      }
      fillMissingSortKeys();
      const header = activityId === undefined ? ROSTER_HEADERS : [...ROSTER_HEADERS, ...ATTENDANCE_HEADERS];
      let rows = 0;
      const counted = function* () {
        for (const row of rosterRows(db, { activityId, masked: !unmasked })) {
          rows++;
          yield row;
        }
      };
      const content = format === 'csv' ? toCsv(header, counted()) : await toXlsx(header, counted(), activityId ?? 'roster');
      const at = now();
      db.tx(() => audit(ctx, { action: 'roster.export', entity: 'attendee', after: { format, activityId: activityId ?? null, rows, masked: !unmasked } }));
      return { fileName: exportFileName(db, { format, activityId, at }), contentBase64: content.toString('base64'), rows };
    },
  };
}
