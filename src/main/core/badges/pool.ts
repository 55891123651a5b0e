import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { BadgeSize } from '../../../shared/badge';
import { AppFailure } from '../../../shared/result';
import { spawnWorker } from '../threads';
import type { BadgeEventData, IssuedBadge, SkippedBadge } from './make';
import type { MadeBadge } from './pdf';
import type { BadgeReplyItem, BadgeWorkerData, BadgeWorkerReply, BadgeWorkerRequest } from './thread-protocol';
import { BADGE_THREAD_READY } from './thread-protocol';

/** Badges a chunk: small enough that the first reach the PDF at once, large enough that messages cost little. */
const CHUNK = 24;

/** Demo badges a station's thread makes before it says it is ready: its code optimised before the first real batch. */
const WARM_UP = 120;

export interface BadgeThreadOptions {
  /** How many threads: by default two, or as many as the cores leave (one core is the asking thread's, writing the PDF). */
  count?: number;
  /**
   * For a process that makes one batch and ends (the command line): its batch goes to the threads at once, even while
   * they start, and they make no demo badges first, with no later batch to pay for it.
   */
  oneShot?: boolean;
}

interface Batch {
  reply: (r: BadgeWorkerReply) => void;
  fail: (e: Error) => void;
}

/**
 * The threads that lay out a batch's badges and make their QR forms while the thread asking writes the PDF. Started at
 * the first batch and kept (fonts read, code warm) for the next; they keep no process alive between batches. A thread
 * that dies fails the batches in flight, and the next batch starts new ones.
 */
export class BadgeThreads {
  private workers: Worker[] = [];
  /** How many of the threads are ready, counted by the threads themselves: a batch can look without waiting for their messages. */
  private readyCount = new Int32Array(new SharedArrayBuffer(4));
  private waiting: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  private readonly batches = new Map<number, Batch>();
  private lastBatch = 0;
  private closing = false;

  private readonly count: number;
  private readonly oneShot: boolean;

  constructor({ oneShot = false, count = Math.max(1, Math.min(2, availableParallelism() - (oneShot ? 1 : 0))) }: BadgeThreadOptions = {}) {
    this.count = count;
    this.oneShot = oneShot;
  }

  /** Starts the threads now, if they are not running, so they read their fonts while this thread prepares a batch. */
  start(): void {
    this.started();
  }

  /** Starts the threads, if they are not running, for a batch to come; settles when they are ready or one failed. */
  warm(): Promise<void> {
    this.started();
    return new Promise((resolve, reject) => {
      if (this.ready) resolve();
      else this.waiting.push({ resolve, reject });
    });
  }

  /** Whether every thread has its fonts read and its code loaded: a batch sent now does not wait for them to start. */
  get ready(): boolean {
    return this.workers.length > 0 && Atomics.load(this.readyCount, 0) === this.workers.length;
  }

  /** Whether a batch goes to the threads now: when they are ready, or at once in a one-shot process (started if need be). */
  get takeBatch(): boolean {
    return this.oneShot || this.ready;
  }

  private started(): Worker[] {
    if (this.workers.length > 0) return this.workers;
    this.closing = false;
    this.readyCount = new Int32Array(new SharedArrayBuffer(4));
    const data: BadgeWorkerData = { kind: 'lanyard-badges', ready: this.readyCount.buffer as SharedArrayBuffer, warmUp: this.oneShot ? 0 : WARM_UP };
    this.workers = Array.from({ length: this.count }, () => {
      const worker = spawnWorker('badge-worker', data);
      worker.unref();
      worker.on('message', (r: BadgeWorkerReply | typeof BADGE_THREAD_READY) => {
        if (r !== BADGE_THREAD_READY) this.batches.get(r.batch)?.reply(r);
        else if (this.ready) for (const w of this.waiting.splice(0)) w.resolve();
      });
      worker.on('error', (e) => this.lost(e));
      worker.on('exit', (code) => this.lost(new Error(`a badge thread stopped (exit code ${code}) in the middle of a batch`)));
      return worker;
    });
    return this.workers;
  }

  private lost(e: Error): void {
    if (this.closing) return;
    const workers = this.workers;
    this.workers = [];
    for (const w of workers) void w.terminate();
    for (const batch of this.batches.values()) batch.fail(e);
    for (const w of this.waiting.splice(0)) w.reject(e);
  }

  /** The badges of the issued attendees, in their order, as the threads make them. */
  async *make(event: BadgeEventData, size: BadgeSize | undefined, issued: Iterable<IssuedBadge>, skipped: SkippedBadge[]): AsyncGenerator<MadeBadge> {
    const workers = this.started();
    const batch = ++this.lastBatch;
    const replies = new Map<number, BadgeReplyItem[]>();
    let failed: Error | null = null;
    let wake = () => {};
    this.batches.set(batch, {
      reply: (r) => {
        replies.set(r.seq, r.items);
        wake();
      },
      fail: (e) => {
        failed ??= e;
        wake();
      },
    });
    const post = (worker: Worker, m: BadgeWorkerRequest) => worker.postMessage(m);
    // While a batch is being made its threads keep the process alive: a CLI awaiting them must not exit.
    if (this.batches.size === 1) for (const w of workers) w.ref();
    for (const w of workers) post(w, { type: 'batch', batch, event, size });
    try {
      // Every credential is issued and sent before the first badge is awaited: the threads start on the first chunks
      // while later ones are signed.
      let chunks = 0;
      let items: IssuedBadge[] = [];
      const send = () => {
        post(workers[chunks % workers.length]!, { type: 'chunk', batch, seq: chunks++, items });
        items = [];
      };
      for (const item of issued) {
        items.push(item);
        if (items.length === CHUNK) send();
      }
      if (items.length > 0) send();
      for (let seq = 0; seq < chunks; seq++) {
        while (!replies.has(seq)) {
          // Set by the threads' handlers, which TypeScript cannot see run between awaits.
          const stopped = failed as Error | null;
          if (stopped !== null) throw new AppFailure('internal', stopped.message);
          await new Promise<void>((resolve) => (wake = resolve));
        }
        const made = replies.get(seq)!;
        replies.delete(seq);
        for (const item of made) {
          if ('made' in item) yield item.made;
          else if (item.expected) skipped.push({ attendeeId: item.attendeeId, failure: new AppFailure(item.code, item.message, item.details) });
          else throw new Error(`the badge of ${item.attendeeId}: ${item.message}`);
        }
      }
    } finally {
      this.batches.delete(batch);
      for (const w of workers) post(w, { type: 'end', batch });
      if (this.batches.size === 0) for (const w of workers) w.unref();
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
