import { chmodSync, createWriteStream, existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Agent } from 'node:https';
import { request } from 'node:https';
import { pipeline } from 'node:stream/promises';
import type { PrinterView } from '../../../shared/printing';
import { AppFailure } from '../../../shared/result';
import type { StationPrinter } from '../../../shared/sync';
import { clockWarning, inContact } from '../../../shared/sync';
import { APP_VERSION } from '../../../shared/version';
import { systemClock } from '../clock';
import { issuerKeyFile, newIssuerKey } from '../credentials/issuers';
import { openDatabase } from '../db/open';
import { badgePrinters, PRINTERS_EVERY_MS } from '../printing/health';
import { FORGET_ENTRY, rewriteForgotten } from '../roster/forget';
import type { Db } from '../db/sql';
import { sql } from '../db/sql';
import { decodePairingCode } from './hub';
import type { Ack, LogEntry, SyncRole } from './log';
import { adoptEpoch, applyFromHub, readSyncState, recordAcks, unsentCount, unsentEntries } from './log';
import { fetchPinnedCert, PinMismatch, pinnedAgent } from './tls';
import { installRowTriggers } from './triggers';

const TIMEOUT_MS = 10_000;
const PULL_WAIT_MS = 20_000;
const PUSH_BATCH = 500;
/** A pull page at least this long means the station is behind: it pulls again at once. */
const CATCH_UP_PAGE = 200;
const IDLE_POLL_MS = 25;
const BACKOFF_MIN_MS = 200;
const BACKOFF_MAX_MS = 5000;

interface Answer {
  status: number;
  body: unknown;
  hubTime: number | null;
  sentAt: number;
  receivedAt: number;
}

/** This laptop's clock against the hub's by one exchange: the hub's time less the exchange's midpoint, and its round trip. */
const clockOf = (a: Answer): { offset: number; rtt: number } | null =>
  a.hubTime === null ? null : { offset: Math.round(a.hubTime - (a.sentAt + a.receivedAt) / 2), rtt: a.receivedAt - a.sentAt };

class HubRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HubRefused';
  }
}

