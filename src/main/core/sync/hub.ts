import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, createReadStream, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import BetterSqlite3 from 'better-sqlite3';
import { maskDocument, maskPhone } from '../../../shared/mask';
import { AppFailure } from '../../../shared/result';
import type { Db } from '../db/sql';
import { Db as DbClass, sql } from '../db/sql';
import { readBodyWithin } from '../http/body';
import { systemClock } from '../clock';
import { newId } from '../ids';
import { certifyIssuer, revokeIssuer } from '../credentials/issuers';
import { vaultFor } from '../credentials/keys';
import { FORGET_ENTRY } from '../roster/forget';
import { completeSearchIndex } from '../search/repo';
import type { StationRow } from '../../../shared/sync';
import { clockWarning, inContact, parseStationPrinters } from '../../../shared/sync';
import type { LogEntry, SyncRole } from './log';
import { entriesAfter, lastSeq, readSyncState, sequenceEntries } from './log';
import { bodyForRole } from './rows';
import { installRowTriggers } from './triggers';
import type { HubIdentity } from './tls';
import { makeHubIdentity } from './tls';

const PAIRING_MINUTES = 10;
const MAX_WAIT_MS = 25_000;
const PULL_LIMIT = 2000;
const WAKE_POLL_MS = 20;
const NOTE_EVERY_MS = 1000;
/** Bodies each route reads at most; the credential is checked before a byte of any body is read. */
const BODY_LIMITS = { join: 4 * 1024, push: 8 * 1024 * 1024 } as const;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const keyFileOf = (dbFile: string) => `${dbFile}.hub-key`;

/** What a pairing code carries: where the hub is, the one-time secret, and the fingerprint to pin. */
export interface PairingCode {
  url: string;
  secret: string;
  fingerprint: string;
}

const CODE_PREFIX = 'LANYARD-PAIR-1:';

export const encodePairingCode = (c: PairingCode): string =>
  `${CODE_PREFIX}${Buffer.from(JSON.stringify({ u: c.url, s: c.secret, f: c.fingerprint })).toString('base64url')}`;

export function decodePairingCode(code: string): PairingCode {
  const text = code.trim();
  if (!text.startsWith(CODE_PREFIX)) throw new AppFailure('invalid_input', 'not a Lanyard pairing code');
  try {
    const o = JSON.parse(Buffer.from(text.slice(CODE_PREFIX.length), 'base64url').toString('utf8')) as { u?: unknown; s?: unknown; f?: unknown };
    if (typeof o.u !== 'string' || typeof o.s !== 'string' || typeof o.f !== 'string' || !/^[0-9a-f]{64}$/.test(o.f)) throw new Error('fields');
    new URL(o.u);
    return { url: o.u, secret: o.s, fingerprint: o.f };
  } catch {
    throw new AppFailure('invalid_input', 'the pairing code is damaged: type or scan it again');
  }
}

/**
 * Makes this event's database the hub: a TLS identity (the key in a file beside the database, mode 0600, like the
 * signing key; the certificate in the database), a station id and an epoch, and every scan already recorded put
 * into the log in the order it was made. Once a hub, always the same hub: calling again changes nothing.
 */
export async function becomeHub(db: Db, dbFile: string, name: string): Promise<{ fingerprint: string; stationId: string }> {
  const state = readSyncState(db);
  if (state && state.role !== 'hub') throw new AppFailure('conflict', `this database is a ${state.role} station paired with a hub; it cannot be a hub`);
  const hub = db.get<{ fingerprint: string }>(sql`SELECT fingerprint FROM sync_hub`);
  if (state && hub && existsSync(keyFileOf(dbFile))) return { fingerprint: hub.fingerprint, stationId: state.stationId };
  const identity = await makeHubIdentity(`Lanyard hub ${name}`);
  writeFileSync(keyFileOf(dbFile), identity.key, { mode: 0o600 });
  chmodSync(keyFileOf(dbFile), 0o600);
  const stationId = state?.stationId ?? `hub-${newId(8)}`;
  db.tx(() => {
    // From now on every change another station needs is logged (sync/triggers.ts).
    installRowTriggers(db);
    db.run(sql`DELETE FROM sync_hub`);
    db.run(sql`INSERT INTO sync_hub (one, cert, fingerprint) VALUES (1, ${identity.cert}, ${identity.fingerprint})`);
    if (!state) {
      db.run(sql`INSERT INTO sync_state (one, role, station_id, station_name, epoch) VALUES (1, 'hub', ${stationId}, ${name}, ${newId(12)})`);
      db.run(sql`INSERT INTO sync_log (id, origin, kind, at, body, hub_seq)
        SELECT id, ${stationId}, 'scan', at,
          json_object('id', id, 'at', at, 'station', station, 'kind', kind, 'activityId', activity_id, 'attendeeId', attendee_id,
            'code', code, 'outcome', outcome, 'reason', reason, 'note', note, 'operatorId', operator_id, 'refersTo', refers_to, 'why', why,
            'clockOffsetMs', clock_offset_ms),
          row_number() OVER (ORDER BY rowid)
        FROM scan WHERE true ORDER BY rowid`);
    }
  });
  return { fingerprint: identity.fingerprint, stationId };
}

