import type { ImportJobStatus } from '../../../shared/import';
import { AppFailure } from '../../../shared/result';
import type { Actor } from '../audit/repo';
import type { Db } from '../db/sql';
import { readEventFile } from '../event/repo';
import { newId } from '../ids';
import { importFile, startParseThread } from './pipeline';
import type { ImportFile } from './parse';
import { importEnding } from './plan';
import { isFileDatabase, spawnWorker } from '../threads';
import type { ImportWorkerData, ImportWorkerMessage } from './worker';

export interface StartImport {
  file: ImportFile;
  at: Date;
  by: Actor;
}

interface Job {
  status: ImportJobStatus;
  cancel: Int32Array;
}

const KEEP_FINISHED_JOBS = 5;

const MAX_RUNNING = 2;

/**
 * Import commits running in the background with progress and cancel. A file database is written by a
 * worker thread on its own connection; an in-memory one (tests) cannot be shared, so it runs here.
 */
export class ImportJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly db: Db) {}

  start(input: StartImport): string {
    // Each import holds a thread pair and its file in memory; a third waits for one of them to end.
    const running = [...this.jobs.values()].filter((j) => j.status.state === 'running').length;
    if (running >= MAX_RUNNING) throw new AppFailure('conflict', `${running} imports are running already; start this one when one of them ends`);
    const jobId = newId();
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const status: ImportJobStatus = { jobId, state: 'running', processed: 0, total: 0 };
    const update = (m: ImportWorkerMessage) => applyMessage(status, m);
    if (isFileDatabase(this.db)) this.inWorker(input, cancel, update);
    else void this.inProcess(input, cancel, update);
    this.forgetFinished();
    this.jobs.set(jobId, { status, cancel });
    return jobId;
  }

  status(jobId: string): ImportJobStatus {
    return { ...this.job(jobId).status };
  }

  cancel(jobId: string): ImportJobStatus {
    const job = this.job(jobId);
    if (job.status.state === 'running') Atomics.store(job.cancel, 0, 1);
    return { ...job.status };
  }

  /** A finished job's report can hold one issue per row; only the latest few are kept for the screen to read. */
  private forgetFinished(): void {
    const finished = [...this.jobs].filter(([, job]) => job.status.state !== 'running');
    for (const [id] of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED_JOBS))) this.jobs.delete(id);
  }

  private job(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new AppFailure('not_found', `no import job ${jobId}`);
    return job;
  }

  /**
   * Two threads side by side, both started here (never one inside the other): the parse thread reads the file and
   * posts its chunks straight to the import worker, which writes them on its own connection. This thread watches the
   * parse thread and tells the writer, through their shared counters, if it stops.
   */
  private inWorker(input: StartImport, cancel: Int32Array, update: (m: ImportWorkerMessage) => void): void {
    const parse = startParseThread(input.file, readEventFile(this.db));
    const data: ImportWorkerData = {
      kind: 'lanyard-import',
      dbFile: this.db.raw.name,
      nativeBinding: this.db.nativeBinding,
      parse: parse.link,
      cancel: cancel.buffer as SharedArrayBuffer,
      at: input.at.toISOString(),
      by: input.by,
    };
    const worker = spawnWorker('worker', data, [parse.link.port]);
    const finish = (m: ImportWorkerMessage) => {
      update(m);
      if (m.type !== 'progress') void parse.worker.terminate();
    };
    worker.on('message', finish);
    worker.on('error', (e) => finish({ type: 'failed', code: 'internal', message: e.message }));
    // A worker that ends without saying how (killed, out of memory) leaves a failed job, never one running forever.
    worker.on('exit', (code) => finish({ type: 'failed', code: 'internal', message: `the import worker stopped (exit code ${code}) before reporting` }));
  }

  private async inProcess(input: StartImport, cancel: Int32Array, update: (m: ImportWorkerMessage) => void): Promise<void> {
    // Let the caller's start return first, so a cancel sent at once is seen, as it is by a worker.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      const report = await importFile(input.file, {
        db: this.db,
        at: input.at,
        by: input.by,
        onProgress: (p) => update({ type: 'progress', ...p }),
        isCancelled: () => Atomics.load(cancel, 0) === 1,
      });
      update({ type: 'done', report });
    } catch (e) {
      update(importEnding(e));
    }
  }
}

function applyMessage(status: ImportJobStatus, m: ImportWorkerMessage): void {
  if (status.state !== 'running') return;
  switch (m.type) {
    case 'progress':
      status.processed = m.processed;
      status.total = m.total;
      return;
    case 'done':
      status.state = 'done';
      status.processed = m.report.rows;
      status.total = m.report.rows;
      status.report = m.report;
      return;
    case 'cancelled':
      status.state = 'cancelled';
      return;
    case 'failed':
      status.state = 'failed';
      status.error = { code: m.code, message: m.message };
      return;
  }
}