/** One JSON request to the hub over the pinned connection. */
function call(agent: Agent, base: string, method: string, path: string, token: string | null, body?: unknown, timeoutMs = TIMEOUT_MS, epoch?: string): Promise<Answer> {
  const url = new URL(path, base);
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const sentAt = systemClock.now().getTime();
    const req = request(
      url,
      {
        method,
        agent,
        timeout: timeoutMs,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(epoch ? { 'x-lanyard-epoch': epoch } : {}),
          ...(text === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const receivedAt = systemClock.now().getTime();
          const hubTime = Number(res.headers['x-lanyard-hub-time']);
          let parsed: unknown = null;
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            parsed = null;
          }
          const answer = { status: res.statusCode ?? 0, body: parsed, hubTime: Number.isFinite(hubTime) ? hubTime : null, sentAt, receivedAt };
          if (answer.status >= 400) {
            const error = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
            reject(new HubRefused(answer.status, error?.code ?? 'internal', error?.message ?? `the hub answered ${answer.status}`, (parsed ?? {}) as Record<string, unknown>));
            return;
          }
          resolve(answer);
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`the hub did not answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(text);
  });
}

export interface JoinOptions {
  dbFile: string;
  code: string;
  name?: string | undefined;
}

/**
 * Joins a hub: pins its certificate by the code's fingerprint, spends the one-time secret for a credential, and
 * makes this station's database from the hub's snapshot for its role; the log after the snapshot follows once the
 * station runs.
 */
export async function joinHub({ dbFile, code, name }: JoinOptions): Promise<{ station: string; name: string; role: SyncRole; activityId: string | null; attendees: number; through: number; issuer: string | null }> {
  if (existsSync(dbFile)) throw new AppFailure('conflict', `${dbFile} exists already: a station joins into a new database file`);
  const pairing = decodePairingCode(code);
  let cert: string;
  try {
    cert = await fetchPinnedCert(pairing.url, pairing.fingerprint);
  } catch (e) {
    if (e instanceof PinMismatch) throw new AppFailure('forbidden', e.message);
    throw new AppFailure('unreachable', `cannot reach the hub at ${pairing.url}: ${(e as Error).message}`);
  }
  const agent = pinnedAgent(cert, pairing.fingerprint);
  try {
    // A desk signs badges with its own key while the hub is away; the hub certifies the public half as it pairs.
    const issuing = newIssuerKey();
    const answer = await call(agent, pairing.url, 'POST', '/sync/v1/join', null, { secret: pairing.secret, name, appVersion: APP_VERSION, issuerKey: issuing.publicKey }).catch(refusal);
    // The first measure of this laptop's clock against the hub's: a door decides in hub time from its first scan.
    const clock = clockOf(answer);
    const joined = answer.body as {
      stationId: string;
      token: string;
      role: SyncRole;
      activityId: string | null;
      name: string;
      epoch: string;
      issuer?: string | null;
    };
    const part = `${dbFile}.part`;
    const through = await download(agent, pairing.url, joined.token, part);
    // The desk's issuing key goes beside the file once there is a file: a failed download leaves nothing behind.
    if (joined.issuer) {
      writeFileSync(issuerKeyFile(dbFile), issuing.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
      chmodSync(issuerKeyFile(dbFile), 0o600);
    }
    renameSync(part, dbFile);
    const db = openDatabase(dbFile);
    try {
      installRowTriggers(db);
      db.run(sql`INSERT INTO sync_state (one, role, station_id, station_name, activity_id, epoch, hub_url, hub_fingerprint, hub_cert, token, applied_through, last_contact, clock_offset_ms, clock_rtt_ms)
        VALUES (1, ${joined.role}, ${joined.stationId}, ${joined.name}, ${joined.activityId}, ${joined.epoch}, ${pairing.url}, ${pairing.fingerprint}, ${cert}, ${joined.token}, ${through},
          ${systemClock.now().toISOString()}, ${clock?.offset ?? null}, ${clock?.rtt ?? null})`);
      const attendees = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM attendee`)?.n ?? 0;
      return { station: joined.stationId, name: joined.name, role: joined.role, activityId: joined.activityId, attendees, through, issuer: joined.issuer ?? null };
    } finally {
      db.close();
    }
  } finally {
    agent.destroy();
  }
}

function refusal(e: unknown): never {
  if (e instanceof HubRefused) throw new AppFailure(e.code === 'forbidden' || e.code === 'revoked' ? 'forbidden' : e.code === 'unauthenticated' ? 'unauthenticated' : 'invalid_input', e.message);
  throw new AppFailure('unreachable', (e as Error).message);
}

async function download(agent: Agent, base: string, token: string, file: string): Promise<number> {
  const url = new URL('/sync/v1/snapshot', base);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', agent, timeout: 60_000, headers: { authorization: `Bearer ${token}` } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new AppFailure('unreachable', `the hub did not give its snapshot (${res.statusCode})`));
        return;
      }
      const through = Number(res.headers['x-lanyard-through'] ?? 0);
      pipeline(res, createWriteStream(file, { mode: 0o600 }))
        .then(() => resolve(through))
        .catch((e: unknown) => {
          rmSync(file, { force: true });
          reject(e as Error);
        });
    });
    req.on('timeout', () => req.destroy(new Error('the snapshot stopped coming')));
    req.on('error', reject);
    req.end();
  });
}

export interface SyncStatus {
  role: SyncRole;
  station: string;
  hub: string | null;
  connected: boolean;
  lastContact: string | null;
  offlineSince: string | null;
  unsent: number;
  appliedThrough: number;
  clockOffsetMs: number | null;
  clockWarning: boolean;
  revoked: boolean;
}

/** What the top bar and `lanyard sync status` say, read from the file (whichever process runs the sync). */
export function syncStatus(db: Db, now = systemClock.now()): SyncStatus {
  const s = readSyncState(db);
  if (!s) throw new AppFailure('not_found', 'this station is on its own: it has not joined a hub');
  const recent = inContact(s.lastContact, now.getTime());
  return {
    role: s.role,
    station: s.stationId,
    hub: s.role === 'hub' ? null : s.hubUrl,
    connected: s.role === 'hub' || (recent && s.offlineSince === null && !s.revoked),
    lastContact: s.lastContact,
    offlineSince: s.offlineSince,
    unsent: unsentCount(db),
    appliedThrough: s.appliedThrough,
    clockOffsetMs: s.clockOffsetMs,
    clockWarning: clockWarning(s.clockOffsetMs),
    revoked: s.revoked,
  };
}