function hubIdentity(db: Db, dbFile: string): HubIdentity {
  const row = db.get<{ cert: string; fingerprint: string }>(sql`SELECT cert, fingerprint FROM sync_hub`);
  if (!row || !existsSync(keyFileOf(dbFile))) throw new AppFailure('not_found', 'this database is not a hub yet: run `lanyard hub` on it');
  return { cert: row.cert, key: readFileSync(keyFileOf(dbFile), 'utf8'), fingerprint: row.fingerprint };
}

export interface PairingOptions {
  role: Exclude<SyncRole, 'hub'>;
  activityId?: string | undefined;
  name?: string | undefined;
  at: Date;
}

/** A one-time pairing code for a new station of a role (and a door's activity): single use, 10 minutes. */
export function createPairing(db: Db, { role, activityId, name, at }: PairingOptions): { code: string; expiresAt: string } {
  const hub = db.get<{ fingerprint: string; url: string | null }>(sql`SELECT fingerprint, url FROM sync_hub`);
  if (!hub || readSyncState(db)?.role !== 'hub') throw new AppFailure('not_found', 'this database is not a hub yet: run `lanyard hub` on it');
  if (!hub.url) throw new AppFailure('conflict', 'the hub has not listened on the LAN yet, so a code cannot say where it is: start `lanyard hub --listen HOST:PORT` first');
  if (role === 'door' && !activityId) throw new AppFailure('invalid_input', 'a door station needs the activity it guards');
  if (activityId && !db.get(sql`SELECT 1 AS one FROM activity WHERE id = ${activityId}`)) throw new AppFailure('not_found', `no activity ${activityId}`);
  const secret = randomBytes(16).toString('base64url');
  const expiresAt = new Date(at.getTime() + PAIRING_MINUTES * 60_000).toISOString();
  db.run(sql`INSERT INTO sync_pairing (secret_hash, role, activity_id, name, created_at, expires_at) VALUES (${sha256(secret)}, ${role}, ${activityId ?? null}, ${name ?? null}, ${at.toISOString()}, ${expiresAt})`);
  return { code: encodePairingCode({ url: hub.url, secret, fingerprint: hub.fingerprint }), expiresAt };
}

/** A paired station as the hub lists it (the screen adds whether it is online). */
export type StationView = Omit<StationRow, 'online'>;

/** The hub's Stations list: each paired station with its last contact, clock offset and what it has not yet sent or received. */
export function listStations(db: Db): StationView[] {
  const last = lastSeq(db);
  // The event's end, told to every station: a station whose cursor has passed it has deleted its copy of the roster.
  // The kind written into the statement, so the planner takes the partial index on it (migration 020).
  const forget = (db.statement(`SELECT max(hub_seq) FROM sync_log WHERE kind = '${FORGET_ENTRY}'`).pluck().get() as number | null) ?? null;
  return db
    .all<Omit<StationView, 'behind' | 'clockWarning' | 'printers' | 'rosterDeleted'> & { printers: string | null }>(sql`SELECT id, name, role, activity_id AS activityId, created_at AS createdAt, revoked_at AS revokedAt,
      last_contact AS lastContact, app_version AS appVersion, clock_offset_ms AS clockOffsetMs, unsent, applied_through AS appliedThrough, printers
      FROM sync_station ORDER BY created_at, id`)
    .map((s) => ({
      ...s,
      behind: s.appliedThrough === null ? null : last - s.appliedThrough,
      clockWarning: clockWarning(s.clockOffsetMs),
      printers: (s.printers === null ? null : parseStationPrinters(JSON.parse(s.printers))) ?? [],
      rosterDeleted: forget === null ? null : s.appliedThrough !== null && s.appliedThrough >= forget,
    }));
}

