import { describe, expect, it } from 'vitest';
import { selectBadgeAttendees } from '../../src/main/core/badges/badges';
import { sql } from '../../src/main/core/db/sql';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import { insertAttendees } from '../../src/main/core/roster/repo';
import type { BadgeLayout } from '../../src/shared/badge';
import { DEFAULT_BADGE_LAYOUT, MM } from '../../src/shared/badge';
import { BADGE_PEOPLE } from '../helpers/badges';
import { testStation } from '../helpers/core';
import { signedIn } from './roster-fixtures';

function stationWithPeople() {
  const s = testStation();
  s.db.tx(() => insertAttendees(s.db, Object.values(BADGE_PEOPLE), s.clock.now()));
  return s;
}

const CARD: BadgeLayout = { ...DEFAULT_BADGE_LAYOUT, id: 'card', name: 'Staff card', categories: ['committee', 'staff'], size: 'cr80', colours: { text: '#000000', background: '#FFF8E7' } };

describe('badge layouts saved with the event', () => {
  it('prints each category with the layout that lists it, and travels in the event file', async () => {
    const s = stationWithPeople();
    const admin = signedIn(s, 'admin');
    expect(await s.must('badge:saveLayouts', { layouts: [DEFAULT_BADGE_LAYOUT, CARD] }, admin)).toEqual([DEFAULT_BADGE_LAYOUT, CARD]);
    const desk = signedIn(s, 'desk');
    const committee = await s.must('badge:preview', { attendeeId: BADGE_PEOPLE.committee.id }, desk);
    expect(committee.page.width / MM).toBeCloseTo(85.6, 6);
    expect(committee.page.background).toBe('#FFF8E7');
    expect(committee.qr.modules).toBe(37);
    expect((await s.must('badge:preview', { attendeeId: BADGE_PEOPLE.ouyang.id }, desk)).page.width).toBeCloseTo(288, 6);
    // The editor previews a layout before it is saved.
    const a6 = await s.must('badge:preview', { attendeeId: BADGE_PEOPLE.ouyang.id, layout: { ...DEFAULT_BADGE_LAYOUT, size: 'a6' } }, desk);
    expect(a6.page.height / MM).toBeCloseTo(148, 6);

    const file = await s.must('event:export', {}, admin);
    expect(file.badgeLayouts).toEqual([DEFAULT_BADGE_LAYOUT, CARD]);
    const audit = s.db.all<{ action: string }>(sql`SELECT action FROM audit_log WHERE action = 'badge.saveLayouts'`);
    expect(audit).toHaveLength(1);
  });

  it('refuses layouts naming a category the event lacks, a category twice, a duplicate id, or a custom size without its size', async () => {
    const s = stationWithPeople();
    const admin = signedIn(s, 'admin');
    const refused = async (layouts: unknown[]) => {
      const r = await s.call('badge:saveLayouts', { layouts }, admin);
      expect(r.ok).toBe(false);
      return r.ok ? '' : JSON.stringify(r.error);
    };
    expect(await refused([{ ...CARD, categories: ['astronaut'] }])).toContain('names no category of this event');
    expect(await refused([CARD, { ...CARD, id: 'card-2' }])).toContain('is printed with layout \\"card\\" already');
    expect(await refused([CARD, CARD])).toContain('duplicate badge layout id');
    expect(await refused([{ ...CARD, size: 'custom', customMm: null }])).toContain('a custom size needs its width and height');
    expect(await refused([{ ...CARD, customMm: { width: 20, height: 20 } }])).toContain('customMm.width');
    expect(await s.must('event:export', {}, admin)).toMatchObject({ badgeLayouts: [DEFAULT_BADGE_LAYOUT] });
  });

  it('keeps the saved layouts when an event file from before layouts is imported', async () => {
    const s = stationWithPeople();
    const admin = signedIn(s, 'admin');
    await s.must('badge:saveLayouts', { layouts: [CARD] }, admin);
    const { badgeLayouts: _none, ...old } = cnmc2024();
    await s.must('event:import', { file: old }, admin);
    expect((await s.must('event:get', {}, admin)).badgeLayouts).toEqual([CARD]);
  });
});

