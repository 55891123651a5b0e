import { parentPort, workerData } from 'node:worker_threads';
import type { ImportReport } from '../../../shared/import';
import type { ErrorCode } from '../../../shared/result';
import type { Actor } from '../audit/repo';
import { openDatabase } from '../db/open';
import type { ParseLink } from './parse-link';
import { commitParsed } from './pipeline';
import { importEnding } from './plan';

/** What the main thread hands a commit worker: the database path, the link to the file's parse thread and a shared cancel flag. */
export interface ImportWorkerData {
  kind: 'lanyard-import';
  dbFile: string;
  nativeBinding?: string | undefined;
  parse: ParseLink;
  /** One Int32: 0 running, 1 cancel requested. */
  cancel: SharedArrayBuffer;
  at: string;
  by: Actor;
}

export type ImportWorkerMessage =
  | { type: 'progress'; processed: number; total: number }
  | { type: 'done'; report: ImportReport }
  | { type: 'cancelled' }
  | { type: 'failed'; code: ErrorCode; message: string };

/** Commits what the parse thread sends, on its own connection, so the main thread keeps serving the desk meanwhile. */
export async function runImportWorker(data: ImportWorkerData, post: (m: ImportWorkerMessage) => void): Promise<void> {
  const cancel = new Int32Array(data.cancel);
  const db = openDatabase(data.dbFile, data.nativeBinding ? { nativeBinding: data.nativeBinding } : {});
  try {
    const report = await commitParsed(data.parse, {
      db,
      at: new Date(data.at),
      by: data.by,
      onProgress: (p) => post({ type: 'progress', ...p }),
      isCancelled: () => Atomics.load(cancel, 0) === 1,
    });
    post({ type: 'done', report });
  } catch (e) {
    post(importEnding(e));
  } finally {
    data.parse.port.close();
    db.close();
  }
}

const data = workerData as ImportWorkerData | undefined;
if (parentPort && data?.kind === 'lanyard-import') {
  const port = parentPort;
  await runImportWorker(data, (m) => port.postMessage(m));
}
