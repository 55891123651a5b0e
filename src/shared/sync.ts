/** What a station's top bar says of its sync (issue #14): nothing for a station on its own. */
export interface SyncBarView {
  role: 'hub' | 'desk' | 'door';
  station: string;
  connected: boolean;
  lastContact: string | null;
  offlineSince: string | null;
  /** This station's entries the hub has not placed yet. */
  unsent: number;
  clockOffsetMs: number | null;
  clockWarning: boolean;
  revoked: boolean;
  /** The hub: its stations, and how many of them it heard from in the last 30 s. */
  stations?: number;
  online?: number;
  /** The hub: double entries found when doors that were apart met again. */
  flags?: number;
}

/** A paired station as the hub's Stations screen lists it. */
export interface StationRow {
  id: string;
  name: string;
  role: string;
  activityId: string | null;
  createdAt: string;
  revokedAt: string | null;
  lastContact: string | null;
  appVersion: string | null;
  clockOffsetMs: number | null;
  unsent: number | null;
  appliedThrough: number | null;
  behind: number | null;
  clockWarning: boolean;
  online: boolean;
}

/** An offset to the hub's clock beyond this is a laptop whose clock is wrong: the station and the hub both say so. */
export const CLOCK_WARNING_MS = 2 * 60_000;

/** Heard from within this long: connected (a station), online (the hub's list); the feed answers at least every 20 s. */
export const CONTACT_WITHIN_MS = 30_000;

export const clockWarning = (offsetMs: number | null): boolean => offsetMs !== null && Math.abs(offsetMs) > CLOCK_WARNING_MS;

export const inContact = (lastContact: string | null, nowMs: number): boolean => lastContact !== null && nowMs - Date.parse(lastContact) <= CONTACT_WITHIN_MS;
