import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Agent } from 'node:https';
import { request } from 'node:https';
import { availableParallelism, tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../src/main/core/db/open';
import { createPairing, decodePairingCode } from '../src/main/core/sync/hub';
import { fetchPinnedCert, pinnedAgent } from '../src/main/core/sync/tls';
import { ensureCliBuilt } from '../tests/helpers/cli-build';
import type { Running } from '../tests/helpers/sync';
import { json, lanyardAsync, startLanyard, stop } from '../tests/helpers/sync';
import type { Measurement, Scenario } from './harness';
import { benchEvent, percentile, round } from './harness';

/**
 * The venue at full size (issue 14): a hub, 10 real door stations (`lanyard station` processes applying to their own
 * files) and 90 clients that speak the sync protocol from this process (paired with a code, then pushing scans and
 * long-polling the feed as a station does, without a database of their own), 200 scans a second for 60 s: 100 a
 * second written into the real stations' files (as their door screens write them) and 100 a second pushed by the
 * clients. Each scan's way is timed from its making to its arrival at every other station: applied in a real
 * station's file (seen by polling each file every 25 ms) or received by a client. The hub's CPU and memory are read
 * from /proc.
 */

const ACTIVITY = 'main-forum';
const REAL = 10;
const CLIENTS = 90;
const RATE_PER_SIDE = 100;
const SECONDS = Number(process.env.LANYARD_BENCH_FLEET_SECONDS ?? 60);
const POLL_MS = 25;

interface Reply {
  status: number;
  body: unknown;
}

function call(agent: Agent, base: string, method: string, path: string, token: string | null, body?: unknown): Promise<Reply> {
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, base),
      {
        method,
        agent,
        timeout: 30_000,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(text === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') as unknown }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(text);
  });
}

/** A station of the protocol alone: paired, pushing its scans one at a time as they happen, following the feed. */
class ProtocolClient {
  private token = '';
  private since = 0;
  private running = true;
  private pulling: Promise<void> = Promise.resolve();
  readonly received = new Set<string>();

  constructor(
    private readonly agent: Agent,
    private readonly base: string,
    readonly name: string,
  ) {}

  async join(secret: string): Promise<void> {
    const joined = await call(this.agent, this.base, 'POST', '/sync/v1/join', null, { secret, name: this.name, appVersion: 'bench' });
    if (joined.status !== 200) throw new Error(`join refused: ${JSON.stringify(joined.body)}`);
    this.token = (joined.body as { token: string }).token;
    const hello = await call(this.agent, this.base, 'GET', '/sync/v1/hello', this.token);
    this.since = (hello.body as { last: number }).last;
  }

  follow(onEntry: (id: string, client: ProtocolClient) => void): void {
    this.pulling = (async () => {
      while (this.running) {
        try {
          const r = await call(this.agent, this.base, 'GET', `/sync/v1/pull?since=${this.since}&wait=20000`, this.token);
          const entries = (r.body as { entries: Array<{ id: string; seq: number }> }).entries ?? [];
          for (const e of entries) {
            this.received.add(e.id);
            onEntry(e.id, this);
            this.since = e.seq;
          }
          // As StationSync does: straight on only while catching up, else a moment to gather a trickle.
          if (entries.length < 200) await new Promise((done) => setTimeout(done, 25));
        } catch {
          await new Promise((done) => setTimeout(done, 200));
        }
      }
    })();
  }

  async push(entry: { id: string; origin: string; kind: string; at: string; body: string }): Promise<void> {
    const r = await call(this.agent, this.base, 'POST', '/sync/v1/push', this.token, { entries: [entry], unsent: 0 });
    if (r.status !== 200) throw new Error(`push refused: ${JSON.stringify(r.body)}`);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.agent.destroy();
    await this.pulling;
  }
}