/** The Stations screen's and the dashboard's list: each station, and whether it is online at `atMs`. */
export const stationRows = (db: Db, atMs: number): StationRow[] => listStations(db).map((s) => ({ ...s, online: s.revokedAt === null && inContact(s.lastContact, atMs) }));

/** Revokes a station: its credential stops working at its next request, and a desk's badges issued from now on are refused. */
export function revokeStation(db: Db, id: string, at: Date): StationView {
  const changed = db.tx(() => {
    const n = db.run(sql`UPDATE sync_station SET revoked_at = coalesce(revoked_at, ${at.toISOString()}) WHERE id = ${id}`).changes;
    // A desk's right to issue goes with it, at every door the change reaches.
    if (n > 0) revokeIssuer(db, id, at);
    return n;
  });
  if (changed === 0) throw new AppFailure('not_found', `no station ${id}`);
  return listStations(db).find((s) => s.id === id)!;
}

/**
 * A copy of the hub's database for a new station of `role`, consistent as of one moment (VACUUM INTO), with what
 * the station must not hold taken out and the freed pages overwritten: the hub's own tables, the audit log, this
 * computer's settings; for a door every phone number, e-mail and document number, for a desk the numbers masked
 * as its screens show them (the phone's last four digits stay for search). The search index holds no part of a
 * phone (migration 013), so it goes as it is. Returns the file and the last log place it holds.
 */
export function buildSnapshot(db: Db, dbFile: string, role: Exclude<SyncRole, 'hub'>): { file: string; through: number } {
  const file = `${dbFile}.snapshot-${newId(8)}`;
  db.raw.exec(`VACUUM INTO '${file.replace(/'/g, "''")}'`);
  const raw = new BetterSqlite3(file);
  try {
    raw.pragma('secure_delete = ON');
    raw.pragma('foreign_keys = ON');
    const copy = new DbClass(raw);
    const hubId = readSyncState(db)!.stationId;
    const auditTriggers = copy.all<{ name: string; sql: string }>(sql`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'audit_log'`);
    copy.tx(() => {
      for (const t of auditTriggers) raw.exec(`DROP TRIGGER "${t.name}"`);
      raw.exec('DELETE FROM audit_log; DELETE FROM sync_station; DELETE FROM sync_pairing; DELETE FROM sync_hub; DELETE FROM sync_state; DELETE FROM station_setting;');
      for (const t of auditTriggers) raw.exec(t.sql);
      if (role === 'door') {
        raw.exec('UPDATE attendee SET phone = NULL, email = NULL, document_number = NULL');
      } else {
        const rows = copy.all<{ id: string; phone: string | null; document_number: string | null }>(sql`SELECT id, phone, document_number FROM attendee WHERE phone IS NOT NULL OR document_number IS NOT NULL`);
        const mask = raw.prepare('UPDATE attendee SET phone = ?, document_number = ? WHERE id = ?');
        for (const r of rows) mask.run(maskPhone(r.phone), maskDocument(r.document_number), r.id);
      }
      // The log's roster entries as this role may hold them, and the hub's print jobs as the hub's, not the station's own.
      const entries = copy.all<{ id: string; body: string }>(sql`SELECT id, body FROM sync_log WHERE kind = 'row' AND json_extract(body, '$.t') = 'attendee'`);
      const rewrite = raw.prepare('UPDATE sync_log SET body = ? WHERE id = ?');
      for (const e of entries) rewrite.run(bodyForRole('row', e.body, role), e.id);
      raw.prepare('UPDATE print_job SET station = ? WHERE station IS NULL').run(hubId);
    });
    raw.exec('VACUUM');
    const through = copy.get<{ n: number | null }>(sql`SELECT max(hub_seq) AS n FROM sync_log`)?.n ?? 0;
    return { file, through };
  } finally {
    raw.close();
  }
}

