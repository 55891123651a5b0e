import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { localDateTime } from '../../src/main/core/clock';
import { lanyard } from '../helpers/cli';
import type { Running } from '../helpers/sync';
import { json, startLanyard, stop, waitFor } from '../helpers/sync';
import { execFile } from 'node:child_process';

/**
 * Clocks (issue #14, point 8), with real processes: door laptops whose clocks are a day fast or a day slow (the
 * one fake: `LANYARD_CLOCK_SKEW_MS`, read by the clock of every process of that laptop). Once a door knows its
 * offset to the hub, its time windows follow the hub's clock, its scans are recorded in hub time with the offset
 * kept, and both the door and the hub warn of the wrong clock.
 */

const DAY = 24 * 3600 * 1000;
const ACTIVITY = 'main-forum';
const dir = mkdtempSync(join(tmpdir(), 'lanyard-clock-'));
const running: Running[] = [];
afterAll(async () => {
  await Promise.all(running.map((r) => stop(r)));
  rmSync(dir, { recursive: true, force: true });
});


/** `lanyard ARGS` on a laptop whose clock is `skewMs` off. */
function onLaptop(skewMs: number, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/lanyard.js', ...args], { encoding: 'utf8', env: { ...process.env, LANYARD_CLOCK_SKEW_MS: String(skewMs) } }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('clocks of stations', () => {
  it('decides time windows in hub time once the offset is known, records it, and warns on both sides of a clock a day off', async () => {
    const hubDb = join(dir, 'hub.db');
    json(lanyard('init', '--db', hubDb));
    json(lanyard('demo', '--db', hubDb, '--attendees', '100', '--seed', '9'));
    // The main forum is today (in Changsha), all day.
    const today = localDateTime(new Date(), 'Asia/Shanghai').date;
    const shift = (days: number) => localDateTime(new Date(Date.now() + days * DAY), 'Asia/Shanghai').date;
    const eventFile = join(dir, 'event.json');
    expect(lanyard('event', 'export', '--db', hubDb, '--out', eventFile).code).toBe(0);
    const event = JSON.parse(readFileSync(eventFile, 'utf8')) as { event: { startDate: string; endDate: string }; activities: Array<{ id: string; day: string | null }> };
    event.event.startDate = shift(-3);
    event.event.endDate = shift(3);
    event.activities.find((a) => a.id === ACTIVITY)!.day = today;
    // Entry opens at midnight, not 30 minutes before: a laptop a day behind at 23:30–23:59 in Changsha would
    // otherwise be inside the window that opens for today (the run at 15:32 UTC failed so).
    (event.activities.find((a) => a.id === ACTIVITY)! as unknown as { policy: { opensMinutesBefore: number } }).policy.opensMinutesBefore = 0;
    writeFileSync(eventFile, JSON.stringify(event));
    json(lanyard('event', 'import', '--db', hubDb, eventFile));
    const raw = new BetterSqlite3(hubDb, { readonly: true });
    const codes = (raw.prepare('SELECT t.code FROM ticket_code t JOIN registration r ON r.attendee_id = t.attendee_id AND r.activity_id = ? ORDER BY t.code LIMIT 6').all(ACTIVITY) as Array<{ code: string }>).map((r) => r.code);
    raw.close();

    const hub = await startLanyard(['hub', '--db', hubDb, '--listen', '127.0.0.1:0']);
    running.push(hub);
    for (const [i, skew] of [DAY, -DAY].entries()) {
      const file = join(dir, `door-${i}.db`);
      const { code } = json<{ code: string }>(lanyard('pair', '--db', hubDb, '--role', 'door', '--activity', ACTIVITY));
      json(await onLaptop(skew, 'join', '--db', file, '--code', code));
      // Known from the join itself: the door's clock is a day off, and it says so.
      const status = json<{ clockOffsetMs: number; clockWarning: boolean }>(await onLaptop(skew, 'sync', 'status', '--db', file));
      expect(Math.abs(status.clockOffsetMs + skew)).toBeLessThan(5000);
      expect(status.clockWarning).toBe(true);
      // A scan today is decided by today's window, in hub time.
      const scan = json<{ outcome: string; reason: string }>(await onLaptop(skew, 'scan', '--db', file, '--activity', ACTIVITY, '--code', codes[i * 2]!));
      expect(scan).toMatchObject({ outcome: 'admitted' });
      const door = new BetterSqlite3(file, { readonly: true });
      const row = door.prepare('SELECT at, clock_offset_ms AS offset FROM scan ORDER BY rowid DESC LIMIT 1').get() as { at: string; offset: number };
      door.close();
      expect(Math.abs(Date.parse(row.at) - Date.now())).toBeLessThan(60_000);
      expect(Math.abs(row.offset + skew)).toBeLessThan(5000);
      // The same laptop without an offset (never met its hub) decides by its own wrong clock: the window is shut.
      const lost = new BetterSqlite3(file);
      lost.prepare('UPDATE sync_state SET clock_offset_ms = NULL').run();
      lost.close();
      const wrong = json<{ outcome: string; reason: string }>(await onLaptop(skew, 'scan', '--db', file, '--activity', ACTIVITY, '--code', codes[i * 2 + 1]!));
      expect(wrong).toMatchObject({ outcome: 'refused', reason: skew > 0 ? 'closed' : 'too_early' });
      // Its sync measures the offset again (and tells the hub).
      running.push(await startLanyard(['station', '--db', file], 30_000, { LANYARD_CLOCK_SKEW_MS: String(skew) }));
      await waitFor('the door to know its offset again', async () => json<{ clockOffsetMs: number | null }>(await onLaptop(skew, 'sync', 'status', '--db', file)).clockOffsetMs !== null, 15_000, 200);
    }
    // The hub's list warns of both doors, and its own clock was never moved.
    await waitFor(
      'the hub to warn of both clocks',
      () => {
        const stations = json<Array<{ clockWarning: boolean; clockOffsetMs: number | null }>>(lanyard('stations', '--db', hubDb));
        return stations.length === 2 && stations.every((s) => s.clockWarning);
      },
      15_000,
      200,
    );
    const stations = json<Array<{ clockOffsetMs: number }>>(lanyard('stations', '--db', hubDb));
    expect(stations.map((s) => Math.round(s.clockOffsetMs / DAY)).sort()).toEqual([-1, 1]);
    // Both scans decided in hub time reached the hub, in hub time.
    await waitFor('the scans on the hub', () => {
      const h = new BetterSqlite3(hubDb, { readonly: true });
      const n = (h.prepare('SELECT count(*) AS n FROM scan').get() as { n: number }).n;
      h.close();
      return n === 4;
    }, 15_000, 200);
  }, 120_000);
});
