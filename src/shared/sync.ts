import { z } from 'zod';
import type { PrinterState } from './printing';
import { PRINTER_STATES } from './printing';

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
  /** The printers the station prints badges on, as it last reported them. */
  printers: StationPrinter[];
  /** After the event ended on the hub: whether the station has deleted its copy of the roster (null: not ended). */
  rosterDeleted: boolean | null;
}

/** A printer a station prints badges on, as that station last saw it. */
export interface StationPrinter {
  name: string;
  state: PrinterState;
  message: string | null;
}

/** A station's report of its printers as the hub reads it off the wire: at most 8, names and messages bounded. */
export function parseStationPrinters(value: unknown): StationPrinter[] | null {
  if (!Array.isArray(value) || value.length > 8) return null;
  const out: StationPrinter[] = [];
  for (const p of value as Array<Record<string, unknown>>) {
    if (typeof p !== 'object' || p === null || typeof p.name !== 'string' || p.name.length === 0 || p.name.length > 127) return null;
    if (!(PRINTER_STATES as readonly unknown[]).includes(p.state)) return null;
    const message = typeof p.message === 'string' ? p.message.slice(0, 200) : null;
    out.push({ name: p.name, state: p.state as PrinterState, message });
  }
  return out;
}

/** An offset to the hub's clock beyond this is a laptop whose clock is wrong: the station and the hub both say so. */
export const CLOCK_WARNING_MS = 2 * 60_000;

/** Heard from within this long: connected (a station), online (the hub's list); the feed answers at least every 20 s. */
export const CONTACT_WITHIN_MS = 30_000;

export const clockWarning = (offsetMs: number | null): boolean => offsetMs !== null && Math.abs(offsetMs) > CLOCK_WARNING_MS;

export const inContact = (lastContact: string | null, nowMs: number): boolean => lastContact !== null && nowMs - Date.parse(lastContact) <= CONTACT_WITHIN_MS;

/** How this laptop takes part, for station setup: on its own, the hub (listening where), or paired with one. */
export interface SyncSetupView {
  role: 'hub' | 'desk' | 'door' | null;
  /** The hub's address stations reach it at, or the hub a station is paired with. */
  url: string | null;
  /** Whether this process hosts the sync (the app does; a plain `lanyard serve` does not): only then can the screen make a hub or join one. */
  hosted: boolean;
  /** Whether the hub's server or the station's loops run now. */
  running: boolean;
  /** Addresses this laptop could listen on as a hub. */
  addresses: string[];
  /** The hub: the folder it backs itself up into every five minutes (a USB stick), if chosen. */
  backupDir: string | null;
}

/** A folder on this laptop (a USB stick's mount, a drive letter's folder). */
export const backupSchema = z.object({ dir: z.string().trim().min(1).max(500) }).strict();

export interface BackupView {
  out: string;
  bytes: number;
  through: number;
  at: string;
}

export const becomeHubSchema = z
  .object({
    listen: z.string().trim().min(3).max(80),
    name: z.string().trim().min(1).max(80).optional(),
  })
  .strict();

export const pairSchema = z
  .object({
    role: z.enum(['desk', 'door']),
    activityId: z.string().min(1).max(40).optional(),
    name: z.string().trim().min(1).max(80).optional(),
  })
  .strict();

/** A pairing code typed, pasted or read by the camera (about 180 characters). */
export const joinSchema = z
  .object({
    code: z.string().trim().min(10).max(1000),
    name: z.string().trim().min(1).max(80).optional(),
  })
  .strict();

/** A pairing code as the hub shows it: the text, when it expires, and its QR's modules (row by row, '1' dark). */
export interface PairingView {
  code: string;
  expiresAt: string;
  qr: { size: number; dark: string };
}

export interface JoinedView {
  station: string;
  role: 'hub' | 'desk' | 'door';
  activityId: string | null;
  attendees: number;
  /** The station restarts on the joined file: sign in again with the hub's operators. */
  restarting: boolean;
}