interface Caller {
  id: string;
  role: Exclude<SyncRole, 'hub'>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const text = await readBodyWithin(req, limit);
  if (text === null) throw new HttpError(413, 'too_large', `a body of at most ${limit} bytes`);
  try {
    return text === '' ? {} : (JSON.parse(text) as unknown);
  } catch {
    throw new HttpError(400, 'invalid_input', 'the body is not JSON');
  }
}

const isEntry = (e: unknown): e is LogEntry => {
  const o = e as Record<string, unknown>;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.id === 'string' &&
    o.id.length > 0 &&
    o.id.length <= 128 &&
    typeof o.origin === 'string' &&
    o.origin.length <= 64 &&
    typeof o.kind === 'string' &&
    o.kind.length <= 32 &&
    typeof o.at === 'string' &&
    o.at.length <= 40 &&
    typeof o.body === 'string' &&
    o.body.length <= 64 * 1024
  );
};

export interface HubOptions {
  db: Db;
  dbFile: string;
  host: string;
  port: number;
  /** The address stations are told to use (in pairing codes); defaults to the one listened on. */
  advertise?: string;
  now?: () => Date;
  log?: (line: string) => void;
}

export interface RunningHub {
  url: string;
  fingerprint: string;
  close(): Promise<void>;
}

/**
 * The hub's HTTPS server on the LAN: pairing, the role's snapshot, pushes sequenced into the one log, and the log
 * fed back to every station (a long poll that answers as soon as there is something after the station's cursor,
 * CouchDB's `feed=longpoll`). Every answer carries the hub's clock. A request's credential is checked before its
 * body is read, and each route reads a body of bounded size.
 */