/** The whole machine's busy and total CPU time so far (from /proc/stat, in ticks). */
function machineTicks(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** The hub process's CPU time (user + system, in ticks of 10 ms) and its resident memory now and at its peak. */
function hubUsage(pid: number): { cpuMs: number; rssMiB: number; peakMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuMs = (Number(fields[11]) + Number(fields[12])) * 10;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { cpuMs, rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

export const syncFleetScenario: Scenario = {
  name: 'sync.fleet-100',
  run: async () => {
    ensureCliBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'lanyard-bench-fleet-'));
    let hub: Running | null = null;
    const syncs: Running[] = [];
    const clients: ProtocolClient[] = [];
    const writers: BetterSqlite3.Database[] = [];
    let readers: Array<{ read: BetterSqlite3.Database | null }> = [];
    try {
      benchEvent(dir, 3000, 7).db.close();
      const hubDb = join(dir, 'event.db');
      hub = await startLanyard(['hub', '--db', hubDb, '--listen', '127.0.0.1:0']);
      const hubPid = hub.proc.pid!;
      // A hundred pairing codes, made on the hub's file as `lanyard pair` makes them.
      const hubFile = openDatabase(hubDb);
      const codes = Array.from({ length: REAL + CLIENTS }, (_, i) => createPairing(hubFile, { role: 'door', activityId: ACTIVITY, name: `door ${i}`, at: new Date() }).code);
      const people = (hubFile.all<{ id: string }>({ text: 'SELECT id FROM attendee ORDER BY id LIMIT 2000', values: [] })).map((r) => r.id);
      hubFile.close();

      const real: Array<{ file: string; id: string; read: BetterSqlite3.Database | null; last: number }> = [];
      readers = real;
      for (let i = 0; i < REAL; i++) {
        const file = join(dir, `door-${i}.db`);
        const joined = json<{ station: string }>(await lanyardAsync('join', '--db', file, '--code', codes[i]!));
        real.push({ file, id: joined.station, read: null, last: 0 });
      }
      for (const r of real) syncs.push(await startLanyard(['station', '--db', r.file]));
      const { url, fingerprint } = decodePairingCode(codes[0]!);
      const cert = await fetchPinnedCert(url, fingerprint);
      for (let i = 0; i < CLIENTS; i++) {
        const c = new ProtocolClient(pinnedAgent(cert, fingerprint), url, `client-${i}`);
        await c.join(decodePairingCode(codes[REAL + i]!).secret);
        clients.push(c);
      }

      // Each scan: when it was made, and where it was made (its own station does not count it as an arrival).
      const made = new Map<string, { at: number; where: string }>();
      const samples: number[] = [];
      const toReal: number[] = [];
      const toClients: number[] = [];
      const realIds = new Set<string>();
      const arrive = (id: string, where: string) => {
        const scan = made.get(id);
        if (!scan || scan.where === where) return;
        const took = Date.now() - scan.at;
        samples.push(took);
        (realIds.has(where) ? toReal : toClients).push(took);
      };
      for (const r of real) realIds.add(r.id);
      for (const c of clients) c.follow((id, client) => arrive(id, client.name));
      for (const r of real) {
        r.read = new BetterSqlite3(r.file, { readonly: true });
        r.last = (r.read.prepare('SELECT coalesce(max(rowid), 0) AS n FROM sync_log').get() as { n: number }).n;
        const w = new BetterSqlite3(r.file);
        w.pragma('busy_timeout = 5000');
        writers.push(w);
      }
      const observe = setInterval(() => {
        for (const r of real) {
          const rows = r.read!.prepare('SELECT rowid AS n, id FROM sync_log WHERE rowid > ? ORDER BY rowid').all(r.last) as Array<{ n: number; id: string }>;
          for (const row of rows) {
            arrive(row.id, r.id);
            r.last = row.n;
          }
        }
      }, POLL_MS);

      const cpuBefore = hubUsage(hubPid);
      const ownBefore = process.cpuUsage();
      const machineBefore = machineTicks();
      const lag = monitorEventLoopDelay({ resolution: 10 });
      lag.enable();
      const started = Date.now();
      let madeReal = 0;
      let madeClient = 0;
      const pushes: Array<Promise<void>> = [];
      const pushFailures: string[] = [];
      // Both sides paced against the clock, so a late tick catches up rather than lowering the rate.
      await new Promise<void>((done) => {
        const tick = setInterval(() => {
          const elapsed = (Date.now() - started) / 1000;
          const due = Math.min(SECONDS, elapsed) * RATE_PER_SIDE;
          while (madeReal < due) {
            const i = madeReal % REAL;
            const id = randomUUID();
            const at = Date.now();
            made.set(id, { at, where: real[i]!.id });
            writers[i]!.prepare(`INSERT INTO scan (id, at, station, kind, activity_id, attendee_id, code, outcome, reason) VALUES (?, ?, ?, 'entry', ?, ?, NULL, 'admitted', 'ok')`).run(id, new Date(at).toISOString(), `door ${i}`, ACTIVITY, people[madeReal % people.length]);
            madeReal++;
          }
          while (madeClient < due) {
            const c = clients[madeClient % CLIENTS]!;
            const id = randomUUID();
            const at = new Date();
            made.set(id, { at: at.getTime(), where: c.name });
            const body = JSON.stringify({ id, at: at.toISOString(), station: c.name, kind: 'entry', activityId: ACTIVITY, attendeeId: people[(madeClient * 7) % people.length], code: null, outcome: 'admitted', reason: 'ok', note: null, operatorId: null, refersTo: null, why: null });
            pushes.push(c.push({ id, origin: c.name, kind: 'scan', at: at.toISOString(), body }).catch((e: Error) => void pushFailures.push(e.message)));
            madeClient++;
          }
          if (elapsed >= SECONDS) {
            clearInterval(tick);
            done();
          }
        }, 10);
      });
      await Promise.all(pushes);
      const loadEnded = Date.now();
      const cpuAfter = hubUsage(hubPid);
      const own = process.cpuUsage(ownBefore);
      const machineAfter = machineTicks();
      lag.disable();
      // Drained: every scan at every station but its own, or 60 s passed.
      const total = made.size;
      const expected = total * (REAL + CLIENTS - 1);
      const drainDeadline = Date.now() + 60_000;
      while (samples.length < expected && Date.now() < drainDeadline) await new Promise((r) => setTimeout(r, 100));
      clearInterval(observe);
      const drainedMs = Date.now() - loadEnded;
      const missing = expected - samples.length;
      const m = (metric: string, value: number, unit: string, extra: Partial<Measurement> = {}): Measurement => ({ scenario: 'sync.fleet-100', metric, value, unit, ...extra });
      const cpuSeconds = (cpuAfter.cpuMs - cpuBefore.cpuMs) / 1000;
      return [
        m(`scans made in ${SECONDS} s (${REAL} real stations + ${CLIENTS} protocol clients)`, total, 'scans', { reference: `${round(total / SECONDS, 1)} scans/s; pushes refused ${pushFailures.length}` }),
        m('scan → applied/received at each of the other 99 stations, p50', round(percentile(samples, 50), 1), 'ms', { reference: `${samples.length} arrivals` }),
        m('scan → applied/received at each of the other 99 stations, p95 (target ≤ 1000)', round(percentile(samples, 95), 1), 'ms', { reference: `p99 ${round(percentile(samples, 99), 1)} ms, max ${round(samples.reduce((a, b) => Math.max(a, b), 0), 1)} ms` }),
        m('… at the 10 real stations (applied to their files), p95', round(percentile(toReal, 95), 1), 'ms', { reference: `p50 ${round(percentile(toReal, 50), 1)} ms, p99 ${round(percentile(toReal, 99), 1)} ms` }),
        m('… at the 90 protocol clients (received), p95', round(percentile(toClients, 95), 1), 'ms', { reference: `p50 ${round(percentile(toClients, 50), 1)} ms, p99 ${round(percentile(toClients, 99), 1)} ms` }),
        m('arrivals missing after the load stopped and 60 s of draining (target 0: nothing lost)', missing, 'arrivals', { reference: `drained in ${drainedMs} ms` }),
        m("hub CPU during the load (one core = 100 %)", round((cpuSeconds / SECONDS) * 100, 1), '%', { reference: `${round(cpuSeconds, 1)} CPU-s over ${SECONDS} s` }),
        m("this process's CPU during the load (90 clients, the files' observers, the scans written)", round(((own.user + own.system) / 1e6 / SECONDS) * 100, 1), '%', { reference: `event loop delay p99 ${round(lag.percentile(99) / 1e6, 1)} ms, max ${round(lag.max / 1e6, 0)} ms` }),
        m('the whole machine busy during the load (all cores)', round(((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)) * 100, 1), '%', { reference: `${availableParallelism()} cores` }),
        m('hub resident memory at the end of the load', round(cpuAfter.rssMiB, 1), 'MiB', { reference: `peak ${round(cpuAfter.peakMiB, 1)} MiB` }),
      ];
    } finally {
      for (const w of writers) w.close();
      for (const r of readers) r.read?.close();
      await Promise.all(clients.map((c) => c.stop()));
      await Promise.all(syncs.map((s) => stop(s)));
      await stop(hub);
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
