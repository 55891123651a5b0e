import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { integrityOf } from '../../src/main/core/sync/backup';
import { decodePairingCode } from '../../src/main/core/sync/hub';
import { lanyard } from '../helpers/cli';
import type { RunningStation } from '../helpers/station';
import { serveStation, value } from '../helpers/station';
import { json, waitFor } from '../helpers/sync';
import { freePort } from '../helpers/port';

/**
 * A hub made and a station joined from the screens' commands (issue 14, points 2 and 11), with real processes:
 * `lanyard serve --sync` runs a station's sync in its own process as the app does. One laptop on its own becomes the
 * hub on an address chosen on screen; it makes a pairing code (text and QR); another laptop on its own joins with it
 * and starts again on the hub's roster, its own database kept beside.
 */

const dir = mkdtempSync(join(tmpdir(), 'lanyard-sync-setup-'));
const officeDb = join(dir, 'office.db');
const deskDb = join(dir, 'desk.db');
const running: RunningStation[] = [];

afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
});

/** A port free on loopback now, for the hub's address (an address chosen on screen is a real port, never 0). */
describe('making a hub and joining it from the station’s screens', () => {
  it('makes a laptop the hub, pairs a desk by code, and the desk starts again on the hub’s roster, its own file kept', async () => {
    json(lanyard('init', '--db', officeDb));
    json(lanyard('demo', '--db', officeDb, '--attendees', '120', '--seed', '5'));
    json(lanyard('init', '--db', deskDb));
    const office = await serveStation(officeDb, { sync: true });
    running.push(office);
    const admin = value(await office.call('operator:createFirstAdmin', { name: 'admin', pin: '2468' })).token;
    const own = value(await office.call('sync:addresses', {}, admin));
    expect(own).toMatchObject({ role: null, hosted: true, running: false });
    expect(own.addresses).toContain('127.0.0.1');
    // Desk staff cannot make a hub.
    expect(await office.call('sync:becomeHub', { listen: '127.0.0.1:7443' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await office.call('sync:becomeHub', { listen: 'nowhere' }, admin)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const port = await freePort();
    const hub = value(await office.call('sync:becomeHub', { listen: `127.0.0.1:${port}`, name: '会务办公室' }, admin));
    expect(hub).toMatchObject({ role: 'hub', running: true, url: `https://127.0.0.1:${port}` });
    // Backups chosen on screen: one at once into the folder, checked, the folder kept for the five-minute schedule.
    const usb = join(dir, 'usb');
    const backup = value(await office.call('sync:backup', { dir: usb }, admin));
    expect(backup.out.startsWith(usb)).toBe(true);
    expect(integrityOf(backup.out)).toBe('ok');
    expect(existsSync(`${backup.out}.signing-key`) && existsSync(`${backup.out}.hub-key`)).toBe(true);
    expect(value(await office.call('sync:addresses', {}, admin))).toMatchObject({ role: 'hub', running: true, backupDir: usb });
    const pairing = value(await office.call('sync:pair', { role: 'desk', name: '报到台 2' }, admin));
    expect(decodePairingCode(pairing.code)).toMatchObject({ url: `https://127.0.0.1:${port}` });
    expect(pairing.qr.dark).toHaveLength(pairing.qr.size * pairing.qr.size);
    expect(pairing.qr.dark).toMatch(/^[01]+$/);

    // A plain `lanyard serve` hosts no sync: joining there is refused with a reason, nothing changed.
    const plain = await serveStation(deskDb);
    const plainAdmin = value(await plain.call('operator:createFirstAdmin', { name: 'desk-admin', pin: '1357' })).token;
    expect(await plain.call('sync:join', { code: pairing.code }, plainAdmin)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await plain.stop();

    const desk = await serveStation(deskDb, { sync: true });
    running.push(desk);
    const deskAdmin = value(await desk.call('session:signIn', { name: 'desk-admin', pin: '1357' })).token;
    expect(await desk.call('sync:join', { code: 'LANYARD-PAIR-1:bm90IGEgY29kZQ' }, deskAdmin)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const joined = value(await desk.call('sync:join', { code: pairing.code }, deskAdmin));
    expect(joined).toMatchObject({ role: 'desk', attendees: 120, restarting: true });

    // The same server answers on the hub's roster: the old session is gone, the hub's admin signs in, sync runs.
    await waitFor('the desk on the hub’s roster', async () => (await desk.call('session:signIn', { name: 'admin', pin: '2468' })).ok, 15_000, 100);
    expect(await desk.call('roster:list', { limit: 1 }, deskAdmin)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const hubAdmin = value(await desk.call('session:signIn', { name: 'admin', pin: '2468' })).token;
    await waitFor('the desk connected', async () => value(await desk.call('sync:status', {}))?.connected === true, 15_000, 100);
    expect(value(await desk.call('sync:status', {}))).toMatchObject({ role: 'desk', connected: true, unsent: 0 });
    expect(value(await desk.call('app:status', {}, hubAdmin)).station).toMatchObject({ name: '报到台 2', mode: 'desk' });
    expect(value(await desk.call('sync:addresses', {}, hubAdmin))).toMatchObject({ role: 'desk', running: true, url: `https://127.0.0.1:${port}` });
    expect(readdirSync(dir).some((f) => /^desk\.db\.before-join-[\d-]+T[\d-]+Z$/.test(f))).toBe(true);
    expect(existsSync(`${deskDb}.issuer-key`)).toBe(true);
    expect(existsSync(`${deskDb}.signing-key`)).toBe(false);

    // A walk-in registered on the desk's screen reaches the hub, and the hub lists the desk online.
    const walkIn = value(await desk.call('roster:createWalkIn', { nameZh: '梁嘉怡', categoryId: 'media', phone: '13900001111', registrations: ['main-forum'] }, hubAdmin));
    await waitFor('the walk-in on the hub', async () => (await office.call('roster:get', { id: walkIn.id }, admin)).ok, 10_000, 100);
    const stations = value(await office.call('sync:stations', {}, admin));
    expect(stations).toMatchObject([{ name: '报到台 2', role: 'desk', online: true }]);
  }, 120_000);
});
