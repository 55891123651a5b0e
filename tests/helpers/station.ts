import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from '../../src/shared/commands';
import type { Input, Output } from '../../src/shared/contract';
import type { Result } from '../../src/shared/result';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'bin/lanyard.js');
const STATIC_DIR = join(ROOT, 'out/renderer');

/** A command's value, or the test fails with the station's error code and message. */
export function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

export interface RunningStation {
  /** Loopback origin serving the built renderer and the API. */
  url: string;
  pid: number;
  dbFile: string;
  /** One contract call over HTTP, as any client of the station makes it. */
  call<C extends Command>(command: C, input: Input<C>, token?: string | null): Promise<Result<Output<C>>>;
  stop(): Promise<void>;
}

function lanyard(args: string[]): string {
  return execFileSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (e) {
    // Already gone is what we want.
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      done(true);
    });
  });
}

/** The first line the server prints is `{"url":…,"pid":…}`; anything else means it did not start. */
function readAddress(child: ChildProcess, stderr: () => string): Promise<{ url: string; pid: number }> {
  return new Promise((done, fail) => {
    if (!child.stdout) throw new Error('the station has no stdout');
    const lines = createInterface({ input: child.stdout });
    let text = '';
    const timer = setTimeout(() => fail(new Error(`the station did not print its address within 30 s\n${stderr()}`)), 30_000);
    child.once('exit', (code) => fail(new Error(`the station exited with ${code} before serving\n${stderr()}`)));
    lines.on('line', (line) => {
      text += line;
      try {
        const address = JSON.parse(text) as { url?: unknown; pid?: unknown };
        if (typeof address.url !== 'string' || typeof address.pid !== 'number') throw new Error(`unexpected first output: ${text}`);
        clearTimeout(timer);
        lines.close();
        done({ url: address.url, pid: address.pid });
      } catch (e) {
        // `serve` pretty-prints its JSON over several lines: keep reading until it parses.
        if (!(e instanceof SyntaxError)) fail(e);
      }
    });
  });
}

/**
 * A real station on loopback: a fresh CNMC 2024 database with a demo roster, served with the built
 * renderer by `lanyard serve` in its own process, printing to the CUPS at `printServer` when given. Call stop() in afterAll.
 */
export async function startStation({ attendees = 300, printServer }: { attendees?: number; printServer?: string } = {}): Promise<RunningStation> {
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-e2e-'));
  const dbFile = join(dir, 'e.db');
  lanyard(['init', '--db', dbFile]);
  lanyard(['demo', '--db', dbFile, '--attendees', String(attendees)]);
  return serveStation(dbFile, { printServer, cleanUp: () => rmSync(dir, { recursive: true, force: true }) });
}

/** `lanyard serve` on an existing database file (a hub's, or a station's that joined one), with the built renderer. */
export async function serveStation(dbFile: string, { printServer, cleanUp = () => {}, sync = false }: { printServer?: string | undefined; cleanUp?: () => void; sync?: boolean } = {}): Promise<RunningStation> {
  const print = printServer ? ['--server', printServer] : [];
  // --sync: the station runs its own sync, as the app does (its screens can make it the hub or join one).
  const child = spawn(process.execPath, [CLI, 'serve', '--db', dbFile, '--port', '0', '--static', STATIC_DIR, ...print, ...(sync ? ['--sync'] : [])], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let address: { url: string; pid: number };
  try {
    address = await readAddress(child, () => stderr);
  } catch (e) {
    child.kill('SIGKILL');
    cleanUp();
    throw e;
  }
  if (!/^http:\/\/(127\.0\.0\.1|\[::1\]|localhost):\d+$/.test(address.url)) throw new Error(`the station is not on loopback: ${address.url}`);

  return {
    url: address.url,
    pid: address.pid,
    dbFile,
    async call(command, input, token = null) {
      const response = await fetch(`${address.url}/api/${command}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(input),
      });
      const body: unknown = await response.json();
      return body as Result<Output<typeof command>>;
    },
    async stop() {
      signal(address.pid, 'SIGTERM');
      if (!(await waitForExit(child, 5_000))) {
        signal(address.pid, 'SIGKILL');
        await waitForExit(child, 5_000);
      }
      cleanUp();
    },
  };
}
