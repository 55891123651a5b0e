import type { BadgeSize } from '../../../shared/badge';
import type { ErrorCode } from '../../../shared/result';
import type { BadgeEventData, IssuedBadge } from './make';
import type { MadeBadge } from './pdf';

// The messages between the badge threads (worker.ts) and the thread that asks (pool.ts), apart from either, so the
// asking thread never loads the worker's entry module.

/** What the thread asking sends: a batch's event and size, its chunks of issued attendees, its end. */
export type BadgeWorkerRequest =
  | { type: 'batch'; batch: number; event: BadgeEventData; size: BadgeSize | undefined }
  | { type: 'chunk'; batch: number; seq: number; items: IssuedBadge[] }
  | { type: 'end'; batch: number };

/** One per attendee of a chunk, in its order: the badge, or why it was not made. */
export type BadgeReplyItem = { made: MadeBadge } | { attendeeId: string; expected: boolean; code: ErrorCode; message: string; details?: unknown };

export interface BadgeWorkerReply {
  batch: number;
  seq: number;
  items: BadgeReplyItem[];
}

/**
 * What a badge thread is started with: one Int32 shared by all threads, each adding 1 when it can take a batch, and how
 * many demo badges it makes first to have its code optimised.
 */
export interface BadgeWorkerData {
  kind: 'lanyard-badges';
  ready: SharedArrayBuffer;
  warmUp: number;
}

/** Said once, when the thread has read its fonts and can take a batch (and counted in `ready`, for a synchronous look). */
export const BADGE_THREAD_READY = 'ready';
