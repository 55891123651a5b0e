import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/open';
import { LiveDashboard } from '../../src/main/core/reports/live';
import type { StationRow } from '../../src/shared/sync';
import type { TestCups } from '../helpers/cups';
import { cupsPdfOutputs, startCups } from '../helpers/cups';
import type { Running } from '../helpers/sync';
import { joinedStation, json, lanyardAsync, startLanyard, stop, waitFor } from '../helpers/sync';

/**
 * The stations' health on the office's dashboard (issue #15), with real processes and a real CUPS queue: a desk
 * paired with `lanyard hub` prints a badge through the test's cupsd; when that printer is stopped (`cupsdisable`, as
 * an empty tray does), the desk's `lanyard station` tells the hub, whose dashboard raises "printer stopped" with the
 * desk's name and the spooler's words, and lets it go when the printer works again.
 */
const outputs = cupsPdfOutputs();
const dir = mkdtempSync(join(tmpdir(), 'lanyard-dash-stations-'));
const hubDb = join(dir, 'office.db');
const deskDb = join(dir, 'desk.db');
let cups: TestCups;
let hub: Running | null = null;
let desk: Running | null = null;

beforeAll(async () => {
  cups = await startCups();
  cups.addPdfPrinter('desk-3');
  json(await lanyardAsync('init', '--db', hubDb));
  // A real roster (demo attendees' rows stay on the laptop that made them).
  json(await lanyardAsync('import', join(import.meta.dirname, '../fixtures/registration-utf8-bom.csv'), '--db', hubDb));
  hub = await startLanyard(['hub', '--db', hubDb, '--listen', '127.0.0.1:0']);
  desk = await joinedStation(hubDb, deskDb, { role: 'desk', name: '报到台 3' }, ['--server', cups.server]);
}, 60_000);

afterAll(async () => {
  await stop(desk);
  await stop(hub);
  await cups?.stop();
  outputs.clean();
  rmSync(dir, { recursive: true, force: true });
});

const stations = async () => json<StationRow[]>(await lanyardAsync('stations', '--db', hubDb));
const printersOfDesk = async () => (await stations()).find((s) => s.name === '报到台 3')?.printers ?? [];

function dashboard() {
  const db = openDatabase(hubDb);
  try {
    return new LiveDashboard(db).view(new Date());
  } finally {
    db.close();
  }
}

describe('the stations’ health on the hub’s dashboard', () => {
  it('shows a desk’s stopped printer as an alert within seconds, with the spooler’s words, and clears it when the printer works again', async () => {
    const raw = new BetterSqlite3(deskDb, { readonly: true });
    const attendee = (raw.prepare("SELECT id FROM attendee WHERE status = 'active' AND is_demo = 0 ORDER BY id LIMIT 1").get() as { id: string }).id;
    raw.close();
    const printed = await lanyardAsync('print', '--db', deskDb, '--printer', 'desk-3', '--attendee', attendee, '--server', cups.server, '--wait', '30');
    expect(printed.code, printed.stderr).toBe(0);
    // The desk prints on desk-3: the hub hears of that printer, working.
    await waitFor('the desk’s printer on the hub', async () => (await printersOfDesk()).some((p) => p.name === 'desk-3' && p.state === 'idle'), 20_000, 300);
    expect(dashboard().alerts.filter((a) => a.kind === 'printer_stopped')).toEqual([]);
    // The badge it printed counts under the desk's name, once it reached the hub.
    await waitFor('the desk’s print on the hub', () => dashboard().badges.perStation.some((s) => s.station === '报到台 3' && s.printed === 1), 20_000, 300);

    cups.admin('cupsdisable', '-r', 'Out of paper', 'desk-3');
    await waitFor('the stopped printer on the hub', async () => (await printersOfDesk()).some((p) => p.state === 'stopped'), 20_000, 300);
    const view = dashboard();
    expect(view.alerts).toContainEqual({ kind: 'printer_stopped', station: '报到台 3', printer: 'desk-3', message: 'Out of paper' });
    expect(view.stations?.find((s) => s.name === '报到台 3')).toMatchObject({ online: true, printers: [{ name: 'desk-3', state: 'stopped', message: 'Out of paper' }] });

    cups.admin('cupsenable', 'desk-3');
    await waitFor('the printer working again on the hub', async () => (await printersOfDesk()).every((p) => p.state !== 'stopped'), 20_000, 300);
    expect(dashboard().alerts.filter((a) => a.kind === 'printer_stopped')).toEqual([]);
  }, 90_000);
});
