import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { isCommand } from '../../../shared/commands';
import { contract } from '../../../shared/contract';
import { err } from '../../../shared/result';
import { readBodyWithin } from './body';
import type { Services } from '../services';
import { CONTENT_SECURITY_POLICY } from '../../../shared/csp';

export interface HttpServerOptions {
  services: Services;
  /** Loopback only: the renderer and its tests reach the station here. */
  host?: '127.0.0.1' | '::1' | 'localhost';
  port?: number;
  /** The built renderer, served as static files. */
  staticDir?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The commands that carry a file: large enough for a 100k-row registration export sent as base64. */
const FILE_BODY_BYTES = 64 * 1024 * 1024;
const FILE_COMMANDS: ReadonlySet<string> = new Set(['roster:importPreview', 'roster:importCommit', 'roster:importStart', 'event:import', 'badge:saveLayouts']);
/** Every other command's input is a few fields. */
const BODY_BYTES = 1024 * 1024;
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};

/** The same contract as IPC, over HTTP: POST /api/<command> with a JSON body, answered with a Result. */
export function startHttpServer({ services, host = '127.0.0.1', port = 0, staticDir }: HttpServerOptions): Promise<RunningServer> {
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      console.error('http request failed', e);
      if (!res.headersSent) send(res, 500, err('internal', 'the station failed to answer'));
    });
  });

  let origin = '';

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Refuse other Host names so a web page cannot reach this port through DNS rebinding.
    const hostHeader = req.headers.host ?? '';
    const { port: actualPort } = server.address() as AddressInfo;
    if (![`127.0.0.1:${actualPort}`, `localhost:${actualPort}`, `[::1]:${actualPort}`].includes(hostHeader)) {
      send(res, 421, err('forbidden_sender', 'unexpected Host'));
      return;
    }
    const url = new URL(req.url ?? '/', origin);
    const path = decodedPath(url.pathname);
    if (path === null) {
      send(res, 400, err('invalid_input', 'a malformed request path'), true);
      return;
    }
    if (path.startsWith('/api/')) {
      if (req.method !== 'POST') {
        send(res, 405, err('invalid_input', 'use POST'));
        return;
      }
      const requestOrigin = req.headers.origin;
      if (requestOrigin !== undefined && requestOrigin !== origin && requestOrigin !== origin.replace('127.0.0.1', 'localhost')) {
        send(res, 403, err('forbidden_sender', 'cross-origin calls are refused'));
        return;
      }
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        send(res, 415, err('invalid_input', 'send application/json'));
        return;
      }
      // Who is calling and what, before a byte of the body is read: a stranger's large body is never buffered.
      const auth = req.headers.authorization ?? '';
      const token = auth.startsWith('Bearer ') ? auth.slice(7) : null;
      const command = path.slice('/api/'.length);
      if (!isCommand(command)) {
        send(res, 404, err('unknown_command', `no command "${command.slice(0, 64)}"`), true);
        return;
      }
      if (contract[command].role !== 'public' && services.sessions.resolve(token) === null) {
        send(res, 401, err('unauthenticated', 'sign in first'), true);
        return;
      }
      const limit = FILE_COMMANDS.has(command) ? FILE_BODY_BYTES : BODY_BYTES;
      const body = await readBodyWithin(req, limit);
      if (body === null) {
        send(res, 413, err('invalid_input', `request too large: ${command} takes at most ${limit / 1024 / 1024} MiB`), true);
        return;
      }
      let input: unknown;
      try {
        input = body.length === 0 ? {} : (JSON.parse(body) as unknown);
      } catch {
        send(res, 400, err('invalid_input', 'the body is not JSON'));
        return;
      }
      const result = await services.call(command, input, { transport: 'http', token, client: req.socket.remoteAddress ?? '' });
      send(res, 200, result);
      return;
    }
    if (staticDir && (req.method === 'GET' || req.method === 'HEAD')) {
      serveStatic(staticDir, path, res);
      return;
    }
    send(res, 404, err('not_found', 'nothing here'));
  }

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address() as AddressInfo;
      origin = `http://${host === '::1' ? '[::1]' : host}:${actual}`;
      resolvePromise({
        url: origin,
        port: actual,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** A path's percent-escapes decoded; null for a malformed one (`%` not followed by two hex digits). */
function decodedPath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

/** A JSON answer; `close` ends the connection with it, so an unread body is not waited for. */
function send(res: ServerResponse, status: number, body: unknown, close = false): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...(close ? { connection: 'close' } : {}) });
  res.end(text);
}

function serveStatic(root: string, pathname: string, res: ServerResponse): void {
  const base = resolve(root);
  let file = normalize(join(base, pathname));
  if (file !== base && !file.startsWith(base + sep)) {
    send(res, 403, err('forbidden', 'outside the app'));
    return;
  }
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(base, 'index.html');
  if (!existsSync(file)) {
    send(res, 404, err('not_found', 'the renderer is not built; run `npm run build`'));
    return;
  }
  res.writeHead(200, {
    'content-type': MIME[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  });
  createReadStream(file).pipe(res);
}
