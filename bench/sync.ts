import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { ensureCliBuilt } from '../tests/helpers/cli-build';
import type { Running } from '../tests/helpers/sync';
import { startLanyard, stop } from '../tests/helpers/sync';
import type { Measurement, Scenario } from './harness';
import { benchEvent, ms, percentile, round } from './harness';

const ACTIVITY = 'main-forum';
const STATIONS = 10;
const SCANS = 40;

function lanyard(...args: string[]): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['bin/lanyard.js', ...args], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`lanyard ${args[0]} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

async function withHub<T>(roster: number, fn: (dir: string, hubDb: string, hub: Running) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-bench-sync-'));
  let hub: Running | null = null;
  try {
    benchEvent(dir, roster, 7).db.close();
    const hubDb = join(dir, 'event.db');
    hub = await startLanyard(['hub', '--db', hubDb, '--listen', '127.0.0.1:0']);
    return await fn(dir, hubDb, hub);
  } finally {
    await stop(hub);
    rmSync(dir, { recursive: true, force: true });
  }
}

const codeOf = (file: string, offset: number): string => {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return (db.prepare('SELECT t.code FROM ticket_code t JOIN registration r ON r.attendee_id = t.attendee_id AND r.activity_id = ? ORDER BY t.code LIMIT 1 OFFSET ?').get(ACTIVITY, offset) as { code: string }).code;
  } finally {
    db.close();
  }
};

/** A new door station joins a hub holding 100,000 attendees: pairing code to the first scan decided on its own file. */
export const syncJoinScenario: Scenario = {
  name: 'sync.join-100k',
  run: () => {
    ensureCliBuilt();
    return withHub(100_000, async (dir, hubDb) => {
      const { code } = lanyard('pair', '--db', hubDb, '--role', 'door', '--activity', ACTIVITY) as { code: string };
      const file = join(dir, 'door.db');
      const t = process.hrtime.bigint();
      const joined = lanyard('join', '--db', file, '--code', code) as { attendees: number };
      const joinMs = ms(t);
      const scan = lanyard('scan', '--db', file, '--activity', ACTIVITY, '--code', codeOf(hubDb, 17)) as { outcome: string };
      const totalMs = ms(t);
      if (joined.attendees !== 100_000 || scan.outcome === undefined) throw new Error('the new station did not get the roster');
      const m = (metric: string, value: number, unit: string, extra: Partial<Measurement> = {}): Measurement => ({ scenario: 'sync.join-100k', metric, value, unit, ...extra });
      return [
        m('new door station: `lanyard join` (pin, pair, role snapshot of 100k attendees) + first `lanyard scan` on it (target ≤ 5000)', round(totalMs, 1), 'ms', {
          reference: `join alone ${round(joinMs, 1)} ms`,
        }),
        m("the door's snapshot (phones, e-mails and document numbers removed and their pages overwritten)", round(statSync(file).size / 2 ** 20, 1), 'MiB', { reference: `hub file ${round(statSync(hubDb).size / 2 ** 20, 1)} MiB` }),
      ];
    });
  },
};

/**
 * A scan at one door reaching the other doors: 10 real station processes, each scan made by `lanyard scan` on one
 * door's file; the time from the scan's own timestamp (its decision) to its entry being in another door's file,
 * seen by polling each file every 2 ms (so up to 2 ms late).
 */
export const syncPropagationScenario: Scenario = {
  name: 'sync.propagation',
  run: () => {
    ensureCliBuilt();
    return withHub(3000, async (dir, hubDb) => {
      const doors: Array<{ file: string; sync: Running | null; read: BetterSqlite3.Database | null }> = [];
      try {
        for (let i = 0; i < STATIONS; i++) {
          const { code } = lanyard('pair', '--db', hubDb, '--role', 'door', '--activity', ACTIVITY) as { code: string };
          const file = join(dir, `door-${i}.db`);
          lanyard('join', '--db', file, '--code', code);
          doors.push({ file, sync: null, read: null });
        }
        await Promise.all(doors.map(async (d) => (d.sync = await startLanyard(['station', '--db', d.file]))));
        for (const d of doors) d.read = new BetterSqlite3(d.file, { readonly: true });
        const samples: number[] = [];
        const lost: string[] = [];
        for (let s = 0; s < SCANS; s++) {
          const at = s % STATIONS;
          lanyard('scan', '--db', doors[at]!.file, '--activity', ACTIVITY, '--code', codeOf(hubDb, 100 + s), '--station', `door-${at}`);
          const row = doors[at]!.read!.prepare('SELECT id, at FROM scan ORDER BY rowid DESC LIMIT 1').get() as { id: string; at: string };
          const made = Date.parse(row.at);
          const waiting = new Set(doors.map((_, i) => i).filter((i) => i !== at));
          const deadline = Date.now() + 10_000;
          while (waiting.size > 0 && Date.now() < deadline) {
            for (const i of [...waiting]) {
              if (doors[i]!.read!.prepare('SELECT 1 FROM sync_log WHERE id = ?').get(row.id)) {
                samples.push(Date.now() - made);
                waiting.delete(i);
              }
            }
            await new Promise((r) => setTimeout(r, 2));
          }
          for (const i of waiting) lost.push(`${row.id}@door-${i}`);
        }
        const m = (metric: string, value: number, unit: string, extra: Partial<Measurement> = {}): Measurement => ({ scenario: 'sync.propagation', metric, value, unit, ...extra });
        return [
          m(`scan at one door → applied at each of the other ${STATIONS - 1} doors, p50 (${SCANS} scans, ${samples.length} arrivals)`, round(percentile(samples, 50), 1), 'ms'),
          m(`scan at one door → applied at each of the other ${STATIONS - 1} doors, p95 (target ≤ 250)`, round(percentile(samples, 95), 1), 'ms', { reference: `max ${round(Math.max(...samples), 1)} ms` }),
          m('arrivals not seen within 10 s', lost.length, 'arrivals'),
        ];
      } finally {
        for (const d of doors) d.read?.close();
        await Promise.all(doors.map((d) => stop(d.sync)));
      }
    });
  },
};
