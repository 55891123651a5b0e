import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { BadgePdf } from '../../shared/badge';
import type { ScanAnswer } from '../../shared/checkin';
import type { CredentialCheck } from '../../shared/credential';
import type { PrintJobView, PrintQueueView } from '../../shared/printing';
import type { ImportReport } from '../../shared/import';
import { mappingFileSchema } from '../../shared/import';
import type { Result } from '../../shared/result';
import { AppFailure } from '../../shared/result';
import { BADGE_THREAD_FROM } from '../core/badges/badges';
import { BadgeThreads } from '../core/badges/pool';
import { openDatabase, SCHEMA_VERSION } from '../core/db/open';
import type { Db } from '../core/db/sql';
import { cnmc2024 } from '../core/event/cnmc2024';
import { startHttpServer } from '../core/http/server';
import { CupsPrinter } from '../core/printing/cups';
import { importSummary } from '../core/import/summary';
import { createServices, initEvent, parseEventFile } from '../core/services';
import { formatOfFile } from '../core/roster/export';
import type { RosterExport } from '../../shared/roster';
import type { ReportFile } from '../../shared/report';
import { serveWithSync } from './serve';
import { SYNC_USAGE, syncCommand } from './sync';

const USAGE: string = `lanyard — conference check-in and badge station

  lanyard init --db FILE [--event FILE.json]     create an event database (default: CNMC 2024)
  lanyard info --db FILE                         the event, its activities and categories
  lanyard event export --db FILE [--out FILE]    the whole event as one JSON file
  lanyard event import --db FILE FILE.json       replace the event from a JSON file (validated first)
  lanyard demo --db FILE --attendees N [--seed S]      add N demo attendees
  lanyard demo remove --db FILE                  remove every demo attendee
  lanyard export --db FILE --out FILE.csv|.xlsx [--activity ID] [--unmasked]
                                                 the roster (or an activity's attendees); numbers masked unless --unmasked
  lanyard report --db FILE --out FILE.xlsx|.pdf [--day YYYY-MM-DD] [--activity ID] [--unmasked]
                                                 attendance per activity, by category and region, arrivals per
                                                 quarter hour, counted from the scan log: a workbook (numbers masked
                                                 unless --unmasked) or a bilingual PDF summary with charts
  lanyard forget --db FILE --confirm [--names]   after the event: remove every phone number, e-mail address and
                                                 identity document (and, with --names, every name) from this file and
                                                 the hub's backups; a hub tells its stations to delete their copies
                                                 of the roster; cannot be undone
  lanyard search QUERY --db FILE [--limit N]    attendees matching QUERY, best first (name, pinyin, initials, phone tail …)
  lanyard import FILE --db FILE [--dry-run] [--mapping FILE.json] [--encoding gb18030|big5|shift_jis|euc-kr|windows-1252]
                                                 import a registration export (CSV/XLSX); prints the report
  lanyard serve --db FILE [--port N] [--static DIR] [--server HOST:PORT] [--sync]
                                                 serve the station's API (and renderer) on loopback, printing to
                                                 the CUPS at --server (default: this computer's); --sync also runs
                                                 its sync (the hub's server or a station's loops) as the app does,
                                                 so its screens can make this laptop the hub or join one
  lanyard credential --db FILE --attendee ID     the QR payload of the attendee's current badge (admin station only)
  lanyard verify --db FILE --code PAYLOAD        check a scanned code offline: {valid, reason, attendeeId?}
  lanyard badge --db FILE --out FILE.pdf [--attendee ID]... [--category C] [--all] [--not-printed]
                [--order pinyin|organisation|category] [--size landscape-4x3|portrait-3x4|a6|cr80] [--sheet a4]
                                                 badge PDF: chosen attendees, a category, everyone, or everyone not yet printed
  lanyard scan --db FILE --activity ID --code PAYLOAD [--direction in|out] [--station NAME]
                                                 a scan at an activity's door, decided and recorded:
                                                 {outcome, reason, message, note?, attendeeId?}
  lanyard print --db FILE --printer NAME --attendee ID [--server HOST:PORT] [--wait SECONDS]
                                                 print a badge through CUPS and follow the job: exit 0 printed,
                                                 1 failed, 3 still in the queue (a stopped printer) when the wait ends

Several stations, one truth (a hub on the venue LAN):
${SYNC_USAGE}

Output is JSON on stdout; errors go to stderr with a non-zero exit.`;

