import { execFile } from 'node:child_process';
import { AppFailure } from '../../../shared/result';
import { decodeResponse, encodeRequest, GET_JOB_ATTRIBUTES, IPP_TAG, ippCall } from './ipp';
import type { PrinterView } from '../../../shared/printing';
import type { Printer, PrintRequest, SpoolState } from './printer';

interface Run {
  stdout: string;
  stderr: string;
  code: number;
}

// lpstat and lp speak the user's language; the parsers below read the C locale's words.
const env = { ...process.env, LANG: 'C', LC_ALL: 'C' };

function run(command: string, args: string[], input?: Buffer): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { env, timeout: 15_000, maxBuffer: 4 * 2 ** 20, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && typeof (error as { code?: unknown }).code !== 'number') return reject(new AppFailure('printer_unavailable', `${command} could not run: ${error.message}`));
      resolve({ stdout, stderr, code: error ? Number((error as { code: number }).code) : 0 });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Parses `lpstat -p` and `lpstat -a` (C locale) into each printer's state. */
export function parsePrinters(printers: string, accepting: string): PrinterView[] {
  const out: PrinterView[] = [];
  const lines = printers.split('\n');
  lines.forEach((line, i) => {
    const m = /^printer (\S+) (?:is (idle)|now (printing)|(disabled))/.exec(line);
    if (!m) return;
    const next = lines[i + 1];
    const message = next !== undefined && /^\s/.test(next) ? next.trim() || null : null;
    out.push({ name: m[1]!, state: m[2] ? 'idle' : m[3] ? 'printing' : 'stopped', accepting: true, message: m[4] ? message : null });
  });
  for (const line of accepting.split('\n')) {
    const m = /^(\S+) not accepting requests/.exec(line);
    const p = m && out.find((o) => o.name === m[1]);
    if (p) p.accepting = false;
  }
  return out;
}

const JOB_STATES: Record<number, SpoolState> = { 3: 'pending', 4: 'held', 5: 'processing', 6: 'stopped', 7: 'cancelled', 8: 'aborted', 9: 'completed' };

/**
 * CUPS through its own tools: lpstat lists printers and their state, lp submits a badge with its media size, and the
 * job is followed by IPP Get-Job-Attributes. `server` is host:port (a test's own cupsd); default, the local CUPS.
 */
export class CupsPrinter implements Printer {
  readonly kind = 'cups';
  private readonly hostArgs: string[];
  private readonly ippServer: string;
  private requestId = 1;

  constructor({ server }: { server?: string } = {}) {
    this.hostArgs = server ? ['-h', server] : [];
    this.ippServer = server ?? process.env.CUPS_SERVER ?? 'localhost:631';
  }

  async list(): Promise<PrinterView[]> {
    const [printers, accepting] = await Promise.all([run('lpstat', [...this.hostArgs, '-p']), run('lpstat', [...this.hostArgs, '-a'])]);
    if (printers.code !== 0 && !/No destinations/i.test(printers.stderr)) throw new AppFailure('printer_unavailable', `lpstat failed: ${printers.stderr.trim() || `exit ${printers.code}`}`);
    return parsePrinters(printers.stdout, accepting.stdout);
  }

  async submit({ printer, pdf, title, mediaMm }: PrintRequest): Promise<{ spoolId: string }> {
    const media = `Custom.${mediaMm.width.toFixed(1)}x${mediaMm.height.toFixed(1)}mm`;
    const r = await run('lp', [...this.hostArgs, '-d', printer, '-t', title, '-o', `media=${media}`, '-o', 'fit-to-page', '-'], pdf);
    const m = /request id is (\S+-\d+)/.exec(r.stdout);
    if (r.code !== 0 || !m) throw new AppFailure('printer_unavailable', `printer "${printer}" refused the badge: ${r.stderr.trim() || r.stdout.trim() || `lp exit ${r.code}`}`);
    return { spoolId: m[1]! };
  }

  async jobState(spoolId: string): Promise<SpoolState> {
    const job = /-(\d+)$/.exec(spoolId)?.[1];
    if (job === undefined) return 'unknown';
    const body = encodeRequest(GET_JOB_ATTRIBUTES, this.requestId++, [
      [IPP_TAG.uri, 'job-uri', `ipp://${this.ippServer}/jobs/${job}`],
      [IPP_TAG.keyword, 'requested-attributes', 'job-state'],
    ]);
    const { status, attributes } = decodeResponse(await ippCall(this.ippServer, body));
    if (status >= 0x0400) return 'unknown';
    return JOB_STATES[Number(attributes.get('job-state')?.[0])] ?? 'unknown';
  }

  async cancel(spoolId: string): Promise<void> {
    await run('cancel', [...this.hostArgs, spoolId]);
  }
}
