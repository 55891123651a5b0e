import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import type { Server, Socket } from 'node:net';
import { connect, createServer } from 'node:net';
import BetterSqlite3 from 'better-sqlite3';

/** A `lanyard` process that runs until stopped (hub, station), with the first JSON line it printed. */
export interface Running {
  proc: ChildProcess;
  first: Record<string, unknown>;
  stderr: () => string;
}

/** Starts `lanyard ARGS` as its own process and waits for its first line of JSON on stdout. */
export function startLanyard(args: string[], timeoutMs = 30_000, env: Record<string, string> = {}): Promise<Running> {
  const proc = spawn(process.execPath, ['bin/lanyard.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let err = '';
  proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`lanyard ${args[0]} printed nothing within ${timeoutMs} ms: ${err}`));
    }, timeoutMs);
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      try {
        resolve({ proc, first: JSON.parse(out.slice(0, nl)) as Record<string, unknown>, stderr: () => err });
      } catch (e) {
        reject(e as Error);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`lanyard ${args[0]} exited (${code}) before printing: ${err}`));
    });
  });
}

/**
 * A station paired with the hub on `hubDb` and joined as `file` (`lanyard pair`, `lanyard join`), with its sync
 * running (`lanyard station`, plus `args`), as an organiser sets up a desk or a door.
 */
export async function joinedStation(hubDb: string, file: string, { role, activity, name }: { role: 'desk' | 'door'; activity?: string; name: string }, args: string[] = []): Promise<Running> {
  const { code } = json<{ code: string }>(await lanyardAsync('pair', '--db', hubDb, '--role', role, ...(activity === undefined ? [] : ['--activity', activity]), '--name', name));
  json(await lanyardAsync('join', '--db', file, '--code', code));
  return startLanyard(['station', '--db', file, ...args]);
}

/** Stops a process by pid: SIGTERM and wait, or SIGKILL (`kill -9`) at once. */
export function stop(r: Running | null, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
  if (!r || r.proc.exitCode !== null || r.proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    r.proc.once('exit', () => resolve());
    process.kill(r.proc.pid!, signal);
  });
}

/** A `lanyard` command's JSON output; a non-zero exit fails the test with what the command said. */
export function json<T>(r: { code: number | null; stdout: string; stderr: string }): T {
  if (r.code !== 0) throw new Error(`lanyard failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** `lanyard ARGS` as a process of its own, awaited; never throws on a non-zero exit. */
export function lanyardAsync(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/lanyard.js', ...args], { encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/**
 * A TCP relay between stations and the hub that the test can cut and restore: cutting closes every connection
 * through it and refuses new ones, as a pulled cable or a dead switch port would.
 */
export class LinkProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private up = true;
  port = 0;

  constructor(private readonly targetPort: () => number) {}

  async start(): Promise<void> {
    this.server = createServer((client) => {
      if (!this.up) {
        client.destroy();
        return;
      }
      const upstream = connect(this.targetPort(), '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server!.address() as { port: number }).port;
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  cut(): void {
    this.up = false;
    for (const s of this.sockets) s.destroy();
  }

  restore(): void {
    this.up = true;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A file's replicated log as it holds it: ids in the hub's order, then the ones not yet placed. */
export function logOf(file: string): Array<{ id: string; kind: string; seq: number | null; problem: string | null }> {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return db.prepare('SELECT id, kind, hub_seq AS seq, problem FROM sync_log ORDER BY hub_seq IS NULL, hub_seq, rowid').all() as Array<{ id: string; kind: string; seq: number | null; problem: string | null }>;
  } finally {
    db.close();
  }
}

export async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 20_000, everyMs = 100): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await cond()) return Date.now() - start;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
