import type { IncomingMessage } from 'node:http';

/**
 * A request's body as text, or null once it passes `limit` (declared or sent): reading stops there, and the caller
 * answers with the connection closed, so an oversized body is never buffered. The station's API and the hub's sync
 * server both read bodies through here.
 */
export function readBodyWithin(req: IncomingMessage, limit: number): Promise<string | null> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.resolve(null);
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        req.removeAllListeners('data');
        done(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}
