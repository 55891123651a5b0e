import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/open';
import { insertWalkIn } from '../../src/main/core/roster/repo';
import { decodePairingCode, encodePairingCode } from '../../src/main/core/sync/hub';
import { lanyard } from '../helpers/cli';
import type { Running } from '../helpers/sync';
import { json, lanyardAsync, LinkProxy, logOf, startLanyard, stop, waitFor } from '../helpers/sync';

/**
 * Several stations, one truth, with real processes: a `lanyard hub` and five door stations (`lanyard station`),
 * each reaching the hub through a relay the test can cut, scans made by `lanyard scan` on the stations' files
 * while their sync runs, `kill -9` of a station and of the hub, and restarts. Everything on loopback, on ports
 * picked here, stopped by pid.
 */

const DOORS = 5;
const ACTIVITY = 'main-forum';
const dir = mkdtempSync(join(tmpdir(), 'lanyard-sync-'));
const hubDb = join(dir, 'hub.db');

interface Door {
  name: string;
  file: string;
  proxy: LinkProxy;
  sync: Running | null;
  id: string;
}

let hub: Running | null = null;
let desk: Running | null = null;
const deskDb = join(dir, 'desk.db');
let hubPort = 0;
const doors: Door[] = [];
let codes: string[] = [];
let known: { phones: string[]; emails: string[]; documents: string[] } = { phones: [], emails: [], documents: [] };

/** A small seeded generator, so a failure replays the same faults and scans. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function startHub(port: number): Promise<void> {
  hub = await startLanyard(['hub', '--db', hubDb, '--listen', `127.0.0.1:${port}`]);
  hubPort = Number(new URL(hub.first.url as string).port);
}


/** A pairing code for a door, pointing at the door's own relay instead of the hub's address. */
function doorCode(name: string, proxy: LinkProxy): string {
  const { code } = json<{ code: string }>(lanyard('pair', '--db', hubDb, '--role', 'door', '--activity', ACTIVITY, '--name', name));
  return encodePairingCode({ ...decodePairingCode(code), url: proxy.url });
}

async function scanAt(door: Door, code: string): Promise<{ outcome: string; reason: string }> {
  return json(await lanyardAsync('scan', '--db', door.file, '--activity', ACTIVITY, '--code', code, '--station', door.name));
}

/** A database's bytes as they are on disk: the file and what its write-ahead log holds not yet checkpointed. */
const fileBytes = (file: string) => Buffer.concat([readFileSync(file), existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0)]);

const idsOf = (file: string) => logOf(file).map((e) => `${e.seq}:${e.id}`);

beforeAll(async () => {
  json(lanyard('init', '--db', hubDb));
  json(lanyard('demo', '--db', hubDb, '--attendees', '300', '--seed', '14'));
  // The main forum refuses a second entry, so a door can show it knows of an entry made at another.
  const eventFile = join(dir, 'event.json');
  expect(lanyard('event', 'export', '--db', hubDb, '--out', eventFile).code).toBe(0);
  const event = JSON.parse(readFileSync(eventFile, 'utf8')) as { activities: Array<{ id: string; policy: { reEntry: string } }> };
  event.activities.find((a) => a.id === ACTIVITY)!.policy.reEntry = 'refuse';
  // …and admits, with a warning, a desk's badge for someone the door has not received yet.
  (event.activities.find((a) => a.id === ACTIVITY)!.policy as { admitNotYetReceived?: boolean }).admitNotYetReceived = true;
  writeFileSync(eventFile, JSON.stringify(event));
  json(lanyard('event', 'import', '--db', hubDb, eventFile));

  const raw = new BetterSqlite3(hubDb, { readonly: true });
  codes = (raw.prepare(`SELECT t.code FROM ticket_code t JOIN registration r ON r.attendee_id = t.attendee_id AND r.activity_id = ? ORDER BY t.code`).all(ACTIVITY) as Array<{ code: string }>).map((r) => r.code);
  const column = (c: string) => (raw.prepare(`SELECT ${c} AS v FROM attendee WHERE ${c} IS NOT NULL ORDER BY id LIMIT 60`).all() as Array<{ v: string }>).map((r) => r.v);
  known = { phones: column('phone'), emails: column('email'), documents: column('document_number') };
  raw.close();

  await startHub(0);
  for (let i = 0; i < DOORS; i++) {
    const proxy = new LinkProxy(() => hubPort);
    await proxy.start();
    const name = `主论坛 ${String.fromCharCode(65 + i)}门`;
    const file = join(dir, `door-${i}.db`);
    // Asynchronous: the relay runs in this process, so a join through it must not block it.
    const joined = json<{ station: string; role: string; attendees: number }>(await lanyardAsync('join', '--db', file, '--code', doorCode(name, proxy)));
    expect(joined).toMatchObject({ role: 'door', attendees: 300 });
    doors.push({ name, file, proxy, sync: null, id: joined.station });
  }
  await Promise.all(doors.map(async (d) => (d.sync = await startLanyard(['station', '--db', d.file]))));
  // A registration desk, straight to the hub.
  const { code } = json<{ code: string }>(await lanyardAsync('pair', '--db', hubDb, '--role', 'desk', '--name', '报到台 1'));
  json(await lanyardAsync('join', '--db', deskDb, '--code', code));
  desk = await startLanyard(['station', '--db', deskDb]);
}, 120_000);

