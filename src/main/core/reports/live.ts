import type { Activity } from '../../../shared/event';
import type { DashboardAlert, DashboardView } from '../../../shared/report';
import type { StationPrinter } from '../../../shared/sync';
import { localDateTime } from '../clock';
import type { Db } from '../db/sql';
import { ScanLedger } from '../checkin/ledger';
import { getEventInfo, listActivities } from '../event/repo';
import { stationRows } from '../sync/hub';
import { readSyncState } from '../sync/log';
import { quarterOf } from './attendance';

type Row = [kind: string, activityId: string | null, attendeeId: string | null, outcome: string, reason: string, at: string, id: string, refersTo: string | null];

interface Today {
  day: string;
  admitted: Map<string, Set<string>>;
  refused: Map<string, number>;
  reasons: Map<string, Map<string, number>>;
  desk: Set<string>;
  room: Set<string>;
  buckets: Map<string, { start: string; desk: number; firstEntry: number }>;
  attention: Array<{ attendeeId: string; at: string; where: string | null }>;
}

const BADGES_EVERY_MS = 2000;
const DAY_MS = 86_400_000;
/** A local day starts up to 14 h before its date's UTC midnight (UTC+14) and ends up to 12 h after the next (UTC−12). */
const EARLIEST_ZONE_MS = 14 * 3_600_000;
const LATEST_ZONE_MS = 12 * 3_600_000;

/**
 * The office's live picture, kept in memory as a projection of the scan log (as a door's ledger is): each call
 * catches up with the rows the log gained since the last (by rowid), so a dashboard polled every half second over
 * 300,000 scans costs what arrived since, not a count of the whole log. Today is the event's local day; a new day or
 * an undo (a reversal) rebuilds today's part from the log. The badge figures are counted again at most every two
 * seconds: they move at a desk's pace, not a door's.
 */
export class LiveDashboard {
  private seq = 0;
  private today: Today | null = null;
  private readonly ledger: ScanLedger;
  private badges: { at: number; value: DashboardView['badges'] } | null = null;

  constructor(private readonly db: Db) {
    this.ledger = new ScanLedger(db);
  }

  private fresh(day: string): Today {
    return { day, admitted: new Map(), refused: new Map(), reasons: new Map(), desk: new Set(), room: new Set(), buckets: new Map(), attention: [] };
  }

  private apply(t: Today, row: Row, timezone: string, attention: (id: string) => string | null): void {
    const [kind, activityId, attendeeId, outcome, reason, at] = row;
    const local = localDateTime(new Date(at), timezone);
    if (local.date !== t.day) return;
    const bucket = () => {
      const start = quarterOf(local.time);
      let b = t.buckets.get(start);
      if (b === undefined) t.buckets.set(start, (b = { start, desk: 0, firstEntry: 0 }));
      return b;
    };
    if (kind === 'arrival') {
      if (outcome === 'refused' || attendeeId === null || t.desk.has(attendeeId)) return;
      t.desk.add(attendeeId);
      bucket().desk++;
      if (attention(attendeeId) !== null) t.attention.push({ attendeeId, at, where: null });
      return;
    }
    if (activityId === null) return;
    if (outcome === 'refused') {
      t.refused.set(activityId, (t.refused.get(activityId) ?? 0) + 1);
      let r = t.reasons.get(activityId);
      if (r === undefined) t.reasons.set(activityId, (r = new Map()));
      r.set(reason, (r.get(reason) ?? 0) + 1);
      return;
    }
    if ((kind !== 'entry' && kind !== 'override') || attendeeId === null) return;
    let admitted = t.admitted.get(activityId);
    if (admitted === undefined) t.admitted.set(activityId, (admitted = new Set()));
    admitted.add(attendeeId);
    if (!t.room.has(attendeeId)) {
      t.room.add(attendeeId);
      bucket().firstEntry++;
      if (!t.desk.has(attendeeId) && attention(attendeeId) !== null) t.attention.push({ attendeeId, at, where: activityId });
    }
  }

