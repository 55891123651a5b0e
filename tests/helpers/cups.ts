import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './port';

export interface TestCups {
  /** host:port for lp -h and IPP. */
  server: string;
  addPdfPrinter(name: string): void;
  /** Runs a CUPS admin tool (cupsdisable, cupsenable, lpstat …) against this cupsd. */
  admin(tool: string, ...args: string[]): string;
  stop(): Promise<void>;
}

const PDF_PPD = '/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd';

/**
 * A cupsd of the test's own, on loopback, with its configuration, spool and logs in a temporary folder, started and
 * stopped by pid. Needs the cups and printer-driver-cups-pdf packages (.ci/run installs them) and root, as cupsd
 * runs its filters as the lp user.
 */
export async function startCups(): Promise<TestCups> {
  if (!existsSync('/usr/sbin/cupsd') || !existsSync(PDF_PPD)) throw new Error('cupsd or the cups-pdf driver is missing: apt-get install cups printer-driver-cups-pdf');
  const port = await freePort();
  const root = mkdtempSync(join(tmpdir(), 'lanyard-cups-'));
  for (const dir of ['spool', 'cache', 'state', 'log', 'ppd']) mkdirSync(join(root, dir));
  writeFileSync(
    join(root, 'cupsd.conf'),
    `Listen 127.0.0.1:${port}\nLogLevel warn\nWebInterface No\nBrowsing No\nDefaultAuthType None\n<Location />\n  Order allow,deny\n  Allow 127.0.0.1\n</Location>\n<Location /admin>\n  Order allow,deny\n  Allow 127.0.0.1\n</Location>\n<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n`,
  );
  writeFileSync(
    join(root, 'cups-files.conf'),
    [`ServerRoot ${root}`, `RequestRoot ${root}/spool`, `CacheDir ${root}/cache`, `StateDir ${root}/state`, 'ServerBin /usr/lib/cups', 'DataDir /usr/share/cups', `AccessLog ${root}/log/access_log`, `ErrorLog ${root}/log/error_log`, `PageLog ${root}/log/page_log`, 'SystemGroup root', 'User lp', 'Group lp', 'FileDevice Yes', ''].join('\n'),
  );
  execFileSync('chown', ['-R', 'root:lp', root]);
  chmodSync(root, 0o755);
  const child = spawn('/usr/sbin/cupsd', ['-f', '-c', join(root, 'cupsd.conf'), '-s', join(root, 'cups-files.conf')], { stdio: 'ignore' });
  const server = `127.0.0.1:${port}`;
  const admin = (tool: string, ...args: string[]) => execFileSync(tool, ['-h', server, ...args], { encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      if (/scheduler is running/.test(admin('lpstat', '-r'))) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      const log = existsSync(join(root, 'log', 'error_log')) ? readFileSync(join(root, 'log', 'error_log'), 'utf8') : '';
      child.kill('SIGKILL');
      throw new Error(`cupsd did not start on ${server}: ${log.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    server,
    addPdfPrinter: (name) => void admin('lpadmin', '-p', name, '-E', '-v', 'cups-pdf:/', '-P', PDF_PPD),
    admin,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        process.kill(child.pid!, 'SIGTERM');
        await exited;
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * The badges cups-pdf writes: each job to the submitting user's ~/PDF, named after its title and ending in its job
 * number. Job numbers start again with each cupsd, so only files that appeared since `cupsPdfOutputs()` count.
 */
export function cupsPdfOutputs() {
  const dir = join(homedir(), 'PDF');
  const listing = () => (existsSync(dir) ? readdirSync(dir) : []);
  const before = new Set(listing());
  const fresh = () => listing().filter((f) => !before.has(f) && f.startsWith('Badge_'));
  return {
    /** The new file of spool job `spoolId` (desk-1-7 → …job_7.pdf), as full paths. */
    of: (spoolId: string) => fresh().filter((f) => f.endsWith(`job_${/-(\d+)$/.exec(spoolId)![1]}.pdf`)).map((f) => join(dir, f)),
    clean: () => {
      for (const f of fresh()) rmSync(join(dir, f), { force: true });
    },
  };
}

/** Asks `fn` every 150 ms until `done` says its answer is the one awaited, or `ms` have passed; the last answer either way. */
export async function until<T>(fn: () => Promise<T>, done: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (done(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 150));
  }
}