afterAll(async () => {
  await Promise.all(doors.map((d) => stop(d.sync)));
  await stop(desk);
  await stop(hub);
  await Promise.all(doors.map((d) => d.proxy.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('several stations, one truth (real processes on loopback)', () => {
  it('pairs: every door reports connected, and the hub lists them with their activity', () => {
    for (const d of doors) expect(d.sync!.first).toMatchObject({ connected: true, role: 'door', station: d.id, unsent: 0 });
    const stations = json<Array<{ id: string; role: string; activityId: string; revokedAt: string | null; appVersion: string }>>(lanyard('stations', '--db', hubDb));
    const doorsListed = stations.filter((s) => s.role === 'door');
    expect(doorsListed.map((s) => s.id).sort()).toEqual(doors.map((d) => d.id).sort());
    expect(doorsListed.every((s) => s.activityId === ACTIVITY && s.revokedAt === null && s.appVersion === '0.1.0')).toBe(true);
    expect(stations.filter((s) => s.role === 'desk')).toHaveLength(1);
  });

  it('makes a badge reprinted at a desk answer `replaced` at every door within a second', async () => {
    const raw = new BetterSqlite3(hubDb, { readonly: true });
    const person = (raw.prepare('SELECT id, badge_version AS v FROM attendee ORDER BY id LIMIT 1 OFFSET 42').get() as { id: string; v: number });
    raw.close();
    const old = json<{ payload: string }>(lanyard('credential', '--db', hubDb, '--attendee', person.id)).payload;
    expect(json<{ valid: boolean }>(lanyard('verify', '--db', doors[0]!.file, '--code', old)).valid).toBe(true);
    // What the desk's reprint does to the roster: the badge version goes up (print/queue.ts), on the desk's file.
    const deskFile = new BetterSqlite3(deskDb);
    deskFile.pragma('busy_timeout = 5000');
    deskFile.prepare('UPDATE attendee SET badge_version = badge_version + 1, updated_at = ? WHERE id = ?').run(new Date().toISOString(), person.id);
    deskFile.close();
    const version = (file: string) => {
      const db = new BetterSqlite3(file, { readonly: true });
      try {
        return (db.prepare('SELECT badge_version AS v FROM attendee WHERE id = ?').get(person.id) as { v: number }).v;
      } finally {
        db.close();
      }
    };
    const took = await waitFor('the new version at every door', () => doors.every((d) => version(d.file) === person.v + 1), 5000, 10);
    expect(took).toBeLessThan(1000);
    for (const d of doors) expect(json<{ valid: boolean; reason: string }>(lanyard('verify', '--db', d.file, '--code', old))).toMatchObject({ valid: false, reason: 'replaced' });
  });

  it('refuses a code whose fingerprint is not the hub’s before sending it anything, and a code used already', () => {
    const { code } = json<{ code: string }>(lanyard('pair', '--db', hubDb, '--role', 'door', '--activity', ACTIVITY));
    const decoded = decodePairingCode(code);
    const forged = encodePairingCode({ ...decoded, fingerprint: decoded.fingerprint.replace(/^./, (c) => (c === '0' ? '1' : '0')) });
    const wrong = lanyard('join', '--db', join(dir, 'wrong.db'), '--code', forged);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/not the one paired with/);
    // The refused join spent nothing: the real code still works once, and only once.
    expect(lanyard('join', '--db', join(dir, 'extra.db'), '--code', code).code).toBe(0);
    const again = lanyard('join', '--db', join(dir, 'again.db'), '--code', code);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/used already/);
  });

  it('gives a door no phone number, e-mail or document number: the file holds none of the hub’s', () => {
    const bytes = fileBytes(doors[0]!.file);
    expect(known.phones.length).toBeGreaterThan(20);
    for (const v of [...known.phones, ...known.emails, ...known.documents]) expect(bytes.includes(Buffer.from(v)), v).toBe(false);
    // The hub's own file does hold them: the search above can find what it looks for.
    const hubBytes = fileBytes(hubDb);
    expect(known.phones.some((p) => hubBytes.includes(Buffer.from(p)))).toBe(true);
  });

  it('takes a walk-in registered at the desk to every door within seconds: admitted by its code, its numbers left on the hub', async () => {
    const db = openDatabase(deskDb);
    try {
      db.tx(() =>
        insertWalkIn(db, { id: 'WALKIN1', nameZh: '何嘉欣', nameEn: 'Ho Ka-yan', orgZh: '澳門日報', orgEn: 'Macao Daily', title: null, categoryId: 'hkmt-media', region: 'macao',
          phone: '+85366554433', email: 'ho.kayan@example.mo', documentType: 'hk_mo_permit', documentNumber: 'H87654321', externalId: null, attention: null, status: 'active',
          source: 'walk_in', isDemo: false, registrations: [ACTIVITY], ticketCodes: ['WALKIN-0001'] }, new Date()),
      );
    } finally {
      db.close();
    }
    const started = Date.now();
    const known = (file: string) => {
      const raw = new BetterSqlite3(file, { readonly: true });
      try {
        return raw.prepare(`SELECT 1 FROM ticket_code t JOIN registration r ON r.attendee_id = t.attendee_id WHERE t.code = 'WALKIN-0001' AND r.activity_id = ?`).get(ACTIVITY) !== undefined;
      } finally {
        raw.close();
      }
    };
    await waitFor('the walk-in at every door', () => doors.every((d) => known(d.file)), 10_000, 20);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await scanAt(doors[3]!, 'WALKIN-0001')).toMatchObject({ outcome: 'admitted' });
    await waitFor('the scan everywhere', () => doors.every((d) => idsOf(d.file).join() === idsOf(hubDb).join()), 10_000, 20);
    for (const d of doors) {
      const bytes = fileBytes(d.file);
      for (const v of ['66554433', 'ho.kayan@example.mo', 'H87654321']) expect(bytes.includes(Buffer.from(v)), `${v} in ${d.name}`).toBe(false);
    }
    expect(fileBytes(hubDb).includes(Buffer.from('+85366554433'))).toBe(true);
  });

  it('takes a scan at one door to the hub and every other door; there, a second entry is refused', async () => {
    const [a, b] = doors;
    const code = codes[0]!;
    const before = logOf(hubDb).length;
    expect(await scanAt(a!, code)).toMatchObject({ outcome: 'admitted' });
    const started = Date.now();
    await waitFor('the scan on every door', () => doors.every((d) => logOf(d.file).length === logOf(hubDb).length && logOf(hubDb).length === before + 1), 10_000, 20);
    const reachedMs = Date.now() - started;
    expect(reachedMs).toBeLessThan(5000);
    // Door B knows where and when: "already inside — 10:02 · 主论坛 A门".
    const second = await scanAt(b!, code);
    expect(second).toMatchObject({ outcome: 'refused', reason: 'already_inside' });
    expect((second as { note?: string }).note).toMatch(new RegExp(`^\\d\\d:\\d\\d · ${a!.name}$`));
    await waitFor('both scans on the hub', () => logOf(hubDb).length === before + 2, 10_000, 20);
  });

  it('converges after cut links, kill -9 of a station and of the hub, and restarts: every log equals the hub’s', async () => {
    const random = mulberry32(2024);
    const pick = () => codes[1 + Math.floor(random() * (codes.length - 1))]!;
    let answered = logOf(hubDb).length;
    const scanMany = async (at: Door[], each: number) => {
      const results = await Promise.all(at.flatMap((d) => Array.from({ length: each }, () => scanAt(d, pick()))));
      answered += results.length;
    };

    // Two doors lose their link; scans everywhere. One badge is admitted at both cut-off doors: a double entry.
    doors[1]!.proxy.cut();
    doors[2]!.proxy.cut();
    const both = codes[codes.length - 1]!;
    expect(await scanAt(doors[1]!, both)).toMatchObject({ outcome: 'admitted' });
    expect(await scanAt(doors[2]!, both)).toMatchObject({ outcome: 'admitted' });
    answered += 2;
    await scanMany(doors, 3);
    // A door's sync process dies mid-event; its screen (here the CLI) keeps scanning into its file.
    await stop(doors[3]!.sync, 'SIGKILL');
    await scanMany([doors[3]!], 3);
    // The hub dies; doors keep deciding from their own files.
    await stop(hub, 'SIGKILL');
    await scanMany([doors[0]!, doors[4]!], 3);
    const offline = json<{ connected: boolean; unsent: number }>(lanyard('sync', 'status', '--db', doors[1]!.file));
    expect(offline.unsent).toBeGreaterThan(0);

    // Everything comes back: the hub on its port, the links, the dead door's sync.
    await startHub(hubPort);
    doors[1]!.proxy.restore();
    doors[2]!.proxy.restore();
    doors[3]!.sync = await startLanyard(['station', '--db', doors[3]!.file]);

    const healed = await waitFor(
      'every door’s log to equal the hub’s',
      () => {
        const hubLog = idsOf(hubDb);
        return hubLog.length === answered && doors.every((d) => idsOf(d.file).join() === hubLog.join());
      },
      45_000,
      200,
    ).catch((e: Error) => {
      throw new Error(`${e.message}: answered ${answered}, hub ${logOf(hubDb).length}, doors ${doors.map((d) => `${logOf(d.file).length}/${logOf(d.file).filter((x) => x.seq === null).length} unplaced`).join(' ')}; problems ${JSON.stringify(logOf(hubDb).filter((x) => x.problem))}`);
    });
    const hubLog = logOf(hubDb);
    expect(hubLog.length).toBe(answered);
    expect(new Set(hubLog.map((e) => e.id)).size).toBe(hubLog.length);
    expect(hubLog.map((e) => e.seq)).toEqual(hubLog.map((_, i) => i + 1));
    expect(hubLog.filter((e) => e.problem !== null)).toEqual([]);
    // Every door's scans are there, including those made while cut off, dead or without a hub.
    const raw0 = new BetterSqlite3(hubDb, { readonly: true });
    const origins = raw0.prepare('SELECT origin, count(*) AS n FROM sync_log GROUP BY origin').all() as Array<{ origin: string; n: number }>;
    raw0.close();
    expect(origins.map((o) => o.origin).filter((o) => o.startsWith('door-')).sort()).toEqual(doors.map((d) => d.id).sort());
    for (const d of doors) {
      const status = json<{ unsent: number; appliedThrough: number }>(lanyard('sync', 'status', '--db', d.file));
      expect(status).toMatchObject({ unsent: 0, appliedThrough: answered });
    }
    // Every scan is a row on the hub too, once.
    const raw = new BetterSqlite3(hubDb, { readonly: true });
    expect((raw.prepare('SELECT count(*) AS n FROM scan').get() as { n: number }).n).toBe(hubLog.filter((e) => e.kind === 'scan').length);
    raw.close();
    expect(healed).toBeLessThan(45_000);
    // Every badge admitted twice at the main forum (one entry allowed) is flagged on the hub, at its later entry.
    const raw2 = new BetterSqlite3(hubDb, { readonly: true });
    const entries = raw2.prepare(`SELECT id, attendee_id AS who FROM scan WHERE activity_id = ? AND kind = 'entry' AND outcome <> 'refused' ORDER BY at, id`).all(ACTIVITY) as Array<{ id: string; who: string }>;
    raw2.close();
    const seen = new Set<string>();
    const seconds = entries.filter((e) => (seen.has(e.who) ? true : (seen.add(e.who), false))).map((e) => e.id);
    expect(seconds.length).toBeGreaterThanOrEqual(1);
    const flags = json<Array<{ entryId: string; kind: string }>>(lanyard('sync', 'flags', '--db', hubDb));
    expect(flags.map((f) => f.entryId).sort()).toEqual(seconds.sort());
    expect(flags.every((f) => f.kind === 'double_entry')).toBe(true);
  }, 120_000);

  it('a desk prints a badge while a door is cut off: the door admits it by the forum’s rule; once the desk is revoked, its new badges are refused at the door, its earlier ones still good', async () => {
    const door = doors[0]!;
    const walkInAt = (id: string) => {
      const db = openDatabase(deskDb);
      try {
        db.tx(() =>
          insertWalkIn(db, { id, nameZh: '黄志明', nameEn: 'Wong Chi-ming', orgZh: '香港电台', orgEn: 'RTHK', title: null, categoryId: 'hkmt-media', region: 'hong_kong', phone: null, email: null,
            documentType: null, documentNumber: null, externalId: null, attention: null, status: 'active', source: 'walk_in', isDemo: false, registrations: [ACTIVITY], ticketCodes: [] }, new Date()),
        );
      } finally {
        db.close();
      }
    };
    const badgeAt = (id: string) => json<{ payload: string }>(lanyard('credential', '--db', deskDb, '--attendee', id)).payload;
    const verifyAt = (code: string) => json<{ valid: boolean; reason: string }>(lanyard('verify', '--db', door.file, '--code', code));
    door.proxy.cut();
    walkInAt('WXYZ000002');
    const first = badgeAt('WXYZ000002');
    expect(first).toMatch(/^L2/);
    // The main forum admits a desk's badge for someone not received yet (set in beforeAll), with a warning.
    expect(await scanAt(door, first)).toMatchObject({ outcome: 'admitted_with_warning', reason: 'not_yet_received' });
    door.proxy.restore();
    await waitFor('the walk-in at the door', () => verifyAt(first).reason === 'valid', 15_000, 100);

    const deskId = json<Array<{ id: string; role: string }>>(lanyard('stations', '--db', hubDb)).find((s) => s.role === 'desk' && s.id !== undefined)!.id;
    json(lanyard('revoke', '--db', hubDb, '--station', deskId));
    const revokedAtDoor = () => {
      const raw = new BetterSqlite3(door.file, { readonly: true });
      try {
        return (raw.prepare('SELECT count(*) AS n FROM issuer_key WHERE revoked_at IS NOT NULL').get() as { n: number }).n > 0;
      } finally {
        raw.close();
      }
    };
    await waitFor('the revocation at the door', revokedAtDoor, 10_000, 50);
    // A stolen laptop: the thief undoes the revocation in the desk's own file (an honest desk that hears of it stops
    // issuing) and signs another badge with the desk's key. The door refuses it; the first stays good.
    const stolen = new BetterSqlite3(deskDb);
    stolen.pragma('busy_timeout = 5000');
    stolen.exec('UPDATE sync_state SET applying = 1; UPDATE issuer_key SET revoked_at = NULL, revoked_through = NULL; UPDATE sync_state SET applying = 0');
    stolen.close();
    walkInAt('WXYZ000003');
    expect(verifyAt(badgeAt('WXYZ000003'))).toMatchObject({ valid: false, reason: 'issuer_revoked' });
    expect(verifyAt(first)).toMatchObject({ valid: true, reason: 'valid' });
  });

  it('refuses a revoked station at its next request; it stops, and what it scans afterwards never reaches the hub', async () => {
    const door = doors[4]!;
    json(lanyard('revoke', '--db', hubDb, '--station', door.id));
    const before = logOf(hubDb).length;
    await scanAt(door, codes[2]!);
    await waitFor('the station to learn it is revoked', () => json<{ revoked: boolean }>(lanyard('sync', 'status', '--db', door.file)).revoked, 10_000, 100);
    await new Promise((r) => setTimeout(r, 300));
    expect(logOf(hubDb).length).toBe(before);
    expect(json<{ unsent: number }>(lanyard('sync', 'status', '--db', door.file)).unsent).toBe(1);
  });
});
