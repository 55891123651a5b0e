import { parentPort, workerData } from 'node:worker_threads';
import { AppFailure } from '../../../shared/result';
import { openDatabase } from '../db/open';
import { CupsPrinter } from '../printing/cups';
import type { SyncThreadData, SyncThreadReply, SyncThreadRequest } from './thread';
import { SyncRunner } from './runner';

/**
 * The sync thread of a station's app (sync/thread.ts): the hub's server or a desk's or door's loops, on their own
 * connection and their own event loop, so the sync's applies never wait in line with the door's scans.
 */
const data = workerData as SyncThreadData;
const runner = new SyncRunner({
  dbFile: data.dbFile,
  open: (file) => openDatabase(file, data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}),
  log: (line) => parentPort!.postMessage({ log: line } satisfies SyncThreadReply),
  // The printers this station's badges go to, for the hub's dashboard (CUPS; Windows prints through Electron).
  ...(process.platform === 'win32' ? {} : { printers: () => new CupsPrinter().list() }),
});

parentPort!.on('message', (request: SyncThreadRequest) => {
  const answer = (reply: SyncThreadReply) => parentPort!.postMessage(reply);
  const work = request.op === 'restart' ? runner.restart() : runner.stop().then(() => ({ running: null, url: null }));
  work.then(
    (value) => answer({ id: request.id, value }),
    (e: unknown) => answer({ id: request.id, error: { code: e instanceof AppFailure ? e.code : 'internal', message: (e as Error).message } }),
  );
});
