import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { openDatabase } from '../src/main/core/db/open';
import type { Db } from '../src/main/core/db/sql';
import { generateDemoAttendees } from '../src/main/core/demo/generate';
import { cnmc2024 } from '../src/main/core/event/cnmc2024';
import { insertAttendees } from '../src/main/core/roster/repo';
import { initEvent } from '../src/main/core/services';
import type { AttendeeRecord } from '../src/shared/attendee';

export interface Measurement {
  scenario: string;
  metric: string;
  value: number;
  unit: string;
  /** What the figure is compared with in the same run, when the issue names one. */
  reference?: string;
  ratio?: number;
}

export interface Scenario {
  name: string;
  run(): Promise<Measurement[]> | Measurement[];
}

/** A fresh event database in `dir` with the CNMC 2024 event and `count` demo attendees, as the scenarios start from. */
export function benchEvent(dir: string, count: number, seed?: number): { db: Db; attendees: AttendeeRecord[] } {
  const event = cnmc2024();
  const db = openDatabase(join(dir, 'event.db'));
  initEvent(db, event, new Date());
  const attendees = generateDemoAttendees({ event, count, ...(seed === undefined ? {} : { seed }) });
  db.tx(() => insertAttendees(db, attendees, new Date()));
  return { db, attendees };
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

export const ms = (startNs: bigint): number => Number(process.hrtime.bigint() - startNs) / 1e6;

export const round = (v: number, digits = 3): number => Number(v.toFixed(digits));

export async function runScenarios(scenarios: Scenario[], only: string[], out: string): Promise<Measurement[]> {
  const results: Measurement[] = [];
  for (const s of scenarios) {
    if (only.length > 0 && !only.some((o) => s.name.includes(o))) continue;
    process.stdout.write(`… ${s.name}\n`);
    results.push(...(await s.run()));
  }
  printTable(results);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\nwrote ${out}\n`);
  return results;
}

function printTable(rows: Measurement[]): void {
  const cells = rows.map((r) => [r.scenario, r.metric, `${r.value} ${r.unit}`, r.reference ?? '', r.ratio === undefined ? '' : `${r.ratio}×`]);
  const header = ['scenario', 'metric', 'value', 'reference', 'ratio'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  process.stdout.write(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const c of cells) process.stdout.write(`${line(c)}\n`);
}

/** Debian's Chromium, which the browser scenarios drive and measure against. */
export const CHROMIUM = '/usr/bin/chromium';

/** The renderer the browser scenarios load from `lanyard serve`: built here unless the tests built it already. */
export function ensureRendererBuilt(): void {
  const root = resolve(import.meta.dirname, '..');
  if (!existsSync(join(root, 'out/renderer/index.html'))) spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'tests/e2e/build-renderer.ts'], { cwd: root, stdio: 'inherit' });
}