class UsageError extends Error {}

const options = {
  db: { type: 'string' },
  event: { type: 'string' },
  out: { type: 'string' },
  attendees: { type: 'string' },
  seed: { type: 'string' },
  port: { type: 'string' },
  static: { type: 'string' },
  sync: { type: 'boolean' },
  activity: { type: 'string' },
  unmasked: { type: 'boolean' },
  day: { type: 'string' },
  confirm: { type: 'boolean' },
  names: { type: 'boolean' },
  limit: { type: 'string' },
  'dry-run': { type: 'boolean' },
  mapping: { type: 'string' },
  encoding: { type: 'string' },
  attendee: { type: 'string', multiple: true },
  category: { type: 'string' },
  all: { type: 'boolean' },
  'not-printed': { type: 'boolean' },
  order: { type: 'string' },
  size: { type: 'string' },
  sheet: { type: 'string' },
  printer: { type: 'string' },
  server: { type: 'string' },
  wait: { type: 'string' },
  direction: { type: 'string' },
  station: { type: 'string' },
  code: { type: 'string' },
  listen: { type: 'string' },
  'backup-dir': { type: 'string' },
  'backup-minutes': { type: 'string' },
  keep: { type: 'string' },
  advertise: { type: 'string' },
  role: { type: 'string' },
  name: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function intOption(value: string | undefined, name: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new UsageError(`--${name} is required`);
  }
  if (!/^-?\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number, got "${value}"`);
  return Number(value);
}

function readJson(file: string): unknown {
  if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (e) {
    throw new AppFailure('invalid_event', `${file} is not valid JSON: ${(e as Error).message}`);
  }
}

function open(dbFile: string | undefined, mustExist = true): Db {
  if (!dbFile) throw new UsageError('--db FILE is required');
  if (mustExist && !existsSync(dbFile)) throw new UsageError(`no database at ${dbFile}; create one with \`lanyard init --db ${dbFile}\``);
  return openDatabase(dbFile);
}

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new AppFailure(result.error.code, result.error.message, result.error.details);
  return result.value;
}

const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