export async function startHub({ db, dbFile, host, port, advertise, now = () => systemClock.now(), log = () => {} }: HubOptions): Promise<RunningHub> {
  const identity = hubIdentity(db, dbFile);
  // A migration may have emptied the search index (013); the hub's snapshots carry it, so it is whole before any goes.
  completeSearchIndex(db);
  installRowTriggers(db);
  const { epoch, epochBase } = readSyncState(db)!;
  const waiters = new Set<() => void>();
  let known = lastSeq(db);
  const wake = () => {
    for (const w of [...waiters]) w();
  };
  // Entries written on this file by other connections or processes (the hub's own desk, `lanyard scan`) wake the feed too.
  const poll = setInterval(() => {
    if (waiters.size === 0) return;
    const last = lastSeq(db);
    if (last !== known) {
      known = last;
      wake();
    }
  }, WAKE_POLL_MS);

  /** A station that still speaks of another epoch is told this one and its base before anything else happens. */
  const sameEpoch = (req: IncomingMessage) => {
    const theirs = req.headers['x-lanyard-epoch'];
    if (typeof theirs === 'string' && theirs !== epoch) throw new HttpError(409, 'epoch_changed', `the hub was restored from a backup: epoch ${epoch} from place ${epochBase}`, { epoch, base: epochBase });
  };

  /**
   * What each station last said of itself (contact, cursor, unsent, clock, version), kept here and written once a
   * second in one transaction: a hundred stations' requests must not each wait for a disk flush of their own.
   */
  type Noted = { lastContact?: string; appliedThrough?: number | null; unsent?: number | null; clockOffsetMs?: number | null; appVersion?: string | null; printers?: string | null };
  const noted = new Map<string, Noted>();
  const note = (id: string, fields: Noted) => {
    const was = noted.get(id) ?? {};
    const merged: Noted = { ...was };
    for (const [k, v] of Object.entries(fields) as Array<[keyof Noted, Noted[keyof Noted]]>) if (v !== null && v !== undefined) Object.assign(merged, { [k]: v });
    noted.set(id, merged);
  };
  const writeNoted = () => {
    if (noted.size === 0) return;
    const rows = [...noted.entries()];
    noted.clear();
    db.tx(() => {
      for (const [id, n] of rows) {
        db.run(sql`UPDATE sync_station SET last_contact = coalesce(${n.lastContact ?? null}, last_contact), applied_through = coalesce(${n.appliedThrough ?? null}, applied_through),
          unsent = coalesce(${n.unsent ?? null}, unsent), clock_offset_ms = coalesce(${n.clockOffsetMs ?? null}, clock_offset_ms), app_version = coalesce(${n.appVersion ?? null}, app_version),
          printers = coalesce(${n.printers ?? null}, printers) WHERE id = ${id}`);
      }
    });
  };
  const noting = setInterval(() => {
    try {
      writeNoted();
    } catch (e) {
      log(`could not note the stations' contact: ${(e as Error).message}`);
    }
  }, NOTE_EVERY_MS);

  const authenticate = (req: IncomingMessage): Caller => {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (token.length < 16 || token.length > 128) throw new HttpError(401, 'unauthenticated', 'a station credential is required');
    const row = db.get<{ id: string; role: Caller['role']; revoked_at: string | null }>(sql`SELECT id, role, revoked_at FROM sync_station WHERE token_hash = ${sha256(token)}`);
    if (!row) throw new HttpError(401, 'unauthenticated', 'unknown station credential');
    if (row.revoked_at !== null) throw new HttpError(401, 'revoked', `this station was revoked at ${row.revoked_at}`);
    note(row.id, { lastContact: now().toISOString() });
    return { id: row.id, role: row.role };
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    // A refusal closes the connection: a body left unread (too large, never authenticated) is not waited for.
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-lanyard-hub-time': String(now().getTime()), 'x-lanyard-epoch': epoch, ...(status >= 400 ? { connection: 'close' } : {}) });
    res.end(text);
  };

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>> = {
    'POST /sync/v1/join': async (req, res) => {
      const body = (await readBody(req, BODY_LIMITS.join)) as { secret?: unknown; name?: unknown; appVersion?: unknown; issuerKey?: unknown };
      if (typeof body.secret !== 'string' || body.secret.length > 64) throw new HttpError(400, 'invalid_input', 'join needs the pairing secret');
      const at = now();
      const joined = db.tx(() => {
        const p = db.get<{ role: Caller['role']; activity_id: string | null; name: string | null; expires_at: string; used_at: string | null }>(
          sql`SELECT role, activity_id, name, expires_at, used_at FROM sync_pairing WHERE secret_hash = ${sha256(body.secret as string)}`,
        );
        if (!p) throw new HttpError(403, 'forbidden', 'this pairing code is not one the hub gave');
        if (p.used_at !== null) throw new HttpError(403, 'forbidden', 'this pairing code was used already: make a new one at the hub');
        if (p.expires_at < at.toISOString()) throw new HttpError(403, 'forbidden', 'this pairing code has expired: make a new one at the hub');
        const id = `${p.role}-${newId(8)}`;
        const token = randomBytes(32).toString('base64url');
        // The name the hub gave the code wins (it is what the Stations screen lists); else the laptop's own.
        const name = p.name ?? (typeof body.name === 'string' && body.name.trim() !== '' ? body.name.trim().slice(0, 80) : id);
        const appVersion = typeof body.appVersion === 'string' ? body.appVersion.slice(0, 32) : null;
        db.run(sql`INSERT INTO sync_station (id, name, role, activity_id, token_hash, created_at, last_contact, app_version)
          VALUES (${id}, ${name}, ${p.role}, ${p.activity_id}, ${sha256(token)}, ${at.toISOString()}, ${at.toISOString()}, ${appVersion})`);
        db.run(sql`UPDATE sync_pairing SET used_at = ${at.toISOString()}, station_id = ${id} WHERE secret_hash = ${sha256(body.secret as string)}`);
        // A desk's issuing key, certified by the event's (a door gets none: it never issues).
        const issuer = p.role === 'desk' ? certifyIssuer(db, vaultFor(db), id, body.issuerKey, at) : null;
        return { stationId: id, token, role: p.role, activityId: p.activity_id, name, epoch, issuer };
      });
      log(`paired ${joined.stationId} (${joined.role})`);
      send(res, 200, joined);
    },
    'GET /sync/v1/snapshot': async (req, res) => {
      const caller = authenticate(req);
      const { file, through } = buildSnapshot(db, dbFile, caller.role);
      res.writeHead(200, {
        'content-type': 'application/vnd.sqlite3',
        'content-length': statSync(file).size,
        'x-lanyard-through': String(through),
        'x-lanyard-hub-time': String(now().getTime()),
        'x-lanyard-epoch': epoch,
      });
      const stream = createReadStream(file);
      stream.pipe(res);
      await new Promise<void>((resolve) => {
        const done = () => {
          rmSync(file, { force: true });
          resolve();
        };
        res.once('close', done);
      });
    },
    'POST /sync/v1/push': async (req, res) => {
      const caller = authenticate(req);
      sameEpoch(req);
      const body = (await readBody(req, BODY_LIMITS.push)) as { entries?: unknown; appliedThrough?: unknown; unsent?: unknown; clockOffsetMs?: unknown; appVersion?: unknown; printers?: unknown };
      const entries = Array.isArray(body.entries) ? body.entries : [];
      if (entries.length > 5000 || !entries.every(isEntry)) throw new HttpError(400, 'invalid_input', 'push takes up to 5000 entries {id, origin, kind, at, body}');
      const acks = sequenceEntries(db, entries.map((e) => ({ ...e, seq: null })), now());
      const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : null);
      note(caller.id, {
        appliedThrough: num(body.appliedThrough),
        unsent: Math.max(0, (num(body.unsent) ?? entries.length) - entries.length),
        clockOffsetMs: num(body.clockOffsetMs),
        appVersion: typeof body.appVersion === 'string' ? body.appVersion.slice(0, 32) : null,
        printers: body.printers === undefined ? null : JSON.stringify(parseStationPrinters(body.printers) ?? []),
      });
      known = lastSeq(db);
      if (acks.some((a) => !a.duplicate)) wake();
      send(res, 200, { epoch, base: epochBase, acks });
    },
    'GET /sync/v1/pull': async (req, res, url) => {
      const caller = authenticate(req);
      sameEpoch(req);
      const since = Math.max(0, Number(url.searchParams.get('since') ?? 0) || 0);
      const wait = Math.min(MAX_WAIT_MS, Math.max(0, Number(url.searchParams.get('wait') ?? 0) || 0));
      const number = (name: string) => {
        const v = url.searchParams.get(name);
        return v !== null && /^-?\d{1,15}$/.test(v) ? Number(v) : null;
      };
      note(caller.id, { appliedThrough: since, unsent: number('unsent'), clockOffsetMs: number('offset') });
      const forCaller = (list: LogEntry[]) => list.map((e) => ({ ...e, body: bodyForRole(e.kind, e.body, caller.role) }));
      let entries = forCaller(entriesAfter(db, since, PULL_LIMIT));
      if (entries.length === 0 && wait > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(finish, wait);
          function finish() {
            clearTimeout(timer);
            waiters.delete(finish);
            resolve();
          }
          waiters.add(finish);
          req.once('close', finish);
        });
        if (req.destroyed) return;
        entries = forCaller(entriesAfter(db, since, PULL_LIMIT));
      }
      send(res, 200, { epoch, base: epochBase, last: lastSeq(db), entries });
    },
    'GET /sync/v1/hello': async (req, res) => {
      const caller = authenticate(req);
      send(res, 200, { epoch, stationId: caller.id, role: caller.role, last: lastSeq(db) });
    },
  };

  const server = createServer({ key: identity.key, cert: identity.cert }, (req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'https://hub');
    } catch {
      send(res, 400, { error: { code: 'invalid_input', message: 'a malformed request path' } });
      return;
    }
    const route = routes[`${req.method} ${url.pathname}`];
    if (!route) {
      send(res, 404, { error: { code: 'unknown_command', message: 'no such sync route' } });
      return;
    }
    route(req, res, url).catch((e: unknown) => {
      const known = e instanceof HttpError ? e : e instanceof AppFailure ? new HttpError(e.code === 'not_found' ? 404 : e.code === 'conflict' ? 409 : 400, e.code, e.message) : null;
      if (!known) log(`sync route ${url.pathname} failed: ${(e as Error).stack ?? String(e)}`);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const answer = known ?? new HttpError(500, 'internal', 'the hub could not answer');
      send(res, answer.status, { error: { code: answer.code, message: answer.message.slice(0, 300) }, ...answer.extra });
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `https://${advertise ?? (address.family === 'IPv6' ? `[${address.address}]` : address.address)}:${address.port}`;
  db.run(sql`UPDATE sync_hub SET url = ${url}`);
  return {
    url,
    fingerprint: identity.fingerprint,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(poll);
        clearInterval(noting);
        writeNoted();
        wake();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
