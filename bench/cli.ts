import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { issueCredential } from '../src/main/core/credentials/credentials';
import { vaultFor } from '../src/main/core/credentials/keys';
import { ensureCliBuilt } from '../tests/helpers/cli-build';
import { badgePages, chromiumPrintToPdf } from './badges';
import type { Measurement, Scenario } from './harness';
import { benchEvent, CHROMIUM, ms, percentile, round } from './harness';

const BIN = resolve(import.meta.dirname, '../bin/lanyard.js');
/** Starts of each command, taken in turns so that a busy moment of the machine falls on all of them alike. */
const STARTS = 21;
const BADGES = 1_000;
const BADGE_RUNS = 5;
const CHROMIUM_RUNS = 3;

/** A whole process, from spawn to exit, as a shell's `time` sees it; a failure stops the bench. */
function wall(args: string[]): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const taken = ms(t);
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  // The built CLI says nothing on stderr; a word there is the fallback to the source, which this must not time.
  if (r.stderr !== '') throw new Error(`node ${args.join(' ')} said: ${r.stderr}`);
  return taken;
}

function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-bench-cli-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

const summary = (samples: number[]) => `median ${round(percentile(samples, 50), 1)} ms, p95 ${round(percentile(samples, 95), 1)} ms, max ${round(Math.max(...samples), 1)} ms`;

/** `lanyard info` and `lanyard scan` on the CNMC 2024 database with its 3,000-person demo roster, beside `node -e 0`. */
export const cliStartScenario: Scenario = {
  name: 'cli.start',
  run: () =>
    withTempDir(async (dir) => {
      await ensureCliBuilt();
      const { db, attendees } = benchEvent(dir, 3_000, 2024);
      const code = issueCredential(db, vaultFor(db), attendees.find((a) => a.categoryId === 'delegate')!.id).payload;
      db.close();
      const file = join(dir, 'event.db');
      const samples = { node: [] as number[], info: [] as number[], scan: [] as number[] };
      for (let i = 0; i < STARTS; i++) {
        samples.node.push(wall(['-e', '0']));
        samples.info.push(wall([BIN, 'info', '--db', file]));
        samples.scan.push(wall([BIN, 'scan', '--db', file, '--activity', 'main-forum', '--code', code]));
      }
      const node = `node -e 0 in the same run: ${summary(samples.node)}`;
      const m = (metric: string, value: number, reference?: string): Measurement => ({ scenario: 'cli.start', metric, value: round(value, 1), unit: 'ms', ...(reference === undefined ? {} : { reference }) });
      return [
        m(`node -e 0 (a bare Node start), median of ${STARTS}`, percentile(samples.node, 50), summary(samples.node)),
        m(`lanyard info, median of ${STARTS} (target ≤ 300 ms)`, percentile(samples.info, 50), `${summary(samples.info)}; ${node}`),
        m('lanyard info, p95', percentile(samples.info, 95)),
        m(`lanyard scan, median of ${STARTS} (target ≤ 400 ms)`, percentile(samples.scan, 50), `${summary(samples.scan)}; ${node}`),
        m('lanyard scan, p95', percentile(samples.scan, 95)),
      ];
    }),
};

/** `lanyard badge --all` for 1,000 attendees as a whole process, against Chromium printing the same badges, launch to exit. */
export const cliBadgesScenario: Scenario = {
  name: 'cli.badges',
  run: () =>
    withTempDir(async (dir) => {
      await ensureCliBuilt();
      const { db, attendees } = benchEvent(dir, BADGES, 2024);
      const pages = await badgePages(db);
      db.close();
      const file = join(dir, 'event.db');
      const node: number[] = [];
      const lanyard: number[] = [];
      for (let i = 0; i < BADGE_RUNS; i++) {
        node.push(wall(['-e', '0']));
        lanyard.push(wall([BIN, 'badge', '--db', file, '--all', '--out', join(dir, 'badges.pdf')]));
      }
      const chromium: number[] = [];
      for (let i = 0; i < CHROMIUM_RUNS; i++) {
        const printed = await chromiumPrintToPdf(pages, dir, { wholeProcess: true });
        if (printed !== null) chromium.push(printed.ms);
      }
      const median = percentile(lanyard, 50);
      const distinct = new Set(attendees.map((a) => `${a.nameZh ?? ''}|${a.nameEn ?? ''}`)).size;
      return [
        {
          scenario: 'cli.badges',
          metric: `lanyard badge --all, ${pages.length} badges (${distinct} distinct names), whole process, median of ${BADGE_RUNS} (target ≤ 1500 ms)`,
          value: round(median, 1),
          unit: 'ms',
          ...(chromium.length > 0
            ? {
                reference: `Chromium print-to-PDF of the same badges, launch to exit, median of ${CHROMIUM_RUNS}: ${round(percentile(chromium, 50), 1)} ms (target: Lanyard ≥ 4× faster); lanyard ${summary(lanyard)}; node -e 0 ${summary(node)}`,
                ratio: round(percentile(chromium, 50) / median, 2),
              }
            : { reference: `Chromium not found at ${CHROMIUM}: no reference this run; lanyard ${summary(lanyard)}` }),
        },
      ];
    }),
};
