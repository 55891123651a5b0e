import type { PrintJobState, PrintJobView } from '../../../shared/printing';
import { AppFailure } from '../../../shared/result';
import { MM } from '../../../shared/badge';
import { onlyBadge } from '../badges/badges';
import type { BadgeFonts } from '../badges/fonts';
import { renderPdf } from '../badges/pdf';
import { qrRuns } from '../badges/qr';
import { badgeSvg } from '../../../shared/badgeSvg';
import type { KeyVault } from '../credentials/keys';
import type { Db } from '../db/sql';
import { sql } from '../db/sql';
import { newId } from '../ids';
import type { Printer, SpoolState } from './printer';

interface JobRow {
  id: string;
  attendee_id: string;
  name: string;
  badge_version: number;
  printer: string;
  state: PrintJobState;
  spool_id: string | null;
  attempts: number;
  error: string | null;
  reprint_reason: string | null;
  confirmed_by: 'spooler' | 'operator' | null;
  created_at: string;
  updated_at: string;
  printed_at: string | null;
}

const SELECT_JOB = `SELECT j.*, coalesce(a.name_zh, a.name_en) AS name FROM print_job j JOIN attendee a ON a.id = j.attendee_id`;

const view = (r: JobRow): PrintJobView => ({
  id: r.id,
  attendeeId: r.attendee_id,
  attendeeName: r.name,
  badgeVersion: r.badge_version,
  printer: r.printer,
  state: r.state,
  spoolId: r.spool_id,
  attempts: r.attempts,
  error: r.error,
  reprintReason: r.reprint_reason,
  confirmedBy: r.confirmed_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  printedAt: r.printed_at,
});

export function getPrintJob(db: Db, id: string): PrintJobView {
  const row = db.statement(`${SELECT_JOB} WHERE j.id = ?`).get(id) as JobRow | undefined;
  if (row === undefined) throw new AppFailure('not_found', `no print job "${id}"`);
  return view(row);
}

/** An attendee's print log, newest first. */
export const printLog = (db: Db, attendeeId: string): PrintJobView[] =>
  (db.statement(`${SELECT_JOB} WHERE j.attendee_id = ? ORDER BY j.created_at DESC, j.rowid DESC`).all(attendeeId) as JobRow[]).map(view);

/** This station's queue (a job another station made is in the attendee's print log, not here): jobs still on their way and failed ones waiting for a decision, oldest first; then the latest finished, newest first. */
export const printQueue = (db: Db, recent = 50): PrintJobView[] =>
  [
    ...(db.statement(`${SELECT_JOB} WHERE j.station IS NULL AND j.state IN ('queued', 'sent', 'failed') ORDER BY j.created_at, j.rowid`).all() as JobRow[]),
    ...(db.statement(`${SELECT_JOB} WHERE j.station IS NULL AND j.state IN ('printed', 'cancelled') ORDER BY j.updated_at DESC, j.rowid DESC LIMIT ?`).all(recent) as JobRow[]),
  ].map(view);

/** The job that printed the attendee's current badge, if any. */
const printedNow = (db: Db, attendeeId: string) =>
  db.get<{ id: string; printed_at: string }>(sql`SELECT j.id, j.printed_at FROM print_job j JOIN attendee a ON a.id = j.attendee_id
    WHERE j.attendee_id = ${attendeeId} AND j.badge_version = a.badge_version AND j.state = 'printed' ORDER BY j.printed_at DESC LIMIT 1`);

/** A job of this station's still on its way (another desk's stuck job does not stop this one printing). */
const openJob = (db: Db, attendeeId: string) =>
  db.get<{ id: string; state: string }>(sql`SELECT id, state FROM print_job WHERE attendee_id = ${attendeeId} AND station IS NULL AND state IN ('queued', 'sent') LIMIT 1`);

/** A job is handled only where it was made: another station's job names that station's printers and spooler. */
export function ownJob(db: Db, jobId: string): void {
  const job = db.get<{ station: string | null }>(sql`SELECT station FROM print_job WHERE id = ${jobId}`);
  if (job && job.station !== null) throw new AppFailure('conflict', `job ${jobId} belongs to station ${job.station}; it is handled there`);
}

export interface QueueJob {
  attendeeId: string;
  printer: string;
  at: Date;
  operatorId: string | null;
  /** A reprint: the supervisor who allowed it and why. The badge version is bumped, so the old badge is refused. */
  reprint?: { reason: string; supervisorId: string | null };
}

/**
 * Puts a badge in the queue after its checks: an attendee whose current badge is printed is refused (the answer is a
 * supervisor's reprint), and so is one whose badge is already on its way to a printer. Call inside a transaction,
 * with the audit entry.
 */
