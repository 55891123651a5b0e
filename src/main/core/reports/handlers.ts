import type { ReportFile } from '../../../shared/report';
import type { StationPrinter } from '../../../shared/sync';
import { AppFailure } from '../../../shared/result';
import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatch';
import { actsAsAdmin } from '../dispatch';
import { badgePrinters, PRINTERS_EVERY_MS } from '../printing/health';
import type { Printer } from '../printing/printer';
import { eventFileName } from '../roster/export';
import { attendance } from './attendance';
import { LiveDashboard } from './live';
import { attendancePdf } from './pdf';
import { attendanceXlsx } from './xlsx';

/** The file's name: the event, what it covers, when it was made. */
const reportFileName = (db: ServiceContext['db'], { format, day, activityId, at }: { format: string; day?: string | undefined; activityId?: string | undefined; at: Date }): string =>
  eventFileName(db, ['attendance', ...(activityId === undefined ? [] : [activityId]), ...(day === undefined ? [] : [day])], format, at);

/** Attendance as figures (for screens) and as a file; a file hands out names, so making one is audited. */
export function reportHandlers({ db, now, audit }: ServiceContext, printer: Printer | null = null): Pick<Handlers, 'report:attendance' | 'report:export' | 'report:dashboard'> {
  let live: LiveDashboard | null = null;
  // This laptop's badge printers (those its own jobs named), asked of the spooler at most every few seconds.
  let printers: { at: number; list: StationPrinter[] } = { at: -Infinity, list: [] };
  const localPrinters = async (): Promise<StationPrinter[]> => {
    const at = now().getTime();
    if (printer === null || at - printers.at < PRINTERS_EVERY_MS) return printers.list;
    printers = { at, list: await badgePrinters(db, () => printer.list()) };
    return printers.list;
  };
  return {
    'report:dashboard': async () => {
      const list = await localPrinters();
      return (live ??= new LiveDashboard(db)).view(now(), list);
    },

    'report:attendance': (scope) => attendance(db, scope).report,

    'report:export': async ({ format, unmasked, ...scope }, ctx): Promise<ReportFile> => {
      if (unmasked && !actsAsAdmin(ctx)) throw new AppFailure('forbidden', 'only an admin may export full phone numbers', { needs: 'admin', has: ctx.session?.role ?? null });
      const { report, people } = attendance(db, scope);
      const at = now();
      // The PDF is the organiser's summary: figures and charts, no one's name or number in it.
      const content = format === 'pdf' ? await attendancePdf(report, at.toISOString().slice(0, 16).replace('T', ' ') + ' UTC') : await attendanceXlsx(db, report, people, { unmasked });
      db.tx(() => audit(ctx, { action: 'report.export', entity: 'scan', after: { format, day: scope.day ?? null, activityId: scope.activityId ?? null, masked: !unmasked, activities: report.activities.length } }));
      return { fileName: reportFileName(db, { format, ...scope, at }), contentBase64: content.toString('base64'), report };
    },
  };
}
