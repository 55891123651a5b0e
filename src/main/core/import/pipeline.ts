import type { MessagePort, Worker } from 'node:worker_threads';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import type { ImportMapping, ImportReport } from '../../../shared/import';
import { AppFailure } from '../../../shared/result';
import type { Db } from '../db/sql';
import type { Transport } from '../dispatch';
import { readEventFile } from '../event/repo';
import type { ParseEvent } from './parse';
import { eventsOf, parseImport } from './parse';
import type { ParseMessage, ParseWorkerData } from './parse-worker';
import { commitImport, ImportCancelled } from './plan';
import { isFileDatabase, spawnWorker } from './threads';

export interface ImportFileOptions {
  db: Db;
  bytes: Uint8Array;
  fileName: string;
  mapping?: ImportMapping | undefined;
  at: Date;
  by: { operatorId: string | null; via: Transport };
  onProgress?: (p: { processed: number; total: number }) => void;
  isCancelled?: () => boolean;
}

/**
 * Imports a file on two threads: a parse thread reads, validates and computes pinyin keys while this one writes
 * the chunks it has finished, so on two cores an import takes about as long as the longer of the two, not their sum.
 * An in-memory database (tests) cannot be opened by another thread, so there the file is parsed first, here.
 */
export async function importFile({ db, bytes, fileName, mapping, at, by, onProgress, isCancelled }: ImportFileOptions): Promise<ImportReport> {
  const event = readEventFile(db);
  if (!isFileDatabase(db)) {
    const parsed = await parseImport({ bytes, fileName, event, mapping });
    return commitImport({ db, events: eventsOf(parsed), at, by, onProgress, isCancelled });
  }
  const counters = new SharedArrayBuffer(8);
  const { port1, port2 } = new MessageChannel();
  const data: ParseWorkerData = { kind: 'lanyard-parse', bytes, fileName, event, mapping, port: port2, counters };
  const worker = spawnWorker('parse-worker', data, [port2]);
  try {
    const shared = new Int32Array(counters);
    const first = await firstMessage(worker, port1, shared, isCancelled);
    const events = (function* () {
      yield first;
      yield* receiveEvents(port1, shared, isCancelled);
    })();
    return commitImport({ db, events, at, by, onProgress, isCancelled });
  } finally {
    port1.close();
    await worker.terminate();
  }
}

const POLL_MS = 5;

/**
 * The parse thread's first event, awaited before the transaction opens: until then this thread's event loop runs, so
 * a parse thread that cannot start (a module missing from a bundle) fails the import at once instead of stalling it.
 */
async function firstMessage(worker: Worker, port: MessagePort, counters: Int32Array, isCancelled: (() => boolean) | undefined): Promise<ParseEvent> {
  const stopped: { error: Error | null } = { error: null };
  worker.once('error', (e) => (stopped.error ??= e));
  worker.once('exit', (code) => (stopped.error ??= new Error(`the import's parse thread stopped (exit code ${code}) before its first chunk`)));
  for (;;) {
    const got = receiveMessageOnPort(port);
    if (got !== undefined) {
      taken(counters);
      const m = got.message as ParseMessage;
      if (m.kind === 'failed') throw new AppFailure(m.code, m.message);
      return m;
    }
    if (stopped.error !== null) throw new AppFailure('internal', stopped.error.message);
    if (isCancelled?.()) throw new ImportCancelled();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Tells the parse thread one more message was taken (it runs at most MAX_AHEAD ahead). */
function taken(counters: Int32Array): void {
  Atomics.add(counters, 1, 1);
  Atomics.notify(counters, 1);
}

const WAIT_SLICE_MS = 200;
/** A parse thread that posts nothing for this long has died (out of memory, killed): the import fails. */
const STALL_MS = 120_000;

/**
 * The parse thread's events, taken synchronously (the commit's transaction must not await): between messages this
 * thread sleeps on the shared counter, waking for each one, and checks for a cancel a few times a second.
 */
function* receiveEvents(port: MessagePort, counters: Int32Array, isCancelled: (() => boolean) | undefined): Generator<ParseEvent> {
  let idle = 0;
  for (;;) {
    const posted = Atomics.load(counters, 0);
    const got = receiveMessageOnPort(port);
    if (got === undefined) {
      if (isCancelled?.()) throw new ImportCancelled();
      if (idle >= STALL_MS) throw new AppFailure('internal', `the import's parse thread posted nothing for ${STALL_MS / 1000} s`);
      if (Atomics.wait(counters, 0, posted, WAIT_SLICE_MS) === 'timed-out') idle += WAIT_SLICE_MS;
      continue;
    }
    idle = 0;
    taken(counters);
    const m = got.message as ParseMessage;
    if (m.kind === 'failed') throw new AppFailure(m.code, m.message);
    yield m;
    if (m.kind === 'end') return;
  }
}
