import { describe, expect, it } from 'vitest';
import type { ScanContext } from '../../src/main/core/checkin/decide';
import { decideScan } from '../../src/main/core/checkin/decide';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import type { Activity, AccessPolicy } from '../../src/shared/event';

const forum = cnmc2024().activities.find((a) => a.id === 'forum-2')!;
const scheduled = (policy: Partial<AccessPolicy> = {}, more: Partial<Activity> = {}): Activity => ({
  ...forum,
  day: '2024-10-15',
  startTime: '14:00',
  endTime: '17:30',
  capacity: 200,
  ...more,
  policy: { ...forum.policy, ...policy },
});

/** 13:50 on day one in Changsha: ten minutes before a 14:00 forum whose entry opens 30 minutes before. */
function ctx(over: Omit<Partial<ScanContext>, 'attendee'> & { attendee?: Partial<NonNullable<ScanContext['attendee']>> | null } = {}): ScanContext {
  const { attendee, ...rest } = over;
  return {
    check: { valid: true, reason: 'valid', attendeeId: 'A1', version: 1 },
    activity: scheduled(),
    direction: 'in',
    presence: { inside: false, admittedBefore: false },
    counts: { inside: 10, admitted: 10 },
    local: { date: '2024-10-15', minutes: 13 * 60 + 50 },
    ...rest,
    attendee: attendee === null ? null : { id: 'A1', status: 'active', attention: null, arrivedAtDesk: true, registered: true, access: 'registered', ...attendee },
  };
}