  /**
   * Today rebuilt from the log (a new day, an undo): the undone scans and the undos left out. Only the scans from
   * 14 hours before the date's UTC midnight to 12 hours after its end are read and sorted: every time zone's today
   * lies inside (UTC−12 to UTC+14), and on an event's second day most of the first stays out. apply() keeps today's.
   */
  private rebuild(day: string, timezone: string, attention: (id: string) => string | null): Today {
    const t = this.fresh(day);
    const midnight = Date.parse(`${day}T00:00:00Z`);
    const from = new Date(midnight - EARLIEST_ZONE_MS).toISOString();
    const to = new Date(midnight + DAY_MS + LATEST_ZONE_MS).toISOString();
    const rows = this.db
      .statement(
        `SELECT s.kind, s.activity_id, s.attendee_id, s.outcome, s.reason, s.at, s.id, s.refers_to FROM scan s
         WHERE s.at >= ? AND s.at < ? AND s.kind <> 'reversal' AND NOT EXISTS (SELECT 1 FROM scan r WHERE r.refers_to = s.id AND r.kind = 'reversal')
         ORDER BY s.at, s.rowid`,
      )
      .raw(true)
      .all(from, to) as Row[];
    for (const row of rows) this.apply(t, row, timezone, attention);
    return t;
  }

  /** `printers`: this laptop's own badge printers, as its spooler last said (the stations report theirs to the hub). */
  view(now: Date, printers: readonly StationPrinter[] = []): DashboardView {
    const { timezone } = getEventInfo(this.db);
    const day = localDateTime(now, timezone).date;
    const attentionOf = this.db.statement('SELECT attention FROM attendee WHERE id = ?').pluck();
    const attention = (id: string) => (attentionOf.get(id) as string | null | undefined) ?? null;
    const snapshot = this.db.raw.transaction(() => {
      this.ledger.catchUp();
      const rows = this.db.statement('SELECT kind, activity_id, attendee_id, outcome, reason, at, id, refers_to, rowid FROM scan WHERE rowid > ? ORDER BY rowid').raw(true).all(this.seq) as Array<[...Row, number]>;
      if (rows.length > 0) this.seq = rows[rows.length - 1]![8];
      if (this.today === null || this.today.day !== day || rows.some((r) => r[0] === 'reversal')) {
        if (this.today === null || this.today.day !== day) this.seq = (this.db.statement('SELECT coalesce(max(rowid), 0) AS n FROM scan').pluck().get() as number);
        this.today = this.rebuild(day, timezone, attention);
      } else for (const r of rows) this.apply(this.today, r.slice(0, 8) as Row, timezone, attention);
      return this.today;
    });
    const t = snapshot.deferred();
    const activities = listActivities(this.db);
    const tiles = activities.map((a) => this.tile(a, t));
    const alerts: DashboardAlert[] = [];
    for (const tile of tiles) {
      if (tile.level === 'full') alerts.push({ kind: 'room_full', activityId: tile.id, count: tile.inside, capacity: tile.capacity });
      else if (tile.level === 'busy') alerts.push({ kind: 'room_busy', activityId: tile.id, count: tile.inside, capacity: tile.capacity });
    }
    const doubles = this.db.statement("SELECT count(*) FROM sync_flag WHERE kind = 'double_entry'").pluck().get() as number;
    if (doubles > 0) alerts.push({ kind: 'double_entry', count: doubles });
    const quarantined = this.db.statement('SELECT count(*) FROM sync_log WHERE problem IS NOT NULL').pluck().get() as number;
    if (quarantined > 0) alerts.push({ kind: 'quarantined', count: quarantined });
    const nameOf = this.db.statement('SELECT coalesce(name_zh, name_en) FROM attendee WHERE id = ?').pluck();
    for (const a of t.attention) alerts.push({ kind: 'attention_arrived', attendeeId: a.attendeeId, name: (nameOf.get(a.attendeeId) as string | null | undefined) ?? a.attendeeId, at: a.at, activityId: a.where, note: attention(a.attendeeId) ?? '' });
    const stations = readSyncState(this.db)?.role === 'hub' ? stationRows(this.db, now.getTime()) : null;
    const stopped = (station: string, list: readonly StationPrinter[]) => {
      for (const p of list) if (p.state === 'stopped') alerts.push({ kind: 'printer_stopped', station, printer: p.name, message: p.message });
    };
    stopped('', printers);
    for (const s of stations ?? []) if (s.revokedAt === null) stopped(s.name, s.printers);
    return {
      at: now.toISOString(),
      day,
      tiles,
      arrivals: { day, buckets: [...t.buckets.values()].sort((x, y) => (x.start < y.start ? -1 : 1)) },
      badges: this.badgeFigures(now, day, timezone),
      stations,
      alerts,
    };
  }

