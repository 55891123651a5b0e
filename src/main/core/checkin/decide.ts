import type { Direction, ScanDecision } from '../../../shared/checkin';
import type { CredentialCheck } from '../../../shared/credential';
import type { AccessLevel, Activity } from '../../../shared/event';

/** Everything one scan is decided on, loaded before the decision: the checks below read it and nothing else. */
export interface ScanContext {
  check: CredentialCheck;
  attendee: { id: string; status: 'active' | 'cancelled'; attention: string | null; arrivedAtDesk: boolean; registered: boolean; access: AccessLevel } | null;
  activity: Activity;
  direction: Direction;
  /** This attendee at this activity: inside now (entered, not out), whether ever admitted, and the last entry's local time and door. */
  presence: { inside: boolean; admittedBefore: boolean; entered?: { time: string; station: string } | null };
  counts: { inside: number; admitted: number };
  /** Now, as the event's local date and minutes since midnight. */
  local: { date: string; minutes: number };
}

type Check = (ctx: ScanContext) => ScanDecision | null;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const dayNumber = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;

const credential: Check = ({ check }) => (check.valid ? null : { outcome: 'refused', reason: check.reason });

const known: Check = ({ attendee }) => (attendee === null ? { outcome: 'refused', reason: 'unknown_attendee' } : null);

const cancelled: Check = ({ attendee }) => (attendee?.status === 'cancelled' ? { outcome: 'refused', reason: 'cancelled' } : null);

/** An exit is recorded whatever the rules: matched to an entry (green), or amber when it cannot be matched yet. */
const exitDecision = ({ activity, presence }: ScanContext): ScanDecision => {
  if (!activity.policy.exitScans) return { outcome: 'admitted_with_warning', reason: 'exit_scans_off', note: null };
  return presence.inside ? { outcome: 'admitted', reason: 'exit' } : { outcome: 'admitted_with_warning', reason: 'not_inside', note: null };
};

const category: Check = ({ attendee }) => (attendee?.access === 'denied' ? { outcome: 'refused', reason: 'category_not_allowed' } : null);

const registration: Check = ({ attendee }) => (attendee?.access === 'registered' && !attendee.registered ? { outcome: 'refused', reason: 'not_registered' } : null);

/** Entry opens `opensMinutesBefore` the start and closes at the end, on the activity's day, in the event's time zone. */
const timeWindow: Check = ({ activity, local }) => {
  if (activity.day === null) return null;
  const now = dayNumber(local.date) * 1440 + local.minutes;
  const day = dayNumber(activity.day) * 1440;
  const opens = day + (activity.startTime === null ? 0 : minutesOf(activity.startTime)) - activity.policy.opensMinutesBefore;
  const ends = day + (activity.endTime === null ? 1439 : minutesOf(activity.endTime));
  if (now < opens) return { outcome: 'refused', reason: 'too_early' };
  if (now > ends) return { outcome: 'refused', reason: 'closed' };
  return null;
};

const desk: Check = ({ activity, attendee }) => (activity.policy.deskArrivalRequired && attendee?.arrivedAtDesk === false ? { outcome: 'refused', reason: 'desk_first' } : null);

/** Inside now and scanning in again: refused as a second entry, or, when exits are not scanned, the policy's re-entry rule. */
const reEntry: Check = ({ activity, presence }) => {
  const { reEntry: rule, exitScans } = activity.policy;
  // Where and when they went in, from whichever door's scan reached this one: "10:02 · 平行论坛二 B门".
  const note = presence.entered ? `${presence.entered.time} · ${presence.entered.station}` : null;
  if (presence.inside && exitScans) return { outcome: 'refused', reason: 'already_inside', note };
  if (!presence.admittedBefore) return null;
  if (rule === 'refuse') return { outcome: 'refused', reason: 'already_inside', note };
  return rule === 'warn' ? { outcome: 'admitted_with_warning', reason: 're_entry', note: null } : null;
};

/** Full when the count the policy names has reached capacity; a re-entry without an exit adds no one inside. */
const capacity: Check = ({ activity, counts, presence }) => {
  if (activity.capacity === null) return null;
  const count = activity.policy.capacityCounts === 'inside' ? counts.inside : counts.admitted;
  const adds = activity.policy.capacityCounts === 'inside' ? !presence.inside : !presence.admittedBefore;
  return adds && count >= activity.capacity ? { outcome: 'refused', reason: 'room_full' } : null;
};

const attention: Check = ({ attendee }) => (attendee?.attention ? { outcome: 'admitted_with_warning', reason: 'attention', note: attendee.attention } : null);

/** The checks in their fixed order; the first refusal or plain admission stands, and a warning lets later refusals win. */
const CHECKS: readonly Check[] = [credential, known, cancelled, category, registration, timeWindow, desk, reEntry, capacity, attention];

/**
 * A badge a certified desk signed for someone this door has not received yet (registered elsewhere while the LAN was
 * down): never "forged"; in, the activity's rule says whether it opens the door; out, the exit is recorded.
 */
function notYetReceived({ activity, direction }: ScanContext): ScanDecision {
  if (direction === 'out') return { outcome: 'admitted_with_warning', reason: 'not_inside', note: null };
  return activity.policy.admitNotYetReceived ? { outcome: 'admitted_with_warning', reason: 'not_yet_received', note: null } : { outcome: 'refused', reason: 'not_yet_received' };
}

export function decideScan(ctx: ScanContext): ScanDecision {
  if (ctx.check.reason === 'not_yet_received' && ctx.attendee === null) return notYetReceived(ctx);
  // Leaving: only a code that names nobody is refused (there is no one to record); no rule of entry applies.
  if (ctx.direction === 'out') return credential(ctx) ?? known(ctx) ?? exitDecision(ctx);
  let warning: ScanDecision | null = null;
  for (const check of CHECKS) {
    const decision = check(ctx);
    if (decision === null) continue;
    if (decision.outcome === 'admitted_with_warning') {
      // An attention note outranks a re-entry warning: it is what the door must see.
      if (warning === null || decision.reason === 'attention') warning = decision;
      continue;
    }
    return decision;
  }
  if (warning) return warning;
  return { outcome: 'admitted', reason: ctx.presence.admittedBefore ? 're_entry' : 'ok' };
}
