import { describe, expect, it } from 'vitest';
import { parsePrinters } from '../../src/main/core/printing/cups';
import { decodeResponse, encodeRequest, GET_JOB_ATTRIBUTES, IPP_TAG } from '../../src/main/core/printing/ipp';
import type { Printer, PrintRequest, SpoolState } from '../../src/main/core/printing/printer';
import { insertAttendees } from '../../src/main/core/roster/repo';
import { sql } from '../../src/main/core/db/sql';
import { createServices } from '../../src/main/core/services';
import type { PrinterView, PrintJobView, PrintQueueView } from '../../src/shared/printing';
import { BADGE_PEOPLE } from '../helpers/badges';
import { testStation } from '../helpers/core';
import type { Role } from '../../src/shared/roles';
import { signedIn } from './roster-fixtures';

/** A spooler held in memory: where hardware cannot exist, the one fake the tests may use besides the clock. */
class FakeSpooler implements Printer {
  readonly kind = 'fake';
  jobs = new Map<string, { request: PrintRequest; state: SpoolState }>();
  printers: PrinterView[] = [{ name: 'desk-1', state: 'idle', accepting: true, message: null }];
  refuse: string | null = null;
  cancelled: string[] = [];
  private next = 1;
  list = async () => this.printers;
  submit = async (request: PrintRequest) => {
    if (this.refuse) throw new Error(this.refuse);
    const spoolId = `${request.printer}-${this.next++}`;
    this.jobs.set(spoolId, { request, state: 'pending' });
    return { spoolId };
  };
  jobState = async (spoolId: string) => this.jobs.get(spoolId)?.state ?? 'unknown';
  cancel = async (spoolId: string) => {
    this.cancelled.push(spoolId);
    const job = this.jobs.get(spoolId);
    if (job) job.state = 'cancelled';
  };
  finish(spoolId: string, state: SpoolState = 'completed') {
    this.jobs.get(spoolId)!.state = state;
  }
}

function station() {
  const s = testStation();
  s.db.tx(() => insertAttendees(s.db, Object.values(BADGE_PEOPLE), s.clock.now()));
  const spooler = new FakeSpooler();
  const services = createServices({ db: s.db, clock: s.clock, printer: spooler });
  // The operator rows signedIn writes, with sessions on these services (the fake spooler's), not the station's.
  const session = (role: Role) => {
    signedIn(s, role);
    return services.sessions.open({ operatorId: `OP-${role}`, name: `${role}-1`, role }).token;
  };
  const desk = session('desk');
  const supervisor = session('supervisor');
  const call = async <T>(command: string, input: unknown, token = desk): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string; details?: unknown } }> =>
    (await services.call(command, input, { transport: 'http', token })) as never;
  const must = async <T>(command: string, input: unknown, token = desk): Promise<T> => {
    const r = await call<T>(command, input, token);
    if (!r.ok) throw new Error(`${command}: ${r.error.message}`);
    return r.value;
  };
  return { ...s, spooler, desk, supervisor, session, call, must };
}
const OUYANG = BADGE_PEOPLE.ouyang.id;

