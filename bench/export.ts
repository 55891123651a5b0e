import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/main/core/db/open';
import { generateDemoAttendees } from '../src/main/core/demo/generate';
import { cnmc2024 } from '../src/main/core/event/cnmc2024';
import { insertAttendees } from '../src/main/core/roster/repo';
import { createServices, initEvent } from '../src/main/core/services';
import type { RosterSort } from '../src/shared/roster';
import type { Measurement, Scenario } from './harness';
import { ms, percentile, round } from './harness';

const ROSTER = 100_000;
const SCENARIO = 'roster.export-list-100k';

async function measure<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; peakRssMiB: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t = process.hrtime.bigint();
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, ms: ms(t), peakRssMiB: Math.round(peak / 2 ** 20) };
  } finally {
    clearInterval(timer);
  }
}

/** Exports of the whole 100k roster through the command, and pages of the roster table deep into it. */
export const rosterExportAndList: Scenario = {
  name: SCENARIO,
  run: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanyard-bench-export-'));
    const db = openDatabase(join(dir, 'roster.db'));
    try {
      const event = cnmc2024();
      initEvent(db, event, new Date());
      db.tx(() => insertAttendees(db, generateDemoAttendees({ event, count: ROSTER }), new Date()));
      const services = createServices({ db });
      const out: Measurement[] = [];
      for (const format of ['csv', 'xlsx'] as const) {
        const r = await measure(() => services.call('roster:export', { format }, { transport: 'cli' }));
        if (!r.value.ok) throw new Error(r.value.error.message);
        const file = r.value.value as { rows: number; contentBase64: string };
        out.push(
          { scenario: SCENARIO, metric: `export ${file.rows} rows to ${format.toUpperCase()} (masked)`, value: round(r.ms, 1), unit: 'ms' },
          { scenario: SCENARIO, metric: `${format.toUpperCase()} file size`, value: round((file.contentBase64.length * 3) / 4 / 2 ** 20, 1), unit: 'MiB' },
          { scenario: SCENARIO, metric: `${format.toUpperCase()} export peak RSS`, value: r.peakRssMiB, unit: 'MiB' },
        );
      }
      for (const sort of ['pinyin', 'organisation', 'category', 'created'] as RosterSort[]) {
        const samples: number[] = [];
        for (let i = 0; i < 50; i++) {
          const offset = Math.floor((i / 50) * (ROSTER - 100));
          const t = process.hrtime.bigint();
          const r = await services.call('roster:list', { sort, offset, limit: 100 }, { transport: 'cli' });
          samples.push(ms(t));
          if (!r.ok) throw new Error(r.error.message);
        }
        out.push({ scenario: SCENARIO, metric: `roster:list 100 rows by ${sort}, offsets 0–100k, p50`, value: round(percentile(samples, 50)), unit: 'ms' });
        out.push({ scenario: SCENARIO, metric: `roster:list 100 rows by ${sort}, offsets 0–100k, p99`, value: round(percentile(samples, 99)), unit: 'ms' });
      }
      return out;
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
