import { workerData } from 'node:worker_threads';
import type { EventFile } from '../../../shared/event';
import { failureOf } from '../../../shared/result';
import type { ImportFile } from './parse';
import { parseImportEvents } from './parse';
import type { ParseLink, ParseMessage } from './parse-link';
import { POSTED, TAKEN } from './parse-link';

/** What an import hands its parse thread: the file, the event, and its end of the link to the writer. */
export interface ParseWorkerData extends ParseLink {
  kind: 'lanyard-parse';
  file: ImportFile;
  event: EventFile;
}

/** Chunks the parse may run ahead of the writer, so a fast parse does not pile a whole file up in memory. */
const MAX_AHEAD = 8;
const WAIT_MS = 1000;
/** Chunks waiting for the writer from which the parse thread has time to spare for pinyin. */
const DERIVE_AHEAD = 2;

/**
 * Parses and validates an import, posting each chunk as soon as it is read. Pinyin keys are derived here only while
 * the writer has chunks waiting: a fast parse (CSV) takes them off the writer, a slow one (XLSX) leaves them to it.
 */
export async function runParseWorker(data: ParseWorkerData): Promise<void> {
  const counters = new Int32Array(data.counters);
  const post = (m: ParseMessage) => {
    data.port.postMessage(m);
    Atomics.add(counters, POSTED, 1);
    Atomics.notify(counters, POSTED);
  };
  try {
    for await (const e of parseImportEvents({ ...data.file, event: data.event, derive: () => Atomics.load(counters, POSTED) - Atomics.load(counters, TAKEN) >= DERIVE_AHEAD })) {
      post(e);
      for (let taken = Atomics.load(counters, TAKEN); Atomics.load(counters, POSTED) - taken > MAX_AHEAD; taken = Atomics.load(counters, TAKEN)) {
        Atomics.wait(counters, TAKEN, taken, WAIT_MS);
      }
    }
  } catch (e) {
    post({ kind: 'failed', ...failureOf(e) });
  } finally {
    data.port.close();
  }
}

const data = workerData as ParseWorkerData | undefined;
if (data?.kind === 'lanyard-parse') await runParseWorker(data);
