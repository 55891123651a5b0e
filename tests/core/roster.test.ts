import { describe, expect, it } from 'vitest';
import { insertAttendees } from '../../src/main/core/roster/repo';
import { sql } from '../../src/main/core/db/sql';
import type { AttendeeDetail } from '../../src/shared/roster';
import { testStation } from '../helpers/core';
import { attendee, residentId, signedIn, ZHANG_ID, ZHANG_PHONE } from './roster-fixtures';

const ROLES_BY_POWER = ['admin', 'desk', 'supervisor', 'door'] as const;

async function station() {
  const s = testStation();
  const [admin, desk, supervisor, door] = ROLES_BY_POWER.map((role) => signedIn(s, role));
  s.db.tx(() => insertAttendees(s.db, [attendee({ id: 'A0000000001', externalId: 'REG-001', ticketCodes: ['T0001'] })], s.clock.now()));
  return { ...s, tokens: { admin: admin!, desk: desk!, supervisor: supervisor!, door: door! } };
}

const auditText = (s: Awaited<ReturnType<typeof station>>) =>
  s.db.all<{ t: string }>(sql`SELECT coalesce(before, '') || ' ' || coalesce(after, '') AS t FROM audit_log`).map((r) => r.t).join('\n');

const lastAudit = (s: Awaited<ReturnType<typeof station>>) =>
  s.db.get<{ action: string; entity_id: string | null; before: string | null; after: string | null }>(sql`SELECT action, entity_id, before, after FROM audit_log ORDER BY id DESC LIMIT 1`)!;

describe('attendee detail and roster list', () => {
  it('shows a desk the attendee with phone and document number masked, registrations, ticket codes and badge state', async () => {
    const s = await station();
    const a = await s.must('roster:get', { id: 'A0000000001' }, s.tokens.desk);
    expect(a).toMatchObject({
      nameZh: '张三',
      phone: '138****5678',
      documentNumber: `430${'*'.repeat(12)}${ZHANG_ID.slice(-3)}`,
      registrations: ['main-forum'],
      ticketCodes: ['T0001'],
      externalId: 'REG-001',
      status: 'active',
      source: 'import',
      isDemo: false,
      badge: { version: 1, printedCount: 0, collectedAt: null },
    });
    expect(JSON.stringify(a)).not.toContain(ZHANG_PHONE);
    expect(JSON.stringify(a)).not.toContain(ZHANG_ID);
  });

  it('answers not_found for an attendee that does not exist', async () => {
    const s = await station();
    const r = await s.call('roster:get', { id: 'NOPE' }, s.tokens.desk);
    expect(r.ok ? null : r.error.code).toBe('not_found');
  });

  it('refuses a door station the attendee detail and the roster list', async () => {
    const s = await station();
    for (const [command, input] of [['roster:get', { id: 'A0000000001' }], ['roster:list', {}]] as const) {
      const r = await s.call(command, input, s.tokens.door);
      expect(r.ok ? null : r.error.code).toBe('forbidden');
    }
  });

  it('lists the roster with masked phones and the total the filter matches', async () => {
    const s = await station();
    s.db.tx(() => insertAttendees(s.db, [attendee({ id: 'A0000000002', nameZh: '李四', categoryId: 'media', phone: '13900001111', registrations: ['forum-2'] })], s.clock.now()));
    const all = await s.must('roster:list', {}, s.tokens.desk);
    expect(all.total).toBe(2);
    expect(all.rows.map((r) => r.phone)).toEqual(['139****1111', '138****5678']);
    const media = await s.must('roster:list', { categoryId: 'media' }, s.tokens.desk);
    expect(media).toMatchObject({ total: 1, rows: [{ id: 'A0000000002' }] });
    const forum = await s.must('roster:list', { activityId: 'main-forum' }, s.tokens.desk);
    expect(forum).toMatchObject({ total: 1, rows: [{ id: 'A0000000001' }] });
  });
});