describe('badge PDFs through the service', () => {
  it('needs a desk operator and records who made the badges', async () => {
    const s = stationWithPeople();
    const door = signedIn(s, 'door');
    const refused = await s.call('badge:pdf', { selection: { all: true } }, door);
    expect(refused.ok ? null : refused.error.code).toBe('forbidden');
    const desk = signedIn(s, 'desk');
    const pdf = await s.must('badge:pdf', { selection: { categoryId: 'speaker' } }, desk);
    expect(pdf).toMatchObject({ badges: 1, pages: 1, skipped: [] });
    expect(Buffer.from(pdf.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const audit = s.db.get<{ operator_id: string; after: string }>(sql`SELECT operator_id, after FROM audit_log WHERE action = 'badge.pdf'`);
    expect(audit?.operator_id).toBe('OP-desk');
    expect(JSON.parse(audit!.after)).toMatchObject({ badges: 1, skipped: 0, selection: { categoryId: 'speaker' } });
  });

  it('answers missing_glyph for one badge it cannot draw and names the character', async () => {
    const s = stationWithPeople();
    const r = await s.call('badge:pdf', { selection: { attendeeIds: [BADGE_PEOPLE.rare.id] } }, signedIn(s, 'desk'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('missing_glyph');
      expect(r.error.message).toContain('“𠮷” (U+20BB7)');
    }
  });

  it('refuses a cancelled attendee by name', async () => {
    const s = stationWithPeople();
    s.db.run(sql`UPDATE attendee SET status = 'cancelled' WHERE id = ${BADGE_PEOPLE.trainee.id}`);
    const r = await s.call('badge:pdf', { selection: { attendeeIds: [BADGE_PEOPLE.trainee.id] } }, signedIn(s, 'desk'));
    expect(r.ok ? null : r.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('cancelled') });
  });
});

describe('choosing who a batch prints', () => {
  const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id);
  const P = BADGE_PEOPLE;

  it('leaves out badges already printed at their current version, but not those printed before a reprint', () => {
    const s = stationWithPeople();
    const printed = (id: string, version: number) =>
      s.db.run(sql`INSERT INTO print_job (id, attendee_id, badge_version, printer, state, created_at, updated_at, printed_at, confirmed_by)
                   VALUES (${`J-${id}`}, ${id}, ${version}, 'desk-1', 'printed', 'now', 'now', 'now', 'spooler')`);
    printed(P.ouyang.id, 1);
    printed(P.hongKong.id, 1);
    s.db.run(sql`UPDATE attendee SET badge_version = 2 WHERE id = ${P.hongKong.id}`);
    s.db.run(sql`INSERT INTO print_job (id, attendee_id, badge_version, printer, state, created_at, updated_at) VALUES ('J-q', ${P.committee.id}, 1, 'desk-1', 'sent', 'now', 'now')`);
    const unprinted = ids(selectBadgeAttendees(s.db, { notPrinted: true }, 'pinyin'));
    expect(unprinted).not.toContain(P.ouyang.id);
    expect(unprinted).toContain(P.hongKong.id);
    expect(unprinted).toContain(P.committee.id);
  });

  it('plans a batch for the screen in print order', async () => {
    const s = stationWithPeople();
    const plan = await s.must('badge:batchPlan', { selection: { all: true }, order: 'category' }, signedIn(s, 'desk'));
    expect(plan.attendeeIds).toEqual(ids(selectBadgeAttendees(s.db, { all: true }, 'category')));
    expect(plan.attendeeIds).toHaveLength(7);
  });

  it('sorts by organisation or by category, and leaves cancelled attendees out of a category or everyone', () => {
    const s = stationWithPeople();
    s.db.run(sql`UPDATE attendee SET status = 'cancelled' WHERE id = ${P.rare.id}`);
    expect(ids(selectBadgeAttendees(s.db, { all: true }, 'category'))).toEqual([P.oneWord.id, P.ouyang.id, P.longLatin.id, P.hongKong.id, P.committee.id, P.trainee.id]);
    const byOrg = selectBadgeAttendees(s.db, { all: true }, 'organisation').map((a) => a.orgZh ?? a.orgEn);
    expect(byOrg).toEqual(['Deutsche Welle', 'International Federation of Digital Journalism and Media Innovation', '香港電台', '湘西州融媒体中心', '中国记协新媒体专业委员会', '中国新闻社湖南分社新媒体中心融合报道部']);
    expect(ids(selectBadgeAttendees(s.db, { categoryId: 'delegate' }, 'pinyin'))).toEqual([]);
  });
});
