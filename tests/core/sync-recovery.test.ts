import { createHash, randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { lanyard } from '../helpers/cli';
import type { Running } from '../helpers/sync';
import { json, lanyardAsync, logOf, startLanyard, stop, waitFor } from '../helpers/sync';

/**
 * Losing the hub (issue #14, point 9), with real processes: online backups, a hub restored from a backup older than
 * the last 500 scans getting every one of them back from the stations, and a damaged file refused untouched.
 */

const ACTIVITY = 'main-forum';
const dir = mkdtempSync(join(tmpdir(), 'lanyard-recovery-'));
const running: Running[] = [];
afterAll(async () => {
  await Promise.all(running.map((r) => stop(r)));
  rmSync(dir, { recursive: true, force: true });
});


async function hubOn(file: string, port: number, ...more: string[]): Promise<Running> {
  const hub = await startLanyard(['hub', '--db', file, '--listen', `127.0.0.1:${port}`, ...more]);
  running.push(hub);
  return hub;
}

/** Scan rows written into a station's file as its door screen writes them (the trigger logs each for sync). */
function scansInto(file: string, count: number): void {
  const db = new BetterSqlite3(file);
  db.pragma('busy_timeout = 5000');
  const people = (db.prepare('SELECT id FROM attendee ORDER BY id LIMIT 200').all() as Array<{ id: string }>).map((r) => r.id);
  const add = db.prepare(`INSERT INTO scan (id, at, station, kind, activity_id, attendee_id, code, outcome, reason) VALUES (?, ?, 'A门', 'entry', ?, ?, NULL, 'admitted', 'ok')`);
  db.transaction(() => {
    for (let i = 0; i < count; i++) add.run(randomUUID(), new Date().toISOString(), ACTIVITY, people[i % people.length]);
  })();
  db.close();
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('losing the hub', () => {
  it('restores a hub from a backup older than the last 500 scans: the stations give every one of them back', async () => {
    const hubDb = join(dir, 'hub.db');
    json(lanyard('init', '--db', hubDb));
    json(lanyard('demo', '--db', hubDb, '--attendees', '300', '--seed', '3'));
    let hub = await hubOn(hubDb, 0);
    const port = Number(new URL(hub.first.url as string).port);
    const doors = [join(dir, 'door-a.db'), join(dir, 'door-b.db')];
    for (const file of doors) {
      const { code } = json<{ code: string }>(await lanyardAsync('pair', '--db', hubDb, '--role', 'door', '--activity', ACTIVITY));
      json(await lanyardAsync('join', '--db', file, '--code', code));
      running.push(await startLanyard(['station', '--db', file]));
    }
    scansInto(doors[0]!, 10);
    await waitFor('the first 10 scans on the hub', () => logOf(hubDb).length === 10, 20_000);

    // An online backup while the hub runs: integrity-checked, keys beside it, a new epoch for a hub started from it.
    const backup = join(dir, 'usb', 'hub-backup.db');
    mkdirSync(join(dir, 'usb'));
    const made = json<{ integrity: string; through: number; epoch: string }>(await lanyardAsync('backup', '--db', hubDb, '--out', backup));
    expect(made).toMatchObject({ integrity: 'ok', through: 10 });
    expect(existsSync(`${backup}.hub-key`) && existsSync(`${backup}.signing-key`)).toBe(true);

    scansInto(doors[0]!, 250);
    scansInto(doors[1]!, 250);
    await waitFor('all 510 scans on the hub', () => logOf(hubDb).length === 510, 30_000);
    const before = logOf(hubDb).map((e) => e.id).sort();

    // The hub's laptop dies; a new one starts from the backup on the USB stick, at the same address.
    await stop(hub, 'SIGKILL');
    const restored = join(dir, 'restored.db');
    for (const suffix of ['', '.hub-key', '.signing-key']) copyFileSync(`${backup}${suffix}`, `${restored}${suffix}`);
    expect(logOf(restored)).toHaveLength(10);
    const started = Date.now();
    hub = await hubOn(restored, port);
    await waitFor(
      'the restored hub to hold all 510 scans again, and both doors to agree with it',
      () => {
        const log = logOf(restored);
        const order = log.map((e) => `${e.seq}:${e.id}`).join();
        return log.length === 510 && doors.every((d) => logOf(d).map((e) => `${e.seq}:${e.id}`).join() === order);
      },
      60_000,
      200,
    );
    const backWithinMs = Date.now() - started;
    expect(logOf(restored).map((e) => e.id).sort()).toEqual(before);
    const raw = new BetterSqlite3(restored, { readonly: true });
    expect((raw.prepare('SELECT count(*) AS n FROM scan').get() as { n: number }).n).toBe(510);
    raw.close();
    expect(backWithinMs).toBeLessThan(60_000);
    await stop(hub);
  }, 180_000);

  it('backs up on a schedule, each backup checked, keeping the newest N; and refuses to start on a damaged file, naming the newest good backup', async () => {
    const hubDb = join(dir, 'office.db');
    json(lanyard('init', '--db', hubDb));
    json(lanyard('demo', '--db', hubDb, '--attendees', '2000', '--seed', '5'));
    const usb = join(dir, 'stick');
    const hub = await hubOn(hubDb, 0, '--backup-dir', usb, '--backup-minutes', '0.01', '--keep', '2');
    await waitFor('three scheduled backups to have been made', () => (hub.stderr().match(/backup .*\.db \(/g) ?? []).length >= 3, 20_000, 100);
    await stop(hub);
    const kept = readdirSync(usb).filter((f) => f.endsWith('.db'));
    expect(kept).toHaveLength(2);
    for (const f of kept) {
      const raw = new BetterSqlite3(join(usb, f), { readonly: true });
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      raw.close();
    }

    // A disk error damages the hub's file: the hub refuses it, changes nothing, and says where the good copy is.
    const bytes = readFileSync(hubDb);
    for (let at = 8192; at < bytes.length; at += 4096) bytes.fill(0x5a, at + 100, at + 400);
    writeFileSync(hubDb, bytes);
    const damaged = sha(hubDb);
    const refused = lanyard('hub', '--db', hubDb, '--listen', '127.0.0.1:0', '--backup-dir', usb);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/damaged/);
    expect(refused.stderr).toContain(join(usb, kept.sort().at(-1)!));
    expect(sha(hubDb)).toBe(damaged);
  }, 60_000);
});
