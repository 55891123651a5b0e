import type { MessagePort, Worker } from 'node:worker_threads';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import type { EventFile } from '../../../shared/event';
import type { ImportReport } from '../../../shared/import';
import { AppFailure } from '../../../shared/result';
import { readEventFile } from '../event/repo';
import type { ImportFile, ParseEvent } from './parse';
import { eventsOf, parseImport } from './parse';
import type { ParseLink, ParseMessage } from './parse-link';
import { COUNTERS_BYTES, POSTED, STOPPED, TAKEN } from './parse-link';
import type { ParseWorkerData } from './parse-worker';
import type { CommitOptions } from './plan';
import { commitImport, ImportCancelled } from './plan';
import { isFileDatabase, spawnWorker } from '../threads';

/**
 * Starts a parse thread for a file. Whoever starts it watches it: when it stops (an error, an exit) the link's
 * STOPPED counter is set, so a writer on another thread, or on this one while it still awaits, learns at once.
 */
export function startParseThread(file: ImportFile, event: EventFile): { worker: Worker; link: ParseLink } {
  const counters = new SharedArrayBuffer(COUNTERS_BYTES);
  const { port1, port2 } = new MessageChannel();
  const data: ParseWorkerData = { kind: 'lanyard-parse', file, event, port: port2, counters };
  const worker = spawnWorker('parse-worker', data, [port2]);
  const shared = new Int32Array(counters);
  const stopped = () => {
    Atomics.store(shared, STOPPED, 1);
    Atomics.notify(shared, POSTED);
  };
  worker.once('error', stopped);
  worker.once('exit', stopped);
  return { worker, link: { port: port1, counters } };
}

/** A commit's options but the events, which come from the parse. */
export type WriteOptions = Omit<CommitOptions, 'events'>;

/**
 * Imports a file on two threads: a parse thread reads, validates and computes pinyin keys while this one writes
 * the chunks it has finished, so on two cores an import takes about as long as the longer of the two, not their sum.
 * An in-memory database (tests) cannot be opened by another thread, so there the file is parsed first, here.
 */
export async function importFile(file: ImportFile, commit: WriteOptions): Promise<ImportReport> {
  const event = readEventFile(commit.db);
  if (!isFileDatabase(commit.db)) {
    const parsed = await parseImport({ ...file, event });
    return commitImport({ ...commit, events: eventsOf(parsed) });
  }
  const { worker, link } = startParseThread(file, event);
  try {
    return await commitParsed(link, commit);
  } finally {
    link.port.close();
    await worker.terminate();
  }
}

/**
 * Writes what a parse thread sends, in one transaction: the first event is awaited before the transaction opens
 * (a thread that cannot start fails the import at once), the rest are taken synchronously inside it.
 */
export async function commitParsed(link: ParseLink, commit: WriteOptions): Promise<ImportReport> {
  const counters = new Int32Array(link.counters);
  const first = await firstMessage(link.port, counters, commit.isCancelled);
  const events = (function* () {
    yield first;
    yield* receiveEvents(link.port, counters, commit.isCancelled);
  })();
  return commitImport({ ...commit, events });
}

const POLL_MS = 5;
const WAIT_SLICE_MS = 200;
/** A parse thread that posts nothing for this long while nobody can see it stop (its starter is busy) is taken as dead. */
const STALL_MS = 120_000;

/** The next message if one is waiting: taken, counted, and a failure turned into the parse's own error. */
function take(port: MessagePort, counters: Int32Array): ParseEvent | null {
  const got = receiveMessageOnPort(port);
  if (got === undefined) return null;
  Atomics.add(counters, TAKEN, 1);
  Atomics.notify(counters, TAKEN);
  const m = got.message as ParseMessage;
  if (m.kind === 'failed') throw new AppFailure(m.code, m.message);
  return m;
}

const stoppedEarly = () => new AppFailure('internal', "the import's parse thread stopped before sending the whole file");

async function firstMessage(port: MessagePort, counters: Int32Array, isCancelled: (() => boolean) | undefined): Promise<ParseEvent> {
  for (;;) {
    // Read before taking: a thread posts all it has before it stops, so a stop seen first leaves nothing untaken.
    const stopped = Atomics.load(counters, STOPPED) === 1;
    const m = take(port, counters);
    if (m !== null) return m;
    if (stopped) throw stoppedEarly();
    if (isCancelled?.()) throw new ImportCancelled();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * The parse thread's events, taken synchronously (the commit's transaction must not await): between messages this
 * thread sleeps on the shared counter, waking for each one, and checks for a cancel or a stopped thread a few times
 * a second.
 */
function* receiveEvents(port: MessagePort, counters: Int32Array, isCancelled: (() => boolean) | undefined): Generator<ParseEvent> {
  let idle = 0;
  for (;;) {
    const posted = Atomics.load(counters, POSTED);
    const stopped = Atomics.load(counters, STOPPED) === 1;
    const m = take(port, counters);
    if (m !== null) {
      idle = 0;
      yield m;
      if (m.kind === 'end') return;
      continue;
    }
    if (stopped) throw stoppedEarly();
    if (isCancelled?.()) throw new ImportCancelled();
    if (idle >= STALL_MS) throw new AppFailure('internal', `the import's parse thread posted nothing for ${STALL_MS / 1000} s`);
    if (Atomics.wait(counters, POSTED, posted, WAIT_SLICE_MS) === 'timed-out') idle += WAIT_SLICE_MS;
  }
}