/** Runs one command; a number is the exit code a command chose (print's 1 and 3), nothing means success. */
async function run(argv: string[]): Promise<number | undefined> {
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  if (command === 'init') {
    const file = values.event ? parseEventFile(readJson(values.event)) : cnmc2024();
    const db = open(values.db, false);
    try {
      if (!initEvent(db, file, new Date())) throw new AppFailure('conflict', `${values.db} holds an event already; use \`lanyard event import\` to change it`);
      print({ db: values.db, event: file.event.id, activities: file.activities.length, categories: file.categories.length, schemaVersion: SCHEMA_VERSION });
    } finally {
      db.close();
    }
    return;
  }

  if (await syncCommand(command, rest, values, { open: (file) => open(file), usage: (m) => new UsageError(m), print })) return;
  if (command === 'serve' && values.sync) {
    open(values.db).close();
    await serveWithSync({ dbFile: values.db!, port: intOption(values.port, 'port', 0), staticDir: values.static, server: values.server });
    return;
  }

  const db = open(values.db);
  // A batch of badges goes to one-shot badge threads, started now to read their fonts while this thread signs the
  // credentials; `serve` has a station's threads (the default), started after its first batch; the rest need none.
  const batch = command === 'badge' && (values.attendee?.length ?? BADGE_THREAD_FROM) >= BADGE_THREAD_FROM;
  const badgeThreads = batch ? new BadgeThreads({ oneShot: true }) : null;
  badgeThreads?.start();
  const services = createServices({ db, printer: new CupsPrinter(values.server ? { server: values.server } : {}), ...(command === 'serve' ? {} : { badgeThreads }) });
  const call = async (name: string, input: unknown = {}) => unwrap(await services.call(name, input, { transport: 'cli' }));
  try {
    switch (command) {
      case 'info': {
        const view = (await call("event:get")) as Record<string, unknown>;
        const status = (await call('app:status')) as Record<string, unknown>;
        print({ ...view, attendees: status.attendees, schemaVersion: SCHEMA_VERSION });
        return;
      }
      case 'event': {
        const [verb, file] = rest;
        if (verb === 'export') {
          const json = `${JSON.stringify(await call('event:export'), null, 2)}\n`;
          if (values.out) writeFileSync(values.out, json);
          else process.stdout.write(json);
          return;
        }
        if (verb === 'import') {
          if (!file) throw new UsageError('event import needs the JSON file to read');
          const view = (await call('event:import', { file: readJson(file) })) as { event: { id: string }; activities: unknown[]; categories: unknown[] };
          print({ imported: view.event.id, activities: view.activities.length, categories: view.categories.length });
          return;
        }
        throw new UsageError('event takes export or import');
      }
      case 'demo': {
        if (rest[0] === 'remove') {
          print(await call('demo:remove'));
          return;
        }
        const attendees = intOption(values.attendees, 'attendees');
        print(await call('demo:generate', { attendees, ...(values.seed === undefined ? {} : { seed: intOption(values.seed, 'seed') }) }));
        return;
      }
      case 'search': {
        const [query] = rest;
        if (query === undefined) throw new UsageError('search needs the text to look for');
        print(await call('roster:search', { query, limit: intOption(values.limit, 'limit', 20) }));
        return;
      }
      case 'import': {
        const [file] = rest;
        if (file === undefined) throw new UsageError('import needs the CSV or XLSX file to read');
        if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
        const saved = values.mapping ? mappingFileSchema.safeParse(readJson(values.mapping)) : null;
        if (saved && !saved.success) throw new UsageError(`${values.mapping} is not a mapping file: {"columns": {column: field}, "categories"?: {word: id}, "activities"?: {word: id}, "encoding"?}`);
        const { columns, ...words } = saved?.data ?? {};
        const input = {
          fileName: basename(file),
          contentBase64: readFileSync(file).toString('base64'),
          ...(columns ? { mapping: columns } : {}),
          ...words,
          ...(values.encoding ? { encoding: values.encoding } : {}),
        };
        print(importSummary((await call(values['dry-run'] ? 'roster:importPreview' : 'roster:importCommit', input)) as ImportReport));
        return;
      }
      case 'serve': {
        const server = await startHttpServer({ services, port: intOption(values.port, 'port', 0), ...(values.static ? { staticDir: values.static } : {}) });
        print({ url: server.url, pid: process.pid });
        await new Promise<void>((resolve) => {
          const stop = () => void server.close().then(resolve);
          process.once('SIGTERM', stop);
          process.once('SIGINT', stop);
        });
        return;
      }
      case 'export': {
        const format = values.out === undefined ? null : formatOfFile(values.out);
        if (values.out === undefined || format === null) throw new UsageError('export needs --out FILE.csv or --out FILE.xlsx');
        const unmasked = values.unmasked ?? false;
        const file = (await call('roster:export', { format, unmasked, ...(values.activity === undefined ? {} : { activityId: values.activity }) })) as RosterExport;
        writeFileSync(values.out, Buffer.from(file.contentBase64, 'base64'));
        print({ out: values.out, rows: file.rows, format, masked: !unmasked });
        return;
      }
      case 'report': {
        const format = values.out === undefined ? null : (/\.(xlsx|pdf)$/i.exec(values.out)?.[1]?.toLowerCase() ?? null);
        if (values.out === undefined || format === null) throw new UsageError('report needs --out FILE.xlsx or --out FILE.pdf');
        const scope = { ...(values.day === undefined ? {} : { day: values.day }), ...(values.activity === undefined ? {} : { activityId: values.activity }) };
        const file = (await call('report:export', { format, unmasked: values.unmasked ?? false, ...scope })) as ReportFile;
        writeFileSync(values.out, Buffer.from(file.contentBase64, 'base64'));
        const { report } = file;
        print({
          out: values.out,
          masked: !(values.unmasked ?? false),
          activities: report.activities.map((a) => ({ id: a.id, registered: a.registered, attended: a.attended, noShows: a.noShows, reentries: a.reentries })),
          arrived: report.overall.arrived,
          attendedAny: report.overall.attendedAny,
        });
        return;
      }
      case 'forget': {
        if (values.confirm !== true) throw new UsageError('forget removes every phone number, e-mail address and identity document for good; add --confirm to do it');
        print(await call('roster:forget', { confirm: true, names: values.names === true }));
        return;
      }
      case 'credential': {
        const [attendeeId, ...more] = values.attendee ?? [];
        if (attendeeId === undefined || more.length > 0) throw new UsageError('credential needs one --attendee ID');
        print(await call('credential:issue', { attendeeId }));
        return;
      }
      case 'verify': {
        if (values.code === undefined) throw new UsageError('verify needs --code PAYLOAD');
        const check = (await call('credential:verify', { code: values.code })) as CredentialCheck;
        print({ valid: check.valid, reason: check.reason, ...(check.attendeeId === undefined ? {} : { attendeeId: check.attendeeId }) });
        return;
      }
      case 'badge': {
        if (values.out === undefined) throw new UsageError('badge needs --out FILE.pdf');
        const chosen = [values.attendee !== undefined, values.category !== undefined, values.all === true, values['not-printed'] === true].filter(Boolean).length;
        if (chosen !== 1) throw new UsageError('badge needs exactly one of --attendee ID (repeatable), --category C, --all or --not-printed');
        const selection = values.attendee ? { attendeeIds: values.attendee } : values.category ? { categoryId: values.category } : values.all ? { all: true } : { notPrinted: true };
        const pdf = (await call('badge:pdf', { selection, ...(values.order ? { order: values.order } : {}), ...(values.size ? { size: values.size } : {}), ...(values.sheet ? { sheet: values.sheet } : {}) })) as BadgePdf;
        writeFileSync(values.out, Buffer.from(pdf.contentBase64, 'base64'));
        print({ out: values.out, badges: pdf.badges, pages: pdf.pages, skipped: pdf.skipped });
        return;
      }
      case 'scan': {
        if (values.activity === undefined || values.code === undefined) throw new UsageError('scan needs --activity ID and --code PAYLOAD');
        const answer = (await call('scan:record', { scanId: randomUUID(), activityId: values.activity, code: values.code, direction: values.direction ?? 'in', station: values.station ?? 'cli' })) as ScanAnswer;
        print({ outcome: answer.outcome, reason: answer.reason, message: answer.message, ...(answer.note ? { note: answer.note } : {}), ...(answer.attendeeId === undefined ? {} : { attendeeId: answer.attendeeId }) });
        return;
      }
      case 'print': {
        const [attendeeId, ...more] = values.attendee ?? [];
        if (attendeeId === undefined || more.length > 0 || values.printer === undefined) throw new UsageError('print needs --printer NAME and one --attendee ID');
        const waitMs = intOption(values.wait, 'wait', 60) * 1000;
        let job = (await call('print:submit', { attendeeId, printer: values.printer })) as PrintJobView;
        const until = Date.now() + waitMs;
        let queue: PrintQueueView | null = null;
        while (job.state === 'sent' && Date.now() < until) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          queue = (await call('print:queue')) as PrintQueueView;
          job = queue.jobs.find((j) => j.id === job.id) ?? job;
        }
        const printer = queue?.printers.find((p) => p.name === job.printer) ?? null;
        print({ job, printer });
        if (job.state === 'failed') return 1;
        if (job.state !== 'printed') {
          process.stderr.write(`lanyard: the badge is still in the queue of ${job.printer}${printer?.state === 'stopped' ? ` (printer stopped${printer.message ? `: ${printer.message}` : ''})` : ''}; it is not marked printed\n`);
          return 3;
        }
        return;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } finally {
    await services.close();
    db.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  try {
    return (await run(argv)) ?? 0;
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`lanyard: ${(e as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    if (e instanceof AppFailure) {
      process.stderr.write(`lanyard: ${e.message}\n`);
      if (Array.isArray(e.details)) {
        for (const d of e.details as Array<{ path?: string; message?: string }>) {
          if (d.path !== undefined) process.stderr.write(`  ${d.path}: ${d.message ?? ''}\n`);
        }
      }
      process.stderr.write(`${JSON.stringify({ error: { code: e.code, message: e.message, details: e.details } })}\n`);
      return 1;
    }
    const message = (e as Error).message ?? String(e);
    if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(message)) {
      process.stderr.write('lanyard: better-sqlite3 is built for another runtime (Electron?); run `npm rebuild better-sqlite3`\n');
      return 1;
    }
    process.stderr.write(`lanyard: ${message}\n`);
    return 1;
  }
}