describe('editing an attendee', () => {
  it('keeps names exactly as typed, trimming only the ends', async () => {
    const s = await station();
    const a = await s.must('roster:update', { id: 'A0000000001', patch: { nameZh: '  𠮷野家 ', nameEn: 'Ａｌｉｃｅ' } }, s.tokens.desk);
    expect(a.nameZh).toBe('𠮷野家');
    expect(Buffer.from(a.nameZh!, 'utf8')).toEqual(Buffer.from('𠮷野家', 'utf8'));
    expect(a.nameEn).toBe('Ａｌｉｃｅ');
    expect(a.nameEn).not.toBe('Alice');
  });

  it('normalises a phone typed with full-width digits, spaces and +86', async () => {
    const s = await station();
    await s.must('roster:update', { id: 'A0000000001', patch: { phone: '+86 １３９ 0000 2222' } }, s.tokens.desk);
    const r = await s.must('roster:revealPersonal', { id: 'A0000000001', reason: 'check the normalised phone' }, s.tokens.admin);
    expect(r.phone).toBe('13900002222');
  });

  it('refuses a resident ID with a wrong check digit, naming the field and the problem', async () => {
    const s = await station();
    const bad = `${ZHANG_ID.slice(0, 17)}${ZHANG_ID[17] === '0' ? '1' : '0'}`;
    const r = await s.call('roster:update', { id: 'A0000000001', patch: { documentNumber: bad } }, s.tokens.desk);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_input');
    expect(r.error.details).toEqual([expect.objectContaining({ path: 'documentNumber', code: 'id_bad_check_digit' })]);
    expect((await s.must('roster:revealPersonal', { id: 'A0000000001', reason: 'unchanged?' }, s.tokens.admin)).documentNumber).toBe(ZHANG_ID);
  });

  it('refuses an ID number Excel turned into 4.30102E+17', async () => {
    const s = await station();
    const r = await s.call('roster:update', { id: 'A0000000001', patch: { documentNumber: '4.30102E+17' } }, s.tokens.desk);
    expect(r.ok ? null : r.error.details).toEqual([expect.objectContaining({ path: 'documentNumber', code: 'id_scientific_notation' })]);
  });

  it('re-checks the stored number when only the document type changes', async () => {
    const s = await station();
    const r = await s.call('roster:update', { id: 'A0000000001', patch: { documentType: 'tw_permit' } }, s.tokens.desk);
    expect(r.ok ? null : r.error.details).toEqual([expect.objectContaining({ path: 'documentNumber', code: 'permit_bad_format' })]);
  });

  it('refuses an unknown category and an unknown activity, naming each field', async () => {
    const s = await station();
    const r = await s.call('roster:update', { id: 'A0000000001', patch: { categoryId: 'vip', registrations: ['forum-1', 'forum-9'] } }, s.tokens.desk);
    expect(r.ok ? null : r.error.details).toEqual([
      expect.objectContaining({ path: 'categoryId', code: 'category_unknown' }),
      expect.objectContaining({ path: 'registrations[1]', code: 'activity_unknown' }),
    ]);
  });

  it('refuses removing both names', async () => {
    const s = await station();
    const r = await s.call('roster:update', { id: 'A0000000001', patch: { nameZh: ' ', nameEn: null } }, s.tokens.desk);
    expect(r.ok ? null : r.error.details).toEqual([expect.objectContaining({ path: 'nameZh', code: 'name_required' })]);
  });

  it('replaces registrations and audits only the changed fields, before and after', async () => {
    const s = await station();
    const a = await s.must('roster:update', { id: 'A0000000001', patch: { registrations: ['forum-3', 'main-forum'], title: '记者', attention: 'VIP，需要引导' } }, s.tokens.desk);
    expect(a.registrations).toEqual(['main-forum', 'forum-3']);
    const entry = lastAudit(s);
    expect(entry.action).toBe('attendee.update');
    expect(JSON.parse(entry.before!)).toEqual({ registrations: ['main-forum'], attention: null });
    expect(JSON.parse(entry.after!)).toEqual({ registrations: ['forum-3', 'main-forum'], attention: 'VIP，需要引导' });
  });

  it('writes no audit entry for an edit that changes nothing', async () => {
    const s = await station();
    const before = s.services.auditCount();
    await s.must('roster:update', { id: 'A0000000001', patch: { nameZh: '张三' } }, s.tokens.desk);
    expect(s.services.auditCount()).toBe(before);
  });

  it('never writes a full phone or document number into the audit log', async () => {
    const s = await station();
    const newId = residentId('11010519491231002');
    await s.must('roster:update', { id: 'A0000000001', patch: { phone: '13911112222' } }, s.tokens.desk);
    await s.must('roster:update', { id: 'A0000000001', patch: { documentNumber: newId } }, s.tokens.desk);
    await s.must('roster:update', { id: 'A0000000001', patch: { documentType: 'passport', documentNumber: 'E12345678' } }, s.tokens.desk);
    await s.must('roster:update', { id: 'A0000000001', patch: { phone: null, documentType: null, documentNumber: null } }, s.tokens.desk);
    await s.must('roster:createWalkIn', { nameZh: '王五', categoryId: 'media', phone: '13700003333', documentType: 'hk_mo_permit', documentNumber: 'H87654321' }, s.tokens.desk);
    await s.must('roster:revealPersonal', { id: 'A0000000001', reason: 'identity check at the desk' }, s.tokens.admin);
    const text = auditText(s);
    for (const secret of [ZHANG_PHONE, ZHANG_ID, '13911112222', newId, 'E12345678', '13700003333', 'H87654321']) expect(text).not.toContain(secret);
    expect(text).toContain('139****2222');
  });
});