describe('a door\'s decision, check by check', () => {
  it('admits a registered delegate inside the time window', () => {
    expect(decideScan(ctx())).toEqual({ outcome: 'admitted', reason: 'ok' });
  });

  it.each([
    ['unknown_code'],
    ['forged'],
    ['other_event'],
    ['replaced'],
    ['cancelled'],
    ['truncated'],
  ] as const)('refuses a credential the checker refused, with its reason: %s', (reason) => {
    expect(decideScan(ctx({ check: { valid: false, reason } }))).toEqual({ outcome: 'refused', reason });
  });

  it('refuses a valid badge whose attendee this station does not have', () => {
    expect(decideScan(ctx({ attendee: null }))).toEqual({ outcome: 'refused', reason: 'unknown_attendee' });
  });

  it('answers a desk’s badge for someone this door has not received by the activity’s rule: refused, or admitted with a warning; never forged; an exit recorded', () => {
    const desk = { valid: true, reason: 'not_yet_received', attendeeId: 'W1', version: 1, issuer: '3' } as const;
    expect(decideScan(ctx({ check: desk, attendee: null }))).toEqual({ outcome: 'refused', reason: 'not_yet_received' });
    expect(decideScan(ctx({ check: desk, attendee: null, activity: scheduled({ admitNotYetReceived: true }) }))).toEqual({ outcome: 'admitted_with_warning', reason: 'not_yet_received', note: null });
    expect(decideScan(ctx({ check: desk, attendee: null, direction: 'out' }))).toEqual({ outcome: 'admitted_with_warning', reason: 'not_inside', note: null });
  });

  it('refuses a cancelled attendee whose ticket code still reads', () => {
    expect(decideScan(ctx({ check: { valid: true, reason: 'ticket_code', attendeeId: 'A1', version: null }, attendee: { status: 'cancelled' } }))).toEqual({ outcome: 'refused', reason: 'cancelled' });
  });

  it('refuses a delegate at the committee-only meeting: category not allowed', () => {
    expect(decideScan(ctx({ attendee: { access: 'denied' } }))).toEqual({ outcome: 'refused', reason: 'category_not_allowed' });
  });

  it('refuses a delegate not registered for this forum, and admits one whose category needs no registration', () => {
    expect(decideScan(ctx({ attendee: { registered: false } }))).toEqual({ outcome: 'refused', reason: 'not_registered' });
    expect(decideScan(ctx({ attendee: { registered: false, access: 'allowed' } }))).toEqual({ outcome: 'admitted', reason: 'ok' });
  });

  it('opens entry exactly the policy\'s minutes before the start, and closes after the end', () => {
    const at = (h: number, m: number) => decideScan(ctx({ local: { date: '2024-10-15', minutes: h * 60 + m } }));
    expect(at(13, 29)).toEqual({ outcome: 'refused', reason: 'too_early' });
    expect(at(13, 30)).toEqual({ outcome: 'admitted', reason: 'ok' });
    expect(at(17, 30)).toEqual({ outcome: 'admitted', reason: 'ok' });
    expect(at(17, 31)).toEqual({ outcome: 'refused', reason: 'closed' });
    expect(decideScan(ctx({ local: { date: '2024-10-14', minutes: 20 * 60 } }))).toEqual({ outcome: 'refused', reason: 'too_early' });
    expect(decideScan(ctx({ local: { date: '2024-10-16', minutes: 9 * 60 } }))).toEqual({ outcome: 'refused', reason: 'closed' });
    // An activity without a day has no window.
    expect(decideScan(ctx({ activity: scheduled({}, { day: null }), local: { date: '2024-10-20', minutes: 0 } }))).toEqual({ outcome: 'admitted', reason: 'ok' });
  });

  it('opens a window that starts just after midnight the evening before', () => {
    const early = scheduled({ opensMinutesBefore: 60 }, { startTime: '00:30', endTime: '02:00' });
    expect(decideScan(ctx({ activity: early, local: { date: '2024-10-14', minutes: 23 * 60 + 40 } }))).toEqual({ outcome: 'admitted', reason: 'ok' });
    expect(decideScan(ctx({ activity: early, local: { date: '2024-10-14', minutes: 23 * 60 + 20 } }))).toEqual({ outcome: 'refused', reason: 'too_early' });
  });

  it('sends someone who has not checked in at the desk there first, when the activity asks for it', () => {
    expect(decideScan(ctx({ activity: scheduled({ deskArrivalRequired: true }), attendee: { arrivedAtDesk: false } }))).toEqual({ outcome: 'refused', reason: 'desk_first' });
    expect(decideScan(ctx({ activity: scheduled({ deskArrivalRequired: false }), attendee: { arrivedAtDesk: false } }))).toEqual({ outcome: 'admitted', reason: 'ok' });
  });

  it('refuses when the room is full, counting people inside (exits free seats)', () => {
    const full = scheduled({ capacityCounts: 'inside' }, { capacity: 10 });
    expect(decideScan(ctx({ activity: full, counts: { inside: 10, admitted: 40 } }))).toEqual({ outcome: 'refused', reason: 'room_full' });
    expect(decideScan(ctx({ activity: full, counts: { inside: 9, admitted: 40 } }))).toEqual({ outcome: 'admitted', reason: 'ok' });
  });

  it('refuses when the room is full counting everyone admitted so far, but lets a re-entry back', () => {
    const full = scheduled({ capacityCounts: 'admitted' }, { capacity: 40 });
    expect(decideScan(ctx({ activity: full, counts: { inside: 5, admitted: 40 } }))).toEqual({ outcome: 'refused', reason: 'room_full' });
    expect(decideScan(ctx({ activity: full, counts: { inside: 5, admitted: 40 }, presence: { inside: false, admittedBefore: true } }))).toEqual({ outcome: 'admitted', reason: 're_entry' });
  });

  it('with exit scans on, refuses a second entry while inside: already inside', () => {
    expect(decideScan(ctx({ activity: scheduled({ exitScans: true, reEntry: 'allow' }), presence: { inside: true, admittedBefore: true } }))).toEqual({ outcome: 'refused', reason: 'already_inside', note: null });
  });

  it('with exit scans on, records an exit and then admits the re-entry as the policy says', () => {
    const exits = (reEntry: AccessPolicy['reEntry']) => scheduled({ exitScans: true, reEntry });
    expect(decideScan(ctx({ activity: exits('allow'), direction: 'out', presence: { inside: true, admittedBefore: true } }))).toEqual({ outcome: 'admitted', reason: 'exit' });
    const back = { inside: false, admittedBefore: true };
    expect(decideScan(ctx({ activity: exits('allow'), presence: back }))).toEqual({ outcome: 'admitted', reason: 're_entry' });
    expect(decideScan(ctx({ activity: exits('warn'), presence: back }))).toEqual({ outcome: 'admitted_with_warning', reason: 're_entry', note: null });
    expect(decideScan(ctx({ activity: exits('refuse'), presence: back }))).toEqual({ outcome: 'refused', reason: 'already_inside', note: null });
  });

  it('never refuses an exit: amber where exits are not counted, or when no entry is on record yet; no rule of entry applies to leaving', () => {
    expect(decideScan(ctx({ direction: 'out', presence: { inside: true, admittedBefore: true } }))).toEqual({ outcome: 'admitted_with_warning', reason: 'exit_scans_off', note: null });
    expect(decideScan(ctx({ activity: scheduled({ exitScans: true }), direction: 'out' }))).toEqual({ outcome: 'admitted_with_warning', reason: 'not_inside', note: null });
    // Leaving after the activity closed, or with a category the room refuses, is still leaving.
    expect(decideScan(ctx({ activity: scheduled({ exitScans: true }), direction: 'out', presence: { inside: true, admittedBefore: true }, local: { date: '2024-10-16', minutes: 23 * 60 } }))).toEqual({ outcome: 'admitted', reason: 'exit' });
  });

  it('says where and when someone already inside went in', () => {
    const inside = { inside: true, admittedBefore: true, entered: { time: '10:02', station: '平行论坛二 B门' } };
    expect(decideScan(ctx({ activity: scheduled({ exitScans: true }), presence: inside }))).toEqual({ outcome: 'refused', reason: 'already_inside', note: '10:02 · 平行论坛二 B门' });
  });

  it('with exit scans off, treats a second entry by the re-entry policy: allowed, warned or refused', () => {
    const again = { inside: true, admittedBefore: true };
    expect(decideScan(ctx({ activity: scheduled({ reEntry: 'allow' }), presence: again }))).toEqual({ outcome: 'admitted', reason: 're_entry' });
    expect(decideScan(ctx({ activity: scheduled({ reEntry: 'warn' }), presence: again }))).toEqual({ outcome: 'admitted_with_warning', reason: 're_entry', note: null });
    expect(decideScan(ctx({ activity: scheduled({ reEntry: 'refuse' }), presence: again }))).toEqual({ outcome: 'refused', reason: 'already_inside', note: null });
  });

  it('admits a flagged attendee with the attention note, which outranks a re-entry warning but not a refusal', () => {
    expect(decideScan(ctx({ attendee: { attention: 'VIP: escort to row 1' } }))).toEqual({ outcome: 'admitted_with_warning', reason: 'attention', note: 'VIP: escort to row 1' });
    expect(decideScan(ctx({ activity: scheduled({ reEntry: 'warn' }), presence: { inside: true, admittedBefore: true }, attendee: { attention: 'VIP' } }))).toMatchObject({ reason: 'attention' });
    expect(decideScan(ctx({ attendee: { attention: 'VIP', registered: false } }))).toEqual({ outcome: 'refused', reason: 'not_registered' });
    expect(decideScan(ctx({ activity: scheduled({ reEntry: 'warn' }, { capacity: 10 }), counts: { inside: 10, admitted: 10 }, presence: { inside: false, admittedBefore: true } }))).toEqual({ outcome: 'refused', reason: 'room_full' });
  });
});
