import { parentPort, workerData } from 'node:worker_threads';
import type { BadgeSize } from '../../../shared/badge';
import { AppFailure } from '../../../shared/result';
import { generateDemoAttendees } from '../demo/generate';
import { cnmc2024 } from '../event/cnmc2024';
import type { BadgeFonts } from './fonts';
import { badgeFonts } from './fonts';
import type { BadgeEventData } from './make';
import { badgeEventOf, makeBadge } from './make';
import type { BadgeReplyItem, BadgeWorkerData, BadgeWorkerReply, BadgeWorkerRequest } from './thread-protocol';
import { BADGE_THREAD_READY } from './thread-protocol';

function warmUp(fonts: BadgeFonts, count: number): void {
  const file = cnmc2024();
  const event = badgeEventOf(file);
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  generateDemoAttendees({ event: file, count, seed: 1 }).forEach((a, i) => {
    // Shaped like a credential (121 characters of its alphabet), different for each, so the QR work is a real one.
    const payload = `L1${Array.from({ length: 119 }, (_, k) => alphabet[(i * 7 + k * k * 13) % 32]).join('')}`;
    try {
      makeBadge(event, { ...a, registrations: [] }, payload, fonts);
    } catch (e) {
      if (!(e instanceof AppFailure)) throw e;
    }
  });
}

/** A badge thread's answer to each request, with the fonts read once for the thread and `warm` demo badges made first. */
export function badgeWorker(post: (reply: BadgeWorkerReply) => void, warm: number): (request: BadgeWorkerRequest) => void {
  const fonts = badgeFonts();
  warmUp(fonts, warm);
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

const data = workerData as BadgeWorkerData | undefined;
if (parentPort && data?.kind === 'lanyard-badges') {
  const port = parentPort;
  port.on('message', badgeWorker((reply) => port.postMessage(reply), data.warmUp));
  Atomics.add(new Int32Array(data.ready), 0, 1);
  port.postMessage(BADGE_THREAD_READY);
}