describe('walk-ins', () => {
  it('registers a walk-in from the desk with a new id, source walk_in and the region its permit shows', async () => {
    const s = await station();
    const a = await s.must('roster:createWalkIn', { nameZh: '陈大文', orgZh: '香港商报', categoryId: 'hkmt-media', phone: '+852 9123 4567', documentType: 'hk_mo_permit', documentNumber: 'h12345678', registrations: ['forum-2'] }, s.tokens.desk);
    expect(a).toMatchObject({ source: 'walk_in', status: 'active', region: 'hong_kong', registrations: ['forum-2'], documentNumber: 'H*****678', phone: '+852 ****4567', isDemo: false });
    expect(a.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(lastAudit(s)).toMatchObject({ action: 'attendee.walkIn', entity_id: a.id });
    expect((await s.must('roster:get', { id: a.id }, s.tokens.desk)).nameZh).toBe('陈大文');
  });

  it('refuses a walk-in without any name, naming the field', async () => {
    const s = await station();
    const r = await s.call('roster:createWalkIn', { nameZh: '   ', categoryId: 'media' }, s.tokens.desk);
    expect(r.ok ? null : r.error).toMatchObject({ code: 'invalid_input', details: [expect.objectContaining({ path: 'nameZh' })] });
  });

  it('refuses a walk-in with an unreachable phone and an unknown category, naming both fields', async () => {
    const s = await station();
    const r = await s.call('roster:createWalkIn', { nameEn: 'Ann Lee', categoryId: 'vip', phone: '12345' }, s.tokens.desk);
    expect(r.ok ? null : r.error.details).toEqual([
      expect.objectContaining({ path: 'phone', code: 'phone_invalid' }),
      expect.objectContaining({ path: 'categoryId', code: 'category_unknown' }),
    ]);
  });

  it('refuses a document number without its type', async () => {
    const s = await station();
    const r = await s.call('roster:createWalkIn', { nameZh: '王五', categoryId: 'media', documentNumber: ZHANG_ID }, s.tokens.desk);
    expect(r.ok ? null : r.error.details).toEqual([expect.objectContaining({ path: 'documentType', code: 'document_type_required' })]);
  });

  it('refuses a door station registering a walk-in', async () => {
    const s = await station();
    const r = await s.call('roster:createWalkIn', { nameZh: '王五', categoryId: 'media' }, s.tokens.door);
    expect(r.ok ? null : r.error.code).toBe('forbidden');
  });
});

describe('cancel and restore', () => {
  it('refuses the desk cancelling an attendee', async () => {
    const s = await station();
    const r = await s.call('roster:cancel', { id: 'A0000000001', reason: 'asked to' }, s.tokens.desk);
    expect(r.ok ? null : r.error.code).toBe('forbidden');
    expect((await s.must('roster:get', { id: 'A0000000001' }, s.tokens.desk)).status).toBe('active');
  });

  it('cancels with a reason, bumping the badge version, and audits it', async () => {
    const s = await station();
    const a: AttendeeDetail = await s.must('roster:cancel', { id: 'A0000000001', reason: '本人来电取消' }, s.tokens.supervisor);
    expect(a).toMatchObject({ status: 'cancelled', badge: { version: 2 } });
    const entry = lastAudit(s);
    expect(entry.action).toBe('attendee.cancel');
    expect(JSON.parse(entry.after!)).toEqual({ status: 'cancelled', badgeVersion: 2, reason: '本人来电取消' });
  });

  it('restores a cancelled attendee with a reason, keeping the new badge version', async () => {
    const s = await station();
    await s.must('roster:cancel', { id: 'A0000000001', reason: 'duplicate' }, s.tokens.supervisor);
    const a = await s.must('roster:restore', { id: 'A0000000001', reason: 'not a duplicate after all' }, s.tokens.supervisor);
    expect(a).toMatchObject({ status: 'active', badge: { version: 2 } });
    expect(JSON.parse(lastAudit(s).after!)).toMatchObject({ status: 'active', reason: 'not a duplicate after all' });
  });

  it('answers conflict when cancelling twice, and needs a reason', async () => {
    const s = await station();
    await s.must('roster:cancel', { id: 'A0000000001', reason: 'duplicate' }, s.tokens.supervisor);
    const again = await s.call('roster:cancel', { id: 'A0000000001', reason: 'duplicate' }, s.tokens.supervisor);
    expect(again.ok ? null : again.error.code).toBe('conflict');
    const noReason = await s.call('roster:restore', { id: 'A0000000001', reason: '  ' }, s.tokens.supervisor);
    expect(noReason.ok ? null : noReason.error).toMatchObject({ code: 'invalid_input', details: [expect.objectContaining({ path: 'reason' })] });
  });
});

describe('revealing personal numbers', () => {
  it('gives an admin the full numbers and audits that they were revealed and why, without the values', async () => {
    const s = await station();
    const r = await s.must('roster:revealPersonal', { id: 'A0000000001', reason: '核对证件' }, s.tokens.admin);
    expect(r).toEqual({ phone: ZHANG_PHONE, documentNumber: ZHANG_ID });
    const entry = lastAudit(s);
    expect(entry).toMatchObject({ action: 'attendee.revealPersonal', entity_id: 'A0000000001' });
    expect(JSON.parse(entry.after!)).toEqual({ reason: '核对证件', fields: ['phone', 'documentNumber'] });
  });

  it('refuses a supervisor revealing personal numbers', async () => {
    const s = await station();
    const r = await s.call('roster:revealPersonal', { id: 'A0000000001', reason: 'curious' }, s.tokens.supervisor);
    expect(r.ok ? null : r.error.code).toBe('forbidden');
  });
});
