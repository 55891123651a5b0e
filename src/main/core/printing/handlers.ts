import type { PrintQueueView } from '../../../shared/printing';
import { AppFailure } from '../../../shared/result';
import type { BadgeFonts } from '../badges/fonts';
import type { ServiceContext } from '../context';
import type { KeyVault } from '../credentials/keys';
import type { Handlers } from '../dispatch';
import { sql } from '../db/sql';
import type { Printer } from './printer';
import { enqueueBadge, getPrintJob, markPrinted, ownJob, printLog, printQueue, refreshSentJobs, sendJob } from './queue';

type PrintCommands = 'print:printers' | 'print:submit' | 'print:reprint' | 'print:queue' | 'print:retry' | 'print:move' | 'print:confirm' | 'print:cancel' | 'print:log' | 'badge:collect';

export function printHandlers({ db, now, audit }: ServiceContext, printer: Printer, vault: KeyVault, fonts: () => BadgeFonts): Pick<Handlers, PrintCommands> {
  const send = (jobId: string) => sendJob(db, printer, vault, fonts(), jobId, now);

  return {
    'print:printers': () => printer.list(),

    'print:submit': async (input, ctx) => {
      const jobId = db.tx(() => {
        const id = enqueueBadge(db, { attendeeId: input.attendeeId, printer: input.printer, at: now(), operatorId: ctx.session?.operatorId ?? null });
        audit(ctx, { action: 'print.submit', entity: 'attendee', entityId: input.attendeeId, after: { jobId: id, printer: input.printer } });
        return id;
      });
      return send(jobId);
    },

    'print:reprint': async (input, ctx) => {
      const jobId = db.tx(() => {
        const before = db.get<{ badge_version: number }>(sql`SELECT badge_version FROM attendee WHERE id = ${input.attendeeId}`);
        const id = enqueueBadge(db, { attendeeId: input.attendeeId, printer: input.printer, at: now(), operatorId: ctx.session?.operatorId ?? null, reprint: { reason: input.reason, supervisorId: ctx.session?.operatorId ?? null } });
        audit(ctx, { action: 'print.reprint', entity: 'attendee', entityId: input.attendeeId, before: { badgeVersion: before?.badge_version }, after: { badgeVersion: getPrintJob(db, id).badgeVersion, jobId: id, reason: input.reason } });
        return id;
      });
      return send(jobId);
    },

    'print:queue': async (): Promise<PrintQueueView> => {
      await refreshSentJobs(db, printer, now);
      let printers: PrintQueueView['printers'] = [];
      let printerError: string | null = null;
      try {
        printers = await printer.list();
      } catch (e) {
        printerError = e instanceof Error ? e.message : String(e);
      }
      return { printers, printerError, jobs: printQueue(db) };
    },

    'print:retry': async (input, ctx) => {
      ownJob(db, input.jobId);
      const job = getPrintJob(db, input.jobId);
      if (job.state !== 'failed') throw new AppFailure('conflict', `job ${input.jobId} is ${job.state}; only a failed job is retried`);
      db.tx(() => audit(ctx, { action: 'print.retry', entity: 'print_job', entityId: input.jobId, before: { error: job.error } }));
      return send(input.jobId);
    },

    'print:move': async (input, ctx) => {
      ownJob(db, input.jobId);
      const job = getPrintJob(db, input.jobId);
      if (job.state !== 'queued' && job.state !== 'sent' && job.state !== 'failed') throw new AppFailure('conflict', `job ${input.jobId} is ${job.state}; it cannot move`);
      // A job waiting at a stopped printer is withdrawn there first, so the badge is not printed twice when it restarts.
      if (job.state === 'sent' && job.spoolId !== null) await printer.cancel(job.spoolId);
      db.tx(() => {
        db.run(sql`UPDATE print_job SET printer = ${input.printer}, state = 'queued', spool_id = NULL, error = NULL, updated_at = ${now().toISOString()} WHERE id = ${input.jobId}`);
        audit(ctx, { action: 'print.move', entity: 'print_job', entityId: input.jobId, before: { printer: job.printer, state: job.state }, after: { printer: input.printer } });
      });
      return send(input.jobId);
    },

    'print:confirm': (input, ctx) => {
      db.tx(() => {
        if (!markPrinted(db, input.jobId, 'operator', now())) throw new AppFailure('conflict', `job ${input.jobId} is not waiting to be printed`);
        audit(ctx, { action: 'print.confirm', entity: 'print_job', entityId: input.jobId });
      });
      return getPrintJob(db, input.jobId);
    },

    'print:cancel': async (input, ctx) => {
      ownJob(db, input.jobId);
      const job = getPrintJob(db, input.jobId);
      if (job.state === 'printed' || job.state === 'cancelled') throw new AppFailure('conflict', `job ${input.jobId} is ${job.state}`);
      if (job.state === 'sent' && job.spoolId !== null) await printer.cancel(job.spoolId);
      db.tx(() => {
        db.run(sql`UPDATE print_job SET state = 'cancelled', updated_at = ${now().toISOString()} WHERE id = ${input.jobId}`);
        audit(ctx, { action: 'print.cancel', entity: 'print_job', entityId: input.jobId, before: { state: job.state } });
      });
      return getPrintJob(db, input.jobId);
    },

    'print:log': (input) => printLog(db, input.attendeeId),

    'badge:collect': (input, ctx) =>
      db.tx(() => {
        const a = db.get<{ status: string; badge_collected_at: string | null }>(sql`SELECT status, badge_collected_at FROM attendee WHERE id = ${input.attendeeId}`);
        if (a === undefined) throw new AppFailure('not_found', `no attendee "${input.attendeeId}"`);
        if (a.status === 'cancelled') throw new AppFailure('conflict', `attendee ${input.attendeeId} is cancelled`);
        if (a.badge_collected_at !== null) throw new AppFailure('conflict', `the badge of ${input.attendeeId} was collected at ${a.badge_collected_at}`, { collectedAt: a.badge_collected_at });
        const at = now().toISOString();
        db.run(sql`UPDATE attendee SET badge_collected_at = ${at} WHERE id = ${input.attendeeId}`);
        audit(ctx, { action: 'badge.collect', entity: 'attendee', entityId: input.attendeeId, after: { collectedAt: at } });
        return { attendeeId: input.attendeeId, collectedAt: at };
      }),
  };
}
