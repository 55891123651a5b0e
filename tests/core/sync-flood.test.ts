import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Running } from '../helpers/sync';
import { json, lanyardAsync, logOf, startLanyard, stop, waitFor } from '../helpers/sync';

/**
 * The hub faces the LAN (issue #14, point 12): while a stranger floods its sync server (huge declared bodies, bodies
 * with no credential, made-up credentials, spent pairing secrets), a door's scans keep reaching it and the other door.
 */

const dir = mkdtempSync(join(tmpdir(), 'lanyard-flood-'));
const running: Running[] = [];
afterAll(async () => {
  await Promise.all(running.map((r) => stop(r)));
  rmSync(dir, { recursive: true, force: true });
});

/** One hostile request to the hub; resolves with the status, or 0 when the hub closed the connection on it. */
function hostile(url: string, path: string, headers: Record<string, string>, body: Buffer | null): Promise<number> {
  return new Promise((resolve) => {
    const req = request(new URL(path, url), { method: 'POST', rejectUnauthorized: false, headers, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    if (body) req.end(body);
    else req.flushHeaders();
  });
}

describe('the hub under a flood', () => {
  it('keeps taking a door’s scans to the other door while a stranger floods it', async () => {
    const hubDb = join(dir, 'hub.db');
    json(await lanyardAsync('init', '--db', hubDb));
    json(await lanyardAsync('demo', '--db', hubDb, '--attendees', '200', '--seed', '21'));
    const hub = await startLanyard(['hub', '--db', hubDb, '--listen', '127.0.0.1:0']);
    running.push(hub);
    const url = hub.first.url as string;
    const doors = [join(dir, 'a.db'), join(dir, 'b.db')];
    for (const file of doors) {
      const { code } = json<{ code: string }>(await lanyardAsync('pair', '--db', hubDb, '--role', 'door', '--activity', 'main-forum'));
      json(await lanyardAsync('join', '--db', file, '--code', code));
      running.push(await startLanyard(['station', '--db', file]));
    }
    const code = json<{ payload: string }>(await lanyardAsync('credential', '--db', hubDb, '--attendee', await firstAttendee(hubDb))).payload;

    // The flood: 40 requests at once, over and over, until the door's scan has gone through.
    let flooding = true;
    const statuses = new Map<number, number>();
    const flood = (async () => {
      const big = Buffer.alloc(256 * 1024, 0x7b);
      while (flooding) {
        const batch = Array.from({ length: 40 }, (_, i) => {
          switch (i % 4) {
            case 0:
              return hostile(url, '/sync/v1/push', { 'content-type': 'application/json', 'content-length': String(60 * 1024 * 1024) }, null);
            case 1:
              return hostile(url, '/sync/v1/push', { 'content-type': 'application/json', authorization: 'Bearer made-up-credential-0123456789' }, big);
            case 2:
              return hostile(url, '/sync/v1/join', { 'content-type': 'application/json' }, Buffer.from(JSON.stringify({ secret: 'x'.repeat(40) })));
            default:
              return hostile(url, '/sync/v1/join', { 'content-type': 'application/json' }, big);
          }
        });
        for (const s of await Promise.all(batch)) statuses.set(s, (statuses.get(s) ?? 0) + 1);
      }
    })();

    const scan = json<{ outcome: string }>(await lanyardAsync('scan', '--db', doors[0]!, '--activity', 'main-forum', '--code', code));
    expect(scan.outcome).toBe('admitted');
    const reached = await waitFor('the scan at the other door, through the flooded hub', () => logOf(doors[1]!).length === 1, 20_000, 20);
    flooding = false;
    await flood;
    // Every hostile request got a typed refusal (or its connection closed), none a 200 or a 500.
    expect([...statuses.keys()].every((s) => [0, 400, 401, 403, 413].includes(s)), JSON.stringify([...statuses])).toBe(true);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(40);
    expect(reached).toBeLessThan(10_000);
    expect(logOf(hubDb).map((e) => e.id)).toEqual(logOf(doors[1]!).map((e) => e.id));
  }, 90_000);
});

async function firstAttendee(file: string): Promise<string> {
  const { default: BetterSqlite3 } = await import('better-sqlite3');
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return (db.prepare("SELECT a.id FROM attendee a JOIN registration r ON r.attendee_id = a.id AND r.activity_id = 'main-forum' ORDER BY a.id LIMIT 1").get() as { id: string }).id;
  } finally {
    db.close();
  }
}