describe('the print queue', () => {
  it('counts a badge printed only when the spooler reports the job completed, not when it accepts it', async () => {
    const s = station();
    const job = await s.must<PrintJobView>('print:submit', { attendeeId: OUYANG, printer: 'desk-1' });
    expect(job).toMatchObject({ state: 'sent', spoolId: 'desk-1-1', attempts: 1, printedAt: null });
    expect(s.spooler.jobs.get('desk-1-1')!.request.mediaMm.width).toBeCloseTo(101.6, 6);
    expect(s.spooler.jobs.get('desk-1-1')!.request.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    s.spooler.finish('desk-1-1', 'processing');
    expect((await s.must<PrintQueueView>('print:queue', {})).jobs[0]!.state).toBe('sent');
    s.spooler.finish('desk-1-1');
    const queue = await s.must<PrintQueueView>('print:queue', {});
    expect(queue.jobs[0]).toMatchObject({ state: 'printed', confirmedBy: 'spooler', printedAt: '2024-10-15T01:30:00.000Z' });
    expect(s.db.get(sql`SELECT badge_printed_count AS n FROM attendee WHERE id = ${OUYANG}`)).toEqual({ n: 1 });
  });

  it('warns when the current badge is already printed or already on its way, naming the earlier job', async () => {
    const s = station();
    const first = await s.must<PrintJobView>('print:submit', { attendeeId: OUYANG, printer: 'desk-1' });
    const queued = await s.call('print:submit', { attendeeId: OUYANG, printer: 'desk-1' });
    expect(queued.ok ? null : queued.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('already in the print queue'), details: { jobId: first.id } });
    s.spooler.finish(first.spoolId!);
    await s.must('print:queue', {});
    const again = await s.call('print:submit', { attendeeId: OUYANG, printer: 'desk-1' });
    expect(again.ok ? null : again.error).toMatchObject({ code: 'conflict', details: { alreadyPrinted: true, jobId: first.id } });
  });

  it('lets only a supervisor reprint, with a reason, and the reprint revokes the badge in the attendee\'s hands', async () => {
    const s = station();
    const first = await s.must<PrintJobView>('print:submit', { attendeeId: OUYANG, printer: 'desk-1' });
    s.spooler.finish(first.spoolId!);
    await s.must('print:queue', {});
    const old = await s.must<{ payload: string }>('credential:issue', { attendeeId: OUYANG });
    expect((await s.call('print:reprint', { attendeeId: OUYANG, printer: 'desk-1', reason: 'lost at the hotel' }, s.desk)).ok).toBe(false);
    expect((await s.call('print:reprint', { attendeeId: OUYANG, printer: 'desk-1', reason: '' }, s.supervisor)).ok).toBe(false);
    const reprint = await s.must<PrintJobView>('print:reprint', { attendeeId: OUYANG, printer: 'desk-1', reason: 'lost at the hotel' }, s.supervisor);
    expect(reprint).toMatchObject({ badgeVersion: 2, reprintReason: 'lost at the hotel', state: 'sent' });
    expect(await s.must('credential:verify', { code: old.payload })).toMatchObject({ valid: false, reason: 'replaced' });
    const fresh = await s.must<{ payload: string }>('credential:issue', { attendeeId: OUYANG });
    expect(await s.must('credential:verify', { code: fresh.payload })).toMatchObject({ valid: true });
    const log = await s.must<PrintJobView[]>('print:log', { attendeeId: OUYANG });
    expect(log.map((j) => [j.badgeVersion, j.state])).toEqual([[2, 'sent'], [1, 'printed']]);
    const audit = s.db.get<{ operator_id: string; after: string }>(sql`SELECT operator_id, after FROM audit_log WHERE action = 'print.reprint'`);
    expect(audit?.operator_id).toBe('OP-supervisor');
    expect(JSON.parse(audit!.after)).toMatchObject({ badgeVersion: 2, reason: 'lost at the hotel' });
  });

  it('keeps a badge the spooler refused as failed with the spooler\'s words, and a retry sends it again', async () => {
    const s = station();
    s.spooler.refuse = 'lp: Error - The printer or class does not exist.';
    const failed = await s.must<PrintJobView>('print:submit', { attendeeId: OUYANG, printer: 'desk-1' });
    expect(failed).toMatchObject({ state: 'failed', error: 'lp: Error - The printer or class does not exist.', attempts: 1 });
    s.spooler.refuse = null;
    const retried = await s.must<PrintJobView>('print:retry', { jobId: failed.id });
    expect(retried).toMatchObject({ state: 'sent', error: null, attempts: 2 });
    expect((await s.call('print:retry', { jobId: failed.id })).ok).toBe(false);
  });

  it('fails a job cancelled or aborted at the spooler, and lets the operator confirm a job the spooler cannot follow', async () => {
    const s = station();
    const a = await s.must<PrintJobView>('print:submit', { attendeeId: OUYANG, printer: 'desk-1' });
    s.spooler.finish(a.spoolId!, 'aborted');
    expect((await s.must<PrintQueueView>('print:queue', {})).jobs.find((j) => j.id === a.id)).toMatchObject({ state: 'failed', error: 'aborted by the spooler' });
    const b = await s.must<PrintJobView>('print:submit', { attendeeId: BADGE_PEOPLE.hongKong.id, printer: 'desk-1' });
    s.spooler.jobs.delete(b.spoolId!);
    expect((await s.must<PrintQueueView>('print:queue', {})).jobs.find((j) => j.id === b.id)?.state).toBe('sent');
    expect(await s.must<PrintJobView>('print:confirm', { jobId: b.id })).toMatchObject({ state: 'printed', confirmedBy: 'operator' });
    expect((await s.call('print:confirm', { jobId: b.id })).ok).toBe(false);
  });

  it('moves a job to another printer, withdrawing it from the first, and cancels one that is not wanted', async () => {
    const s = station();
    const job = await s.must<PrintJobView>('print:submit', { attendeeId: OUYANG, printer: 'desk-1' });
    const moved = await s.must<PrintJobView>('print:move', { jobId: job.id, printer: 'desk-2' });
    expect(moved).toMatchObject({ printer: 'desk-2', state: 'sent', spoolId: 'desk-2-2' });
    expect(s.spooler.cancelled).toEqual(['desk-1-1']);
    const cancelled = await s.must<PrintJobView>('print:cancel', { jobId: job.id });
    expect(cancelled.state).toBe('cancelled');
    expect(s.spooler.cancelled).toEqual(['desk-1-1', 'desk-2-2']);
    expect((await s.call('print:submit', { attendeeId: OUYANG, printer: 'desk-1' })).ok).toBe(true);
  });

  it('records collecting a pre-printed badge as its own action, once', async () => {
    const s = station();
    expect(await s.must('badge:collect', { attendeeId: OUYANG })).toEqual({ attendeeId: OUYANG, collectedAt: '2024-10-15T01:30:00.000Z' });
    const twice = await s.call('badge:collect', { attendeeId: OUYANG });
    expect(twice.ok ? null : twice.error).toMatchObject({ code: 'conflict', details: { collectedAt: '2024-10-15T01:30:00.000Z' } });
    expect((await s.call('badge:collect', { attendeeId: OUYANG }, s.session('door'))).ok).toBe(false);
  });

  it('shows the queue with the printers\' states, and says so when the spooler cannot be asked', async () => {
    const s = station();
    s.spooler.printers = [{ name: 'desk-1', state: 'stopped', accepting: true, message: 'Out of paper' }];
    expect(await s.must<PrintQueueView>('print:queue', {})).toMatchObject({ printers: [{ state: 'stopped', message: 'Out of paper' }], printerError: null });
    s.spooler.list = async () => {
      throw new Error('lpstat: Bad file descriptor');
    };
    expect(await s.must<PrintQueueView>('print:queue', {})).toMatchObject({ printers: [], printerError: 'lpstat: Bad file descriptor' });
  });
});

