import type { Worker } from 'node:worker_threads';
import type { ErrorCode } from '../../../shared/result';
import { AppFailure } from '../../../shared/result';
import { spawnWorker } from '../threads';

export interface SyncThreadData {
  dbFile: string;
  nativeBinding?: string | undefined;
}

export type SyncThreadRequest = { id: number; op: 'restart' | 'stop' };

export type RunnerState = { running: 'hub' | 'station' | null; url: string | null };

export type SyncThreadReply = { log: string } | { id: number; value: RunnerState } | { id: number; error: { code: ErrorCode; message: string } };

/**
 * A station's sync on a thread of its own (sync/worker.ts): the same `restart` and `stop` as SyncRunner, answered by
 * messages. The thread starts at the first restart and ends at stop.
 */
export class SyncThread {
  private worker: Worker | null = null;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (v: RunnerState) => void; reject: (e: Error) => void }>();

  constructor(private readonly options: SyncThreadData & { log: (line: string) => void }) {}

  private ask(op: SyncThreadRequest['op']): Promise<RunnerState> {
    if (this.worker === null) {
      const worker = spawnWorker('sync-worker', { dbFile: this.options.dbFile, nativeBinding: this.options.nativeBinding } satisfies SyncThreadData);
      worker.on('message', (reply: SyncThreadReply) => {
        if ('log' in reply) return this.options.log(reply.log);
        const waiter = this.waiting.get(reply.id);
        this.waiting.delete(reply.id);
        if ('error' in reply) waiter?.reject(new AppFailure(reply.error.code, reply.error.message));
        else waiter?.resolve(reply.value);
      });
      worker.on('error', (e) => {
        this.options.log(`the sync thread failed: ${e.stack ?? e.message}`);
        for (const w of this.waiting.values()) w.reject(e);
        this.waiting.clear();
        this.worker = null;
      });
      this.worker = worker;
    }
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker!.postMessage({ id, op } satisfies SyncThreadRequest);
    });
  }

  restart(): Promise<RunnerState> {
    return this.ask('restart');
  }

  async stop(): Promise<void> {
    if (this.worker === null) return;
    await this.ask('stop').catch(() => undefined);
    await this.worker?.terminate();
    this.worker = null;
  }
}