  private tile(a: Activity, t: Today): DashboardView['tiles'][number] {
    const { inside, admitted } = this.ledger.counts(a.id);
    const count = a.policy.capacityCounts === 'admitted' ? admitted : inside;
    const share = a.capacity === null ? null : count / a.capacity;
    const reasons = [...(t.reasons.get(a.id) ?? new Map<string, number>())].sort((x, y) => y[1] - x[1]).slice(0, 3);
    return {
      id: a.id,
      shortTitle: a.shortTitle,
      room: a.room,
      capacity: a.capacity,
      capacityCounts: a.policy.capacityCounts,
      inside: count,
      admittedToday: t.admitted.get(a.id)?.size ?? 0,
      refusedToday: t.refused.get(a.id) ?? 0,
      reasons: reasons.map(([reason, n]) => ({ reason, count: n })),
      level: share === null ? 'ok' : share >= 1 ? 'full' : share >= 0.9 ? 'busy' : 'ok',
    };
  }

  /** Badges printed, handed out and still to print, and today's prints per station and per hour; at most every 2 s. */
  private badgeFigures(now: Date, day: string, timezone: string): DashboardView['badges'] {
    if (this.badges !== null && now.getTime() - this.badges.at < BADGES_EVERY_MS && this.badges.value.day === day) return this.badges.value;
    // Each count along its own partial index (migration 020), the whole roster's along its smallest index.
    const count = (where: string) => this.db.statement(`SELECT count(*) FROM attendee${where}`).pluck().get() as number;
    const totals = {
      printed: count(' WHERE badge_printed_count > 0'),
      collected: count(' WHERE badge_collected_at IS NOT NULL'),
      active: count('') - count(" WHERE status = 'cancelled'"),
    };
    const perStation = new Map<string, number>();
    const perHour = new Map<string, number>();
    // Per station by its name on the hub's list ('this': printed here).
    const printedAt = "SELECT coalesce(s.name, j.station, 'this'), j.printed_at FROM print_job j LEFT JOIN sync_station s ON s.id = j.station WHERE j.state = 'printed'";
    for (const [station, at] of this.db.statement(printedAt).raw(true).iterate() as IterableIterator<[string, string]>) {
      const local = localDateTime(new Date(at), timezone);
      if (local.date !== day) continue;
      perStation.set(station, (perStation.get(station) ?? 0) + 1);
      const hour = `${local.time.slice(0, 2)}:00`;
      perHour.set(hour, (perHour.get(hour) ?? 0) + 1);
    }
    const value = {
      day,
      printed: totals.printed,
      collected: totals.collected,
      toPrint: Math.max(0, totals.active - totals.printed),
      perStation: [...perStation].map(([station, printed]) => ({ station, printed })).sort((x, y) => y.printed - x.printed),
      perHour: [...perHour].map(([hour, printed]) => ({ hour, printed })).sort((x, y) => (x.hour < y.hour ? -1 : 1)),
    };
    this.badges = { at: now.getTime(), value };
    return value;
  }
}
