import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueCredential } from '../src/main/core/credentials/credentials';
import { vaultFor } from '../src/main/core/credentials/keys';
import { createServices } from '../src/main/core/services';
import type { ScanAnswer } from '../src/shared/checkin';
import type { Measurement, Scenario } from './harness';
import { benchEvent, ms, percentile, round } from './harness';

const ROSTER = 100_000;
const SCANS = 3_000;
const SCENARIO = 'checkin.scan-100k';

/**
 * A door's scan end to end through the service, as the door screen calls it: verify the badge, catch the door ledger
 * up with the log, load the context, decide, append the scan row, commit (WAL, synchronous=FULL) on the station's scan
 * connection. The same run measures a bare one-row INSERT committed alone on the same file: the disk's own floor
 * under any committed answer.
 */
export const checkinScenario: Scenario = {
  name: SCENARIO,
  run: async (): Promise<Measurement[]> => {
    const dir = mkdtempSync(join(tmpdir(), 'lanyard-bench-scan-'));
    try {
      const { db, attendees } = benchEvent(dir, ROSTER);
      const vault = vaultFor(db);
      const step = Math.floor(ROSTER / SCANS);
      const payloads: string[] = [];
      for (let i = 0; i < ROSTER; i += step) payloads.push(issueCredential(db, vault, attendees[i]!.id).payload);
      const services = createServices({ db });
      const scan = async (code: string) => {
        const r = await services.call('scan:record', { scanId: randomUUID(), activityId: 'tech-expo', code, direction: 'in', station: 'bench' }, { transport: 'cli' });
        if (!r.ok) throw new Error(r.error.message);
        return r.value as ScanAnswer;
      };
      for (const p of payloads.slice(0, 200)) await scan(p);
      const samples: number[] = [];
      let admitted = 0;
      for (const p of payloads) {
        const t = process.hrtime.bigint();
        if ((await scan(p)).outcome !== 'refused') admitted++;
        samples.push(ms(t));
      }
      db.raw.exec('CREATE TABLE bench_floor (id INTEGER PRIMARY KEY, at TEXT NOT NULL)');
      const insert = db.raw.prepare('INSERT INTO bench_floor (at) VALUES (?)');
      const floor: number[] = [];
      for (let i = 0; i < SCANS; i++) {
        const t = process.hrtime.bigint();
        db.tx(() => insert.run(new Date().toISOString()));
        floor.push(ms(t));
      }
      db.close();
      const m = (metric: string, value: number, unit: string): Measurement => ({ scenario: SCENARIO, metric, value, unit });
      return [
        m(`scan → verified, decided, committed (WAL, synchronous=FULL), ${SCANS} badges over 100k attendees p50`, round(percentile(samples, 50)), 'ms'),
        {
          ...m('scan → committed p99 (target ≤ 1)', round(percentile(samples, 99)), 'ms'),
          reference: `one-row INSERT committed alone on the same file: p50 ${round(percentile(floor, 50))} ms, p99 ${round(percentile(floor, 99))} ms`,
          ratio: round(percentile(samples, 99) / percentile(floor, 99), 2),
        },
        m('scans admitted', admitted, `of ${payloads.length}`),
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