export interface StationSyncOptions {
  /** A connection of the sync's own to the station's file. */
  db: Db;
  log?: (line: string) => void;
  /** Called once, at the first exchange with the hub. */
  onConnected?: () => void;
  /** This laptop's printers as its spooler sees them (CUPS), for the hub's dashboard; none where it cannot print. */
  printers?: () => Promise<PrinterView[]>;
}

/**
 * A station's side of sync, beside its screens and never in the path of a decision: it pushes its own entries as
 * they are logged (by any connection or process on the file) and applies the hub's feed in the hub's order. When
 * the hub is away, both loops back off and retry by themselves; the unsent entries wait in the log.
 */
export class StationSync {
  private running = false;
  private readonly agent: Agent;
  private readonly base: string;
  private readonly token: string;
  private connected = false;
  private loops: Promise<void>[] = [];
  private readonly wakers = new Set<() => void>();

  constructor(private readonly options: StationSyncOptions) {
    const s = readSyncState(options.db);
    if (!s || s.role === 'hub' || !s.hubUrl || !s.hubCert || !s.hubFingerprint || !s.token) throw new AppFailure('not_found', 'this station has not joined a hub');
    if (s.revoked) throw new AppFailure('forbidden', 'this station was revoked by its hub');
    // Its commits wait for no disk flush (WAL, synchronous=NORMAL), so the door's own FULL scans find the lock free:
    // what it writes is on the hub already and its cursor moves in the same transaction. A hub stays FULL: a place it
    // answered must survive a power cut, or the station holding the answer never sends that entry again.
    options.db.raw.pragma('synchronous = NORMAL');
    installRowTriggers(options.db);
    this.agent = pinnedAgent(s.hubCert, s.hubFingerprint);
    this.base = s.hubUrl;
    this.token = s.token;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = [this.loop('push', () => this.pushOnce()), this.loop('pull', () => this.pullOnce())];
    if (this.options.printers) this.loops.push(this.loop('printers', () => this.printersOnce()));
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const w of [...this.wakers]) w();
    this.agent.destroy();
    await Promise.allSettled(this.loops);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  /** Runs one side until stopped: `once` says whether it did anything (no pause then); failures back off. */
  private async loop(name: string, once: () => Promise<boolean>): Promise<void> {
    let backoff = BACKOFF_MIN_MS;
    while (this.running) {
      try {
        const busy = await once();
        backoff = BACKOFF_MIN_MS;
        if (!busy) await this.sleep(IDLE_POLL_MS);
      } catch (e) {
        if (!this.running) return;
        if (e instanceof HubRefused && e.code === 'epoch_changed' && typeof e.body.epoch === 'string' && typeof e.body.base === 'number') {
          const unplaced = adoptEpoch(this.options.db, e.body.epoch, e.body.base);
          this.options.log?.(`sync: the hub was restored (epoch ${e.body.epoch} from place ${e.body.base}); ${unplaced} entries to push again`);
          continue;
        }
        if (e instanceof HubRefused && (e.code === 'revoked' || e.code === 'unauthenticated')) {
          this.options.db.run(sql`UPDATE sync_state SET revoked = 1, offline_since = coalesce(offline_since, ${systemClock.now().toISOString()})`);
          this.options.log?.(`sync ${name}: the hub refuses this station (${e.message}); stopping`);
          this.running = false;
          return;
        }
        this.offline(e as Error, name);
        await this.sleep(backoff);
        backoff = Math.min(BACKOFF_MAX_MS, backoff * 2);
      }
    }
  }

  private offline(e: Error, side: string): void {
    const { db } = this.options;
    const changed = db.run(sql`UPDATE sync_state SET offline_since = ${systemClock.now().toISOString()} WHERE offline_since IS NULL`).changes;
    if (changed > 0) this.options.log?.(`sync ${side}: offline (${e.message})`);
  }

