import type { PrinterView } from '../../../shared/printing';
import type { StationPrinter } from '../../../shared/sync';
import type { Db } from '../db/sql';
import { sql } from '../db/sql';

/** How often a station's badge printers are asked of its spooler, for the office's dashboard. */
export const PRINTERS_EVERY_MS = 5000;

/**
 * The printers this station's own print jobs named, as its spooler says they are now (at most 8); each one
 * `unknown` when the spooler cannot be asked (CUPS not running) — said as such, never taken for working.
 */
export async function badgePrinters(db: Db, list: () => Promise<PrinterView[]>): Promise<StationPrinter[]> {
  const used = new Set(db.all<{ printer: string }>(sql`SELECT DISTINCT printer FROM print_job WHERE station IS NULL`).map((r) => r.printer));
  if (used.size === 0) return [];
  let listed: PrinterView[];
  try {
    listed = await list();
  } catch {
    listed = [...used].map((name) => ({ name, state: 'unknown', accepting: false, message: null }));
  }
  return listed
    .filter((p) => used.has(p.name))
    .slice(0, 8)
    .map((p) => ({ name: p.name, state: p.state, message: p.message }));
}
