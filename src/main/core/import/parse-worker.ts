import type { MessagePort } from 'node:worker_threads';
import { workerData } from 'node:worker_threads';
import type { EventFile } from '../../../shared/event';
import type { ImportMapping } from '../../../shared/import';
import type { ErrorCode } from '../../../shared/result';
import { AppFailure } from '../../../shared/result';
import type { ParseEvent } from './parse';
import { parseImportEvents } from './parse';

/** What an import hands its parse thread: the file, the event, a port for the chunks and the counters they share. */
export interface ParseWorkerData {
  kind: 'lanyard-parse';
  bytes: Uint8Array;
  fileName: string;
  event: EventFile;
  mapping?: ImportMapping | undefined;
  port: MessagePort;
  /** Shared Int32 counters (import/pipeline.ts ParseLink): [0] posted, [1] taken by the writer, [2] stopped. */
  counters: SharedArrayBuffer;
}

export type ParseMessage = ParseEvent | { kind: 'failed'; code: ErrorCode; message: string };

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
    Atomics.add(counters, 0, 1);
    Atomics.notify(counters, 0);
  };
  try {
    for await (const e of parseImportEvents({ bytes: data.bytes, fileName: data.fileName, event: data.event, mapping: data.mapping, derive: () => Atomics.load(counters, 0) - Atomics.load(counters, 1) >= DERIVE_AHEAD })) {
      post(e);
      for (let taken = Atomics.load(counters, 1); Atomics.load(counters, 0) - taken > MAX_AHEAD; taken = Atomics.load(counters, 1)) {
        Atomics.wait(counters, 1, taken, WAIT_MS);
      }
    }
  } catch (e) {
    post({ kind: 'failed', code: e instanceof AppFailure ? e.code : 'internal', message: (e as Error).message });
  } finally {
    data.port.close();
  }
}

const data = workerData as ParseWorkerData | undefined;
if (data?.kind === 'lanyard-parse') await runParseWorker(data);
