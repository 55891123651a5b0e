import { z } from 'zod';
import type { StationRow } from './sync';
import type { Bilingual } from './text';

export const REPORT_FORMATS = ['xlsx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');

/** What an attendance report covers: the whole event or one day (the event's own calendar), all activities or one. */
export const reportScopeSchema = z
  .object({
    day: isoDay.optional(),
    activityId: z.string().min(1).max(40).optional(),
  })
  .strict();
export type ReportScope = z.infer<typeof reportScopeSchema>;

export const reportExportSchema = reportScopeSchema.extend({ format: z.enum(REPORT_FORMATS), unmasked: z.boolean().default(false) }).strict();

/** How many of a group (a category, a region) were registered and came. */
export interface GroupCount {
  id: string;
  name: Bilingual;
  registered: number;
  attended: number;
}

export interface ActivityAttendance {
  id: string;
  title: Bilingual;
  shortTitle: Bilingual;
  room: string | null;
  capacity: number | null;
  /** Active attendees registered for it (cancelled ones are not expected). */
  registered: number;
  /** Different people admitted at least once (registered or not: an open exhibition has no registrations). */
  attended: number;
  /** Registered and admitted. */
  registeredAttended: number;
  /** Registered, active, never admitted. */
  noShows: number;
  /** Admitted entries after each person's first: came back in. */
  reentries: number;
  /** The first admitted entry and the last exit, in the event's time zone ('YYYY-MM-DD HH:MM'). */
  firstEntry: string | null;
  lastExit: string | null;
  /**
   * Minutes inside, summed over stays from an entry to its exit; a stay with no exit scan closes at the activity's end
   * that day when it has one, else it is left out and counted in `openStays`. Null where the door does not scan exits.
   */
  minutesInside: number | null;
  openStays: number;
  refused: number;
  overrides: number;
  /** Refusal reasons, most frequent first. */
  reasons: Array<{ reason: string; count: number }>;
  byCategory: GroupCount[];
  byRegion: GroupCount[];
}

/** One quarter hour of one day: people who arrived at a desk, and people whose first room entry of the day it was. */
export interface ArrivalBucket {
  start: string;
  desk: number;
  firstEntry: number;
}

export interface AttendanceReport {
  event: { name: Bilingual; shortName: string; timezone: string };
  scope: { day: string | null; activityId: string | null };
  /** Days that have scans in scope, in order. */
  days: string[];
  activities: ActivityAttendance[];
  overall: {
    /** Active attendees. */
    registered: number;
    /** Checked in at a desk. */
    arrived: number;
    /** Admitted at any activity in scope. */
    attendedAny: number;
    byCategory: GroupCount[];
    byRegion: GroupCount[];
  };
  arrivals: Array<{ day: string; buckets: ArrivalBucket[] }>;
}

/** One person's line on an activity's sheet. */
export interface AttendeeAttendance {
  attendeeId: string;
  registered: boolean;
  entries: number;
  firstEntry: string | null;
  lastExit: string | null;
  minutes: number | null;
}


export interface ReportFile {
  fileName: string;
  contentBase64: string;
  /** The figures the file holds. */
  report: AttendanceReport;
}

/** Something the office should look at now. */
export type DashboardAlert =
  | { kind: 'room_busy' | 'room_full'; activityId: string; count: number; capacity: number | null }
  | { kind: 'double_entry' | 'quarantined'; count: number }
  | { kind: 'attention_arrived'; attendeeId: string; name: string; at: string; activityId: string | null; note: string }
  | { kind: 'printer_stopped'; station: string; printer: string; message: string | null };


/** The office's live picture (report:dashboard): what moves within a second of a scan anywhere. */
export interface DashboardView {
  at: string;
  /** Today in the event's time zone. */
  day: string;
  tiles: Array<{
    id: string;
    shortTitle: Bilingual;
    room: string | null;
    capacity: number | null;
    capacityCounts: 'inside' | 'admitted';
    /** What the capacity is counted against: inside now, or everyone admitted. */
    inside: number;
    admittedToday: number;
    refusedToday: number;
    reasons: Array<{ reason: string; count: number }>;
    /** 'busy' from 90 % of the capacity, 'full' from 100 %. */
    level: 'ok' | 'busy' | 'full';
  }>;
  arrivals: { day: string; buckets: ArrivalBucket[] };
  badges: {
    day: string;
    printed: number;
    collected: number;
    toPrint: number;
    perStation: Array<{ station: string; printed: number }>;
    perHour: Array<{ hour: string; printed: number }>;
  };
  /** The hub's paired stations and their health, with the printers each reported; null on a laptop that is not the hub. */
  stations: StationRow[] | null;
  alerts: DashboardAlert[];
}
