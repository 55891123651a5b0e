import { parentPort, workerData } from 'node:worker_threads';
import type { BadgeSize } from '../../../shared/badge';
import type { ErrorCode } from '../../../shared/result';
import { AppFailure } from '../../../shared/result';
import { badgeFonts } from './fonts';
import type { BadgeEventData, IssuedBadge } from './make';
import { makeBadge } from './make';
import type { MadeBadge } from './pdf';

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

/** A badge thread's answer to each request, with the fonts read once for the thread. */
export function badgeWorker(post: (reply: BadgeWorkerReply) => void): (request: BadgeWorkerRequest) => void {
  const fonts = badgeFonts();
  const batches = new Map<number, { event: BadgeEventData; size: BadgeSize | undefined }>();
  return (request) => {
    if (request.type === 'batch') batches.set(request.batch, request);
    else if (request.type === 'end') batches.delete(request.batch);
    else {
      const { event, size } = batches.get(request.batch)!;
      const items = request.items.map(({ attendee, payload }): BadgeReplyItem => {
        try {
          return { made: makeBadge(event, attendee, payload, fonts, size) };
        } catch (e) {
          // An AppFailure leaves one badge out; anything else is a fault the batch stops on, as it would on one thread.
          if (e instanceof AppFailure) return { attendeeId: attendee.id, expected: true, code: e.code, message: e.message, details: e.details };
          return { attendeeId: attendee.id, expected: false, code: 'internal', message: e instanceof Error ? e.message : String(e) };
        }
      });
      post({ batch: request.batch, seq: request.seq, items });
    }
  };
}

if (parentPort && (workerData as { kind?: string } | undefined)?.kind === 'lanyard-badges') {
  const port = parentPort;
  port.on('message', badgeWorker((reply) => port.postMessage(reply)));
}
