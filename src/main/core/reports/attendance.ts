import { REGIONS } from '../../../shared/attendee';
import type { Activity } from '../../../shared/event';
import { AppFailure } from '../../../shared/result';
import type { ActivityAttendance, ArrivalBucket, AttendanceReport, AttendeeAttendance, GroupCount, ReportScope } from '../../../shared/report';
import { REGION_NAMES } from '../../../shared/roster';
import type { Bilingual } from '../../../shared/text';
import { localDateTime } from '../clock';
import type { Db } from '../db/sql';
import { getEventInfo, listActivities, listCategories } from '../event/repo';

/** One effective row of the scan log: reversed scans and the reversals themselves are left out in the query. */
interface LogRow {
  kind: 'entry' | 'exit' | 'arrival' | 'override';
  activityId: string | null;
  attendeeId: string | null;
  outcome: 'admitted' | 'admitted_with_warning' | 'refused';
  reason: string;
  at: string;
}

/** One person at one activity, over the scope. */
interface Stay {
  entries: number;
  first: string;
  lastExit: string | null;
  /** The open stay's entry (ms) and its local day, or null when outside. */
  openAt: number | null;
  openDay: string | null;
  minutes: number;
  /** Registered for the activity and active: set once the log is read. */
  registered: boolean;
}

interface Tally {
  activity: Activity;
  people: Map<string, Stay>;
  refused: number;
  overrides: number;
  reasons: Map<string, number>;
  openStays: number;
}

const QUARTER = 15;

/** 'HH:MM' of the quarter hour a local time falls in. */
export const quarterOf = (time: string): string => {
  const minutes = Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  const start = minutes - (minutes % QUARTER);
  return `${String(Math.floor(start / 60)).padStart(2, '0')}:${String(start % 60).padStart(2, '0')}`;
};

/** The instant a local day and time of the event's zone stand for (the zone's offset read at that moment). */
function instantOf(day: string, time: string, timeZone: string): number {
  const guess = Date.parse(`${day}T${time}:00Z`);
  const local = localDateTime(new Date(guess), timeZone);
  const seen = Date.parse(`${local.date}T${local.time}:00Z`);
  return guess - (seen - guess);
}

/**
 * The attendance of the event, or of one day (the event's own calendar) and one activity, counted from the scan log
 * alone: the log is the only truth, so every station with the whole log gives the same report. An undone scan counts
 * for nothing; an override admits the refused scan it answers; a refused scan moves nobody.
 */