export function enqueueBadge(db: Db, job: QueueJob): string {
  const attendee = db.get<{ status: string; badge_version: number }>(sql`SELECT status, badge_version FROM attendee WHERE id = ${job.attendeeId}`);
  if (attendee === undefined) throw new AppFailure('not_found', `no attendee "${job.attendeeId}"`);
  if (attendee.status === 'cancelled') throw new AppFailure('conflict', `attendee ${job.attendeeId} is cancelled; restore them before printing a badge`);
  const open = openJob(db, job.attendeeId);
  if (open) throw new AppFailure('conflict', `the badge of ${job.attendeeId} is already in the print queue (job ${open.id}, ${open.state})`, { jobId: open.id });
  const printed = printedNow(db, job.attendeeId);
  if (printed && job.reprint === undefined) {
    throw new AppFailure('conflict', `the badge of ${job.attendeeId} was printed at ${printed.printed_at}; printing it again is a reprint, which needs a supervisor and a reason`, { alreadyPrinted: true, printedAt: printed.printed_at, jobId: printed.id });
  }
  let version = attendee.badge_version;
  if (job.reprint) {
    version += 1;
    db.run(sql`UPDATE attendee SET badge_version = ${version}, badge_collected_at = NULL, updated_at = ${job.at.toISOString()} WHERE id = ${job.attendeeId}`);
  }
  const id = newId();
  const at = job.at.toISOString();
  db.run(sql`INSERT INTO print_job (id, attendee_id, badge_version, printer, state, reprint_reason, supervisor_id, operator_id, created_at, updated_at)
    VALUES (${id}, ${job.attendeeId}, ${version}, ${job.printer}, 'queued', ${job.reprint?.reason ?? null}, ${job.reprint?.supervisorId ?? null}, ${job.operatorId}, ${at}, ${at})`);
  return id;
}

/** The one-badge PDF a job prints (and its SVG twin), at its layout's size. */
async function jobPdf(db: Db, vault: KeyVault, fonts: BadgeFonts, attendeeId: string): Promise<{ pdf: Buffer; svg: string; mediaMm: { width: number; height: number } }> {
  const badge = onlyBadge(db, vault, fonts, attendeeId);
  const { page } = badge;
  const { pdf } = await renderPdf([badge], fonts, { title: `Badge ${attendeeId}` });
  return { pdf, svg: badgeSvg(page, qrRuns), mediaMm: { width: page.width / MM, height: page.height / MM } };
}

/**
 * Sends a queued (or failed, for a retry) job to its printer. The job becomes `sent` with the spooler's id, or
 * `failed` with the spooler's words; never `printed` here.
 */
export async function sendJob(db: Db, printer: Printer, vault: KeyVault, fonts: BadgeFonts, jobId: string, now: () => Date): Promise<PrintJobView> {
  ownJob(db, jobId);
  const job = getPrintJob(db, jobId);
  if (job.state !== 'queued' && job.state !== 'failed') throw new AppFailure('conflict', `job ${jobId} is ${job.state}; only a queued or failed job is sent`);
  const attempt = job.attempts + 1;
  try {
    const current = db.get<{ badge_version: number }>(sql`SELECT badge_version FROM attendee WHERE id = ${job.attendeeId}`);
    if (current?.badge_version !== job.badgeVersion) throw new AppFailure('conflict', `the badge in job ${jobId} was replaced by a reprint; this job is void`);
    const badge = await jobPdf(db, vault, fonts, job.attendeeId);
    const { spoolId } = await printer.submit({ printer: job.printer, title: `Badge ${job.attendeeId} v${job.badgeVersion}`, ...badge });
    db.run(sql`UPDATE print_job SET state = 'sent', spool_id = ${spoolId}, attempts = ${attempt}, error = NULL, updated_at = ${now().toISOString()} WHERE id = ${jobId}`);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    db.run(sql`UPDATE print_job SET state = 'failed', attempts = ${attempt}, error = ${message}, updated_at = ${now().toISOString()} WHERE id = ${jobId}`);
  }
  return getPrintJob(db, jobId);
}

/**
 * Marks a job printed, by the spooler's report or an operator's confirmation, and counts the badge printed; false
 * when the job was not waiting (another station or poll got there first). Call inside a transaction.
 */
export function markPrinted(db: Db, jobId: string, by: 'spooler' | 'operator', at: Date): boolean {
  ownJob(db, jobId);
  const changed = db.run(sql`UPDATE print_job SET state = 'printed', confirmed_by = ${by}, printed_at = ${at.toISOString()}, error = NULL, updated_at = ${at.toISOString()}
    WHERE id = ${jobId} AND state IN ('sent', 'queued', 'failed')`);
  if (changed.changes === 0) return false;
  db.run(sql`UPDATE attendee SET badge_printed_count = badge_printed_count + 1 WHERE id = (SELECT attendee_id FROM print_job WHERE id = ${jobId})`);
  return true;
}

const SPOOL_FAILURES: Partial<Record<SpoolState, string>> = { cancelled: 'cancelled at the spooler', aborted: 'aborted by the spooler' };

/** Asks the spooler about every sent job and records what it says; a spooler that cannot be reached changes nothing. */
export async function refreshSentJobs(db: Db, printer: Printer, now: () => Date): Promise<number> {
  const sent = db.all<{ id: string; spool_id: string }>(sql`SELECT id, spool_id FROM print_job WHERE station IS NULL AND state = 'sent' AND spool_id IS NOT NULL`);
  let changed = 0;
  for (const job of sent) {
    let state: SpoolState;
    try {
      state = await printer.jobState(job.spool_id);
    } catch {
      continue;
    }
    if (state === 'completed') {
      if (db.tx(() => markPrinted(db, job.id, 'spooler', now()))) changed++;
    } else if (SPOOL_FAILURES[state]) {
      db.run(sql`UPDATE print_job SET state = 'failed', error = ${SPOOL_FAILURES[state]}, updated_at = ${now().toISOString()} WHERE id = ${job.id} AND state = 'sent'`);
      changed++;
    }
  }
  return changed;
}