describe('reading CUPS', () => {
  it('reads printers from lpstat: idle, printing, stopped with its reason, and not accepting', () => {
    const p = parsePrinters(
      'printer desk-1 is idle.  enabled since Thu Nov 26 20:16:08 2026\nprinter desk-2 now printing desk-2-7.  enabled since Thu\nprinter hall disabled since Thu Nov 26 20:16:06 2026 -\n\tOut of paper\n',
      'desk-1 accepting requests since Thu\ndesk-2 accepting requests since Thu\nhall not accepting requests since Thu -\n\tOut of paper\n',
    );
    expect(p).toEqual([
      { name: 'desk-1', state: 'idle', accepting: true, message: null },
      { name: 'desk-2', state: 'printing', accepting: true, message: null },
      { name: 'hall', state: 'stopped', accepting: false, message: 'Out of paper' },
    ]);
    expect(parsePrinters('', '')).toEqual([]);
  });

  it('encodes a Get-Job-Attributes request and decodes an IPP answer, multi-valued attributes included', () => {
    const req = encodeRequest(GET_JOB_ATTRIBUTES, 7, [[IPP_TAG.uri, 'job-uri', 'ipp://127.0.0.1:631/jobs/3']]);
    expect(req.readUInt16BE(0)).toBe(0x0200);
    expect(req.readUInt16BE(2)).toBe(GET_JOB_ATTRIBUTES);
    expect(req.readUInt32BE(4)).toBe(7);
    expect(req.toString('latin1')).toContain('job-uri');
    const attr = (tag: number, name: string, value: Buffer) => Buffer.concat([Buffer.from([tag]), Buffer.from([0, name.length]), Buffer.from(name), Buffer.from([0, value.length]), value]);
    const int = (n: number) => Buffer.from([0, 0, 0, n]);
    const answer = Buffer.concat([Buffer.from([2, 0, 0, 0, 0, 0, 0, 7, 0x02]), attr(IPP_TAG.enum, 'job-state', int(9)), attr(IPP_TAG.keyword, 'job-state-reasons', Buffer.from('job-completed-successfully')), attr(IPP_TAG.keyword, '', Buffer.from('other')), Buffer.from([0x03])]);
    const { status, attributes } = decodeResponse(answer);
    expect(status).toBe(0);
    expect(attributes.get('job-state')).toEqual([9]);
    expect(attributes.get('job-state-reasons')).toEqual(['job-completed-successfully', 'other']);
  });
});