export function attendance(db: Db, scope: ReportScope = {}): { report: AttendanceReport; people: Map<string, AttendeeAttendance[]> } {
  const event = getEventInfo(db);
  const tz = event.timezone;
  const allActivities = listActivities(db);
  if (scope.activityId !== undefined && !allActivities.some((a) => a.id === scope.activityId)) throw new AppFailure('not_found', `no activity "${scope.activityId}"`);
  const activities = scope.activityId === undefined ? allActivities : allActivities.filter((a) => a.id === scope.activityId);
  const tallies = new Map<string, Tally>(activities.map((a) => [a.id, { activity: a, people: new Map(), refused: 0, overrides: 0, reasons: new Map(), openStays: 0 }]));

  // Local date and time of each distinct minute, read once (a log of 300,000 scans has far fewer minutes).
  const locals = new Map<string, { date: string; time: string; quarter: string }>();
  const localOf = (iso: string) => {
    const minute = iso.slice(0, 16);
    let l = locals.get(minute);
    if (l === undefined) {
      const { date, time } = localDateTime(new Date(iso), tz);
      locals.set(minute, (l = { date, time, quarter: quarterOf(time) }));
    }
    return l;
  };
  // The stamp of each distinct minute made once too: a report's 300,000 lines carry a few thousand of them.
  const stamps = new Map<string, string>();
  const stamp = (iso: string) => {
    const minute = iso.slice(0, 16);
    let s = stamps.get(minute);
    if (s === undefined) {
      const l = localOf(iso);
      stamps.set(minute, (s = `${l.date} ${l.time}`));
    }
    return s;
  };
  /** Where a stay with no exit ends: the activity's end on that day, if it has one and the stay began before it. */
  const closeOpen = (t: Tally, stay: Stay) => {
    if (stay.openAt === null) return;
    const end = t.activity.endTime === null ? null : instantOf(stay.openDay!, t.activity.endTime, tz);
    if (end !== null && end > stay.openAt) stay.minutes += (end - stay.openAt) / 60_000;
    else t.openStays++;
    stay.openAt = null;
    stay.openDay = null;
  };

  const arrived = new Set<string>();
  const attendedAny = new Set<string>();
  const seenToday = new Map<string, Set<string>>();
  const arrivalsByDay = new Map<string, Map<string, ArrivalBucket>>();
  const bucket = (day: string, start: string) => {
    let byQuarter = arrivalsByDay.get(day);
    if (byQuarter === undefined) arrivalsByDay.set(day, (byQuarter = new Map()));
    let b = byQuarter.get(start);
    if (b === undefined) byQuarter.set(start, (b = { start, desk: 0, firstEntry: 0 }));
    return b;
  };
  const firstOfDay = (day: string, attendeeId: string) => {
    let seen = seenToday.get(day);
    if (seen === undefined) seenToday.set(day, (seen = new Set()));
    if (seen.has(attendeeId)) return false;
    seen.add(attendeeId);
    return true;
  };
  const arrivedOn = new Map<string, Set<string>>();

  // The undone scans, few: skipped as the log goes by (a NOT EXISTS per row cost a quarter of the pass); each row's
  // id is read only when there are some (300,000 ids sorted for nothing cost a tenth of the pass).
  const undone = new Set((db.statement("SELECT refers_to FROM scan WHERE kind = 'reversal'").pluck().all() as string[]));
  // Rows as arrays (no object per row: 300,000 of them); the columns in LogRow's order.
  const rows = db
    .statement(
      `SELECT s.kind, s.activity_id, s.attendee_id, s.outcome, s.reason, s.at${undone.size > 0 ? ', s.id' : ''}
       FROM scan s
       WHERE s.kind <> 'reversal'
       ORDER BY s.at, s.rowid`,
    )
    .raw(true)
    .iterate() as IterableIterator<[LogRow['kind'], string | null, string | null, LogRow['outcome'], string, string, string?]>;
  for (const row of rows) {
    const [kind, activityId, attendeeId, outcome, reason, at, id] = row;
    if (id !== undefined && undone.has(id)) continue;
    const local = localOf(at);
    if (scope.day !== undefined && local.date !== scope.day) continue;
    if (kind === 'arrival') {
      if (outcome === 'refused' || attendeeId === null) continue;
      arrived.add(attendeeId);
      let today = arrivedOn.get(local.date);
      if (today === undefined) arrivedOn.set(local.date, (today = new Set()));
      if (!today.has(attendeeId)) {
        today.add(attendeeId);
        bucket(local.date, local.quarter).desk++;
      }
      continue;
    }
    const t = activityId === null ? undefined : tallies.get(activityId);
    if (t === undefined) continue;
    if (outcome === 'refused') {
      t.refused++;
      t.reasons.set(reason, (t.reasons.get(reason) ?? 0) + 1);
      continue;
    }
    if (attendeeId === null) continue;
    if (kind === 'override') t.overrides++;
    const ms = Date.parse(at);
    let stay = t.people.get(attendeeId);
    if (kind === 'exit') {
      if (stay === undefined) continue;
      if (stay.openAt !== null) {
        // A stay does not run past midnight: one left open the day before ends as that day's did.
        if (stay.openDay !== local.date) closeOpen(t, stay);
        else {
          stay.minutes += (ms - stay.openAt) / 60_000;
          stay.openAt = null;
          stay.openDay = null;
        }
      }
      stay.lastExit = at;
      continue;
    }
    // An entry, or an override admitting a refused entry.
    if (stay === undefined) {
      stay = { entries: 0, first: at, lastExit: null, openAt: null, openDay: null, minutes: 0, registered: false };
      t.people.set(attendeeId, stay);
    }
    stay.entries++;
    attendedAny.add(attendeeId);
    if (firstOfDay(local.date, attendeeId)) bucket(local.date, local.quarter).firstEntry++;
    if (stay.openAt !== null && stay.openDay !== local.date) closeOpen(t, stay);
    if (stay.openAt === null) {
      stay.openAt = ms;
      stay.openDay = local.date;
    }
  }
  for (const t of tallies.values()) for (const stay of t.people.values()) closeOpen(t, stay);

  // Who is expected where: active attendees, their category and region, and their registrations.
  const categories = listCategories(db);
  const attendees = new Map<string, { category: string; region: string }>();
  for (const [id, category, region] of db.statement("SELECT id, category_id, region FROM attendee WHERE status = 'active'").raw(true).iterate() as IterableIterator<[string, string, string]>) {
    attendees.set(id, { category, region });
  }
  // Who came is marked registered on their stay; who did not is listed apart (a set per activity of 200,000
  // registrations cost a sixth of the report).
  const noShows = new Map<string, string[]>(activities.map((a) => [a.id, []]));
  for (const [attendeeId, activityId] of db.statement('SELECT attendee_id, activity_id FROM registration').raw(true).iterate() as IterableIterator<[string, string]>) {
    const t = tallies.get(activityId);
    if (t === undefined || !attendees.has(attendeeId)) continue;
    const stay = t.people.get(attendeeId);
    if (stay === undefined) noShows.get(activityId)!.push(attendeeId);
    else stay.registered = true;
  }
  // Anyone admitted is counted in their group even when cancelled since (they came): their group is read for them.
  const cancelled = new Map<string, { category: string; region: string }>();
  for (const id of attendedAny) {
    if (attendees.has(id)) continue;
    const a = db.statement('SELECT category_id AS category, region FROM attendee WHERE id = ?').get(id) as { category: string; region: string } | undefined;
    if (a) cancelled.set(id, a);
  }
  const groupOf = { get: (id: string) => attendees.get(id) ?? cancelled.get(id) };

  const groups = (expected: Iterable<string>, came: Iterable<string>): { byCategory: GroupCount[]; byRegion: GroupCount[] } => {
    const cat = new Map<string, GroupCount>(categories.map((c) => [c.id, { id: c.id, name: c.name, registered: 0, attended: 0 }]));
    const reg = new Map<string, GroupCount>(REGIONS.map((r) => [r, { id: r, name: REGION_NAMES[r], registered: 0, attended: 0 }]));
    const add = (id: string, field: 'registered' | 'attended') => {
      const g = groupOf.get(id);
      if (g === undefined) return;
      const c = cat.get(g.category);
      if (c) c[field]++;
      const r = reg.get(g.region);
      if (r) r[field]++;
    };
    for (const id of expected) add(id, 'registered');
    for (const id of came) add(id, 'attended');
    return { byCategory: [...cat.values()], byRegion: [...reg.values()] };
  };

  const people = new Map<string, AttendeeAttendance[]>();
  const reports: ActivityAttendance[] = activities.map((a) => {
    const t = tallies.get(a.id)!;
    const absent = noShows.get(a.id)!;
    const expected: string[] = [];
    let registeredAttended = 0;
    let entries = 0;
    let first: string | null = null;
    let lastExit: string | null = null;
    let minutes = 0;
    const lines: AttendeeAttendance[] = [];
    for (const [id, stay] of t.people) {
      if (stay.registered) {
        registeredAttended++;
        expected.push(id);
      }
      entries += stay.entries;
      if (first === null || stay.first < first) first = stay.first;
      if (stay.lastExit !== null && (lastExit === null || stay.lastExit > lastExit)) lastExit = stay.lastExit;
      minutes += stay.minutes;
      lines.push({
        attendeeId: id,
        registered: stay.registered,
        entries: stay.entries,
        firstEntry: stamp(stay.first),
        lastExit: stay.lastExit === null ? null : stamp(stay.lastExit),
        minutes: a.policy.exitScans ? Math.round(stay.minutes) : null,
      });
    }
    for (const id of absent) {
      lines.push({ attendeeId: id, registered: true, entries: 0, firstEntry: null, lastExit: null, minutes: null });
      expected.push(id);
    }
    people.set(a.id, lines);
    return {
      id: a.id,
      title: a.title,
      shortTitle: a.shortTitle,
      room: a.room,
      capacity: a.capacity,
      registered: expected.length,
      attended: t.people.size,
      registeredAttended,
      noShows: absent.length,
      reentries: entries - t.people.size,
      firstEntry: first === null ? null : stamp(first),
      lastExit: lastExit === null ? null : stamp(lastExit),
      minutesInside: a.policy.exitScans ? Math.round(minutes) : null,
      openStays: a.policy.exitScans ? t.openStays : 0,
      refused: t.refused,
      overrides: t.overrides,
      reasons: [...t.reasons].map(([reason, count]) => ({ reason, count })).sort((x, y) => y.count - x.count || x.reason.localeCompare(y.reason)),
      ...groups(expected, t.people.keys()),
    };
  });

  const days = [...new Set([...arrivalsByDay.keys()])].sort();
  const report: AttendanceReport = {
    event: { name: event.name, shortName: event.shortName, timezone: tz },
    scope: { day: scope.day ?? null, activityId: scope.activityId ?? null },
    days,
    activities: reports,
    overall: { registered: attendees.size, arrived: arrived.size, attendedAny: attendedAny.size, ...groups(attendees.keys(), attendedAny) },
    arrivals: days.map((day) => ({ day, buckets: [...arrivalsByDay.get(day)!.values()].sort((x, y) => x.start.localeCompare(y.start)) })),
  };
  return { report, people };
}

export const bilingualTitle = (b: Bilingual): string => (b.en ? `${b.zh} / ${b.en}` : b.zh);
