import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/open';
import { insertAttendees } from '../../src/main/core/roster/repo';
import { CupsPrinter } from '../../src/main/core/printing/cups';
import { createServices } from '../../src/main/core/services';
import type { PrintJobView, PrintQueueView } from '../../src/shared/printing';
import { BADGE_PEOPLE } from '../helpers/badges';
import { lanyard } from '../helpers/cli';
import type { TestCups } from '../helpers/cups';
import { cupsPdfOutputs, startCups, until } from '../helpers/cups';

const outputs = cupsPdfOutputs();

let cups: TestCups;
const dir = mkdtempSync(join(tmpdir(), 'lanyard-print-'));
const db = join(dir, 'e.db');

beforeAll(async () => {
  cups = await startCups();
  cups.addPdfPrinter('desk-1');
  cups.addPdfPrinter('desk-2');
  expect(lanyard('init', '--db', db).code).toBe(0);
  const handle = openDatabase(db);
  handle.tx(() => insertAttendees(handle, Object.values(BADGE_PEOPLE), new Date('2024-10-14T08:00:00Z')));
  handle.close();
}, 30_000);

afterAll(async () => {
  await cups?.stop();
  outputs.clean();
  rmSync(dir, { recursive: true, force: true });
});

describe('printing badges through a real CUPS queue', () => {
  it('prints a badge to a cups-pdf printer, sees the job completed and the file written, and refuses printing it twice', () => {
    const r = lanyard('print', '--db', db, '--printer', 'desk-1', '--attendee', BADGE_PEOPLE.ouyang.id, '--server', cups.server, '--wait', '30');
    expect(r.code, r.stderr).toBe(0);
    const { job, printer } = JSON.parse(r.stdout) as { job: PrintJobView; printer: { state: string } };
    expect(job).toMatchObject({ state: 'printed', confirmedBy: 'spooler', printer: 'desk-1', badgeVersion: 1, attempts: 1 });
    expect(printer.state).toBe('idle');
    const files = outputs.of(job.spoolId!);
    expect(files).toHaveLength(1);
    expect(statSync(files[0]!).size).toBeGreaterThan(1000);
    // The badge's own size went to the queue as the job's media.
    expect(execFileSync('pdfinfo', [files[0]!], { encoding: 'utf8' })).toMatch(/Page size:\s+288(\.\d+)? x 216(\.\d+)? pts/);

    const again = lanyard('print', '--db', db, '--printer', 'desk-1', '--attendee', BADGE_PEOPLE.ouyang.id, '--server', cups.server);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/was printed at .*a reprint, which needs a supervisor and a reason/);
  });

  it('reports a stopped printer and leaves the badge in its queue, not printed; the badge prints when the printer restarts', async () => {
    cups.admin('cupsdisable', '-r', 'Out of paper', 'desk-1');
    const r = lanyard('print', '--db', db, '--printer', 'desk-1', '--attendee', BADGE_PEOPLE.hongKong.id, '--server', cups.server, '--wait', '2');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('printer stopped: Out of paper');
    const { job, printer } = JSON.parse(r.stdout) as { job: PrintJobView; printer: { state: string; message: string } };
    expect(job.state).toBe('sent');
    expect(printer).toMatchObject({ state: 'stopped', message: 'Out of paper' });
    expect(cups.admin('lpstat', '-o', 'desk-1')).toContain(job.spoolId);

    const handle = openDatabase(db);
    try {
      const services = createServices({ db: handle, printer: new CupsPrinter({ server: cups.server }) });
      const queue = async () => {
        const q = await services.call('print:queue', {}, { transport: 'cli' });
        if (!q.ok) throw new Error(q.error.message);
        return q.value as PrintQueueView;
      };
      const waiting = await queue();
      expect(waiting.jobs.find((j) => j.id === job.id)?.state).toBe('sent');
      expect(waiting.printers.find((p) => p.name === 'desk-1')).toMatchObject({ state: 'stopped', accepting: true, message: 'Out of paper' });

      cups.admin('cupsenable', 'desk-1');
      const after = await until(queue, (q) => q.jobs.find((j) => j.id === job.id)?.state === 'printed');
      expect(after.jobs.find((j) => j.id === job.id)).toMatchObject({ state: 'printed', confirmedBy: 'spooler' });
    } finally {
      handle.close();
    }
  });

  it('moves a badge waiting at a stopped printer to another printer, withdrawing it from the first', async () => {
    cups.admin('cupsdisable', '-r', 'Paper jam', 'desk-1');
    const handle = openDatabase(db);
    try {
      const services = createServices({ db: handle, printer: new CupsPrinter({ server: cups.server }) });
      const call = async (command: string, input: unknown) => {
        const r = await services.call(command, input, { transport: 'cli' });
        if (!r.ok) throw new Error(r.error.message);
        return r.value;
      };
      const sent = (await call('print:submit', { attendeeId: BADGE_PEOPLE.committee.id, printer: 'desk-1' })) as PrintJobView;
      expect(sent.state).toBe('sent');
      const moved = (await call('print:move', { jobId: sent.id, printer: 'desk-2' })) as PrintJobView;
      expect(moved).toMatchObject({ printer: 'desk-2', state: 'sent', attempts: 2 });
      expect(cups.admin('lpstat', '-o', 'desk-1')).not.toContain(sent.spoolId);
      const done = await until(async () => (await call('print:queue', {})) as PrintQueueView, (q) => q.jobs.find((j) => j.id === sent.id)?.state === 'printed');
      expect(done.jobs.find((j) => j.id === sent.id)?.state).toBe('printed');
      expect(outputs.of(sent.spoolId!)).toEqual([]);
    } finally {
      cups.admin('cupsenable', 'desk-1');
      handle.close();
    }
  });
});