  private lastNoted = 0;

  /**
   * Notes a good exchange: in contact again, and the clock offset of the exchange with the lowest round trip. Written
   * at most once a second while nothing else changes, so a busy feed does not keep taking the file's write lock.
   */
  private contact(a: Answer): void {
    const { db } = this.options;
    const s = readSyncState(db);
    const measured = clockOf(a);
    const better = measured !== null && (s?.clockOffsetMs == null || s.clockRttMs == null || measured.rtt <= s.clockRttMs + 2);
    const quiet = s?.offlineSince === null && s.clockOffsetMs !== null && a.receivedAt - this.lastNoted < 1000;
    if (quiet && this.connected && !better) return;
    this.lastNoted = a.receivedAt;
    const at = new Date(a.receivedAt).toISOString();
    if (better) db.run(sql`UPDATE sync_state SET last_contact = ${at}, offline_since = NULL, clock_offset_ms = ${measured.offset}, clock_rtt_ms = ${measured.rtt}`);
    else db.run(sql`UPDATE sync_state SET last_contact = ${at}, offline_since = NULL`);
    if (!this.connected) {
      this.connected = true;
      this.options.onConnected?.();
    }
  }

  /** The printers last reported to the hub (JSON), and the ones seen since, not yet told. */
  private printersTold: string | null = null;
  private printersSeen: StationPrinter[] | null = null;

  /**
   * Looks at the printers this station prints badges on (those its own print jobs named) every few seconds; a
   * change (a printer stopped, or working again) goes to the hub with the next push, at once.
   */
  private async printersOnce(): Promise<boolean> {
    await this.sleep(PRINTERS_EVERY_MS);
    if (!this.running) return true;
    // The push side looks every few dozen milliseconds, so a change goes out at once.
    this.printersSeen = await badgePrinters(this.options.db, this.options.printers!);
    return true;
  }

  private async pushOnce(): Promise<boolean> {
    const { db } = this.options;
    const entries: LogEntry[] = unsentEntries(db, PUSH_BATCH);
    const printers = this.printersSeen === null || JSON.stringify(this.printersSeen) === this.printersTold ? undefined : this.printersSeen;
    if (entries.length === 0 && printers === undefined) return false;
    const s = readSyncState(db)!;
    const answer = await call(
      this.agent,
      this.base,
      'POST',
      '/sync/v1/push',
      this.token,
      { entries: entries.map(({ seq: _seq, ...e }) => e), appliedThrough: s.appliedThrough, unsent: unsentCount(db), clockOffsetMs: s.clockOffsetMs, appVersion: APP_VERSION, ...(printers === undefined ? {} : { printers }) },
      TIMEOUT_MS,
      s.epoch,
    );
    if (printers !== undefined) this.printersTold = JSON.stringify(printers);
    recordAcks(db, (answer.body as { acks: Ack[] }).acks);
    this.contact(answer);
    // Straight on only while catching up (a full batch): a trickle waits a moment and goes as one push.
    return entries.length === PUSH_BATCH;
  }

  private async pullOnce(): Promise<boolean> {
    const { db } = this.options;
    const s = readSyncState(db)!;
    // The first pull answers at once, so a station knows it is connected without waiting for the feed.
    const wait = this.connected ? PULL_WAIT_MS : 0;
    const query = `since=${s.appliedThrough}&wait=${wait}&unsent=${unsentCount(db)}${s.clockOffsetMs === null ? '' : `&offset=${s.clockOffsetMs}`}`;
    const answer = await call(this.agent, this.base, 'GET', `/sync/v1/pull?${query}`, this.token, undefined, wait + TIMEOUT_MS, s.epoch);
    const { entries } = answer.body as { entries: LogEntry[] };
    applyFromHub(db, entries);
    // The event is over and the roster's copy deleted: the file is rewritten before the hub hears that it was applied.
    if (entries.some((e) => e.kind === FORGET_ENTRY)) rewriteForgotten(db);
    this.contact(answer);
    // Straight on only while catching up; a trickle is gathered for a moment, so the door's file sees one short
    // write every few dozen milliseconds rather than one per entry.
    return entries.length >= CATCH_UP_PAGE;
  }
}
