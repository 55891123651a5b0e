import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signInAt } from '../helpers/browser';
import type { RunningStation } from '../helpers/station';
import { serveStation, value } from '../helpers/station';
import type { Running } from '../helpers/sync';
import { joinedStation, json, lanyardAsync, startLanyard, stop } from '../helpers/sync';
import { ARTIFACTS, capture, launchChromium } from './chromium';

const chromiumPath = inject('chromiumPath');

/**
 * The hub and its stations on screen (issue #14), with real processes: `lanyard hub` and `lanyard serve` on the
 * event office's file, two doors joined with `lanyard join` and synced by `lanyard station`, one of them served to
 * Chromium. The hub's Stations screen lists both doors; a door's top bar says "offline since … · 1 not yet sent"
 * when the hub stops, and clears when it returns.
 */
describe.skipIf(!chromiumPath)('the hub and its stations in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-e2e-sync-'));
  const hubDb = join(dir, 'office.db');
  const doorDbs = [join(dir, 'door-a.db'), join(dir, 'door-b.db')];
  let office: RunningStation;
  let door: RunningStation;
  let desk: RunningStation | null = null;
  const deskDb = join(dir, 'desk.db');
  let hub: Running | null = null;
  let hubPort = 0;
  const syncs: Running[] = [];
  let browser: Browser;
  let page: Page;

  const startHub = async (port: number) => {
    hub = await startLanyard(['hub', '--db', hubDb, '--listen', `127.0.0.1:${port}`, '--name', '会务办公室']);
    hubPort = Number(new URL(hub.first.url as string).port);
  };

  beforeAll(async () => {
    json(await lanyardAsync('init', '--db', hubDb));
    json(await lanyardAsync('demo', '--db', hubDb, '--attendees', '200', '--seed', '11'));
    office = await serveStation(hubDb);
    const admin = value(await office.call('operator:createFirstAdmin', { name: 'admin', pin: '2468' })).token;
    value(await office.call('operator:create', { name: 'door-li', role: 'door', pin: '8642' }, admin));
    value(await office.call('station:configure', { name: '会务办公室', mode: 'office' }, admin));
    await startHub(0);
    for (const [i, file] of doorDbs.entries()) syncs.push(await joinedStation(hubDb, file, { role: 'door', activity: 'main-forum', name: `主论坛 ${i === 0 ? 'A' : 'B'}门` }));
    door = await serveStation(doorDbs[0]!);
    // The operators came with the hub's snapshot: the door's admin signs in there and sets the door up.
    const doorAdmin = value(await door.call('session:signIn', { name: 'admin', pin: '2468' })).token;
    value(await door.call('station:configure', { name: '主论坛 A门', mode: 'door', activityId: 'main-forum' }, doorAdmin));
    browser = await launchChromium(chromiumPath ?? '');
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.setDefaultTimeout(15_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(syncs.map((s) => stop(s)));
    await stop(hub);
    await door?.stop();
    await desk?.stop();
    await office?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists both paired doors on the hub’s Stations screen, online', async () => {
    await signInAt(page, office.url, 'admin', '2468');
    await page.getByRole('button', { name: '站点同步' }).click();
    await page.getByRole('heading', { name: '站点同步' }).waitFor();
    await expect.poll(() => page.locator('tr[data-online="yes"]').count(), { timeout: 15_000 }).toBe(2);
    expect(await page.locator('tbody tr').allInnerTexts()).toEqual([expect.stringContaining('主论坛 A门'), expect.stringContaining('主论坛 B门')]);
    await expect.poll(() => page.getByRole('status').innerText()).toContain('2/2 个站点在线');
    await capture(page, 'sync-hub-stations');
  });

  it('pairs a desk from the Stations screen — its QR reads as the code — and the desk joins from its own setup screen, starting again on the hub’s roster', async () => {
    // The office is on its Stations screen (the test above): a code for a registration desk.
    await page.getByRole('button', { name: '配对新站点' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('报到台', { exact: true }).click();
    await dialog.getByLabel('站点名称（可不填）').fill('报到台 3');
    await dialog.getByRole('button', { name: '生成配对码' }).click();
    const codeBox = dialog.locator('#pairing-code');
    await codeBox.waitFor();
    const code = await codeBox.inputValue();
    expect(code).toMatch(/^LANYARD-PAIR-1:/);
    await capture(page, 'sync-pair-code');
    // What a camera sees is the code: the QR on screen, decoded by zbar.
    const shot = join(dir, 'pair-qr.png');
    await dialog.getByRole('img', { name: '配对码二维码' }).screenshot({ path: shot });
    expect(execFileSync('zbarimg', ['--raw', '-q', shot], { encoding: 'utf8' }).trim()).toBe(code);
    await dialog.getByRole('button', { name: '完成' }).click();

    // A laptop on its own, with its own first admin, running its sync as the app does.
    execFileSync(process.execPath, [join(import.meta.dirname, '../../bin/lanyard.js'), 'init', '--db', deskDb]);
    desk = await serveStation(deskDb, { sync: true });
    value(await desk.call('operator:createFirstAdmin', { name: 'desk-admin', pin: '1357' }));
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const deskPage = await context.newPage();
    deskPage.setDefaultTimeout(15_000);
    await signInAt(deskPage, desk.url, 'desk-admin', '1357');
    await deskPage.getByRole('heading', { name: '与其他站点同步' }).waitFor();
    await deskPage.getByLabel('配对码', { exact: true }).fill(code);
    await capture(deskPage, 'sync-join-form');
    await deskPage.locator('.sync-setup').screenshot({ path: join(ARTIFACTS, 'sync-join-card.png') });
    await deskPage.getByRole('button', { name: '加入', exact: true }).click();
    await deskPage.getByText('已作为报到台加入主站').waitFor();
    // It starts again on the hub's roster: the hub's operators sign in, and the desk says it is in sync.
    await deskPage.getByLabel('操作员姓名').waitFor({ timeout: 20_000 });
    await signInAt(deskPage, desk.url, 'admin', '2468');
    const bar = deskPage.locator('[data-sync]');
    await expect.poll(() => bar.getAttribute('data-sync'), { timeout: 20_000 }).toBe('ok');
    await capture(deskPage, 'sync-desk-joined');
    await context.close();
    await expect.poll(() => page.locator('tbody tr').allInnerTexts(), { timeout: 15_000 }).toEqual([expect.stringContaining('主论坛 A门'), expect.stringContaining('主论坛 B门'), expect.stringContaining('报到台 3')]);
  }, 90_000);

  it('shows a door offline with what it has not sent when the hub stops, and in sync again when it returns', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const doorPage = await context.newPage();
    doorPage.setDefaultTimeout(15_000);
    await signInAt(doorPage, door.url, 'door-li', '8642');
    await doorPage.getByRole('heading', { name: '扫码入场' }).waitFor();
    const bar = doorPage.locator('[data-sync]');
    await expect.poll(() => bar.getAttribute('data-sync')).toBe('ok');
    await expect.poll(() => bar.innerText(), { timeout: 5_000 }).toContain('已同步');
    await capture(doorPage, 'sync-door-in-sync');

    await stop(hub);
    // A scan while the hub is away: decided at the door as always, and waiting in its log.
    const code = json<{ payload: string }>(await lanyardAsync('credential', '--db', hubDb, '--attendee', (await firstAttendee()) ?? '')).payload;
    expect(json<{ outcome: string }>(await lanyardAsync('scan', '--db', doorDbs[0]!, '--activity', 'main-forum', '--code', code)).outcome).toBe('admitted');
    await expect.poll(() => bar.getAttribute('data-sync'), { timeout: 15_000 }).toBe('offline');
    // The bar may have said "offline · 0" before the scan was logged; it asks again every 1.5 s, so the wait here
    // is longer than expect.poll's default second (which made this test fail now and then).
    await expect.poll(() => bar.innerText(), { timeout: 5_000 }).toMatch(/\d\d:\d\d 起离线 · 1 条未发送/);
    await capture(doorPage, 'sync-door-offline');
    await doorPage.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => bar.innerText(), { timeout: 5_000 }).toMatch(/Offline since \d\d:\d\d · 1 not yet sent/);
    await capture(doorPage, 'sync-door-offline-en');

    await startHub(hubPort);
    await expect.poll(() => bar.getAttribute('data-sync'), { timeout: 20_000 }).toBe('ok');
    await expect.poll(() => bar.innerText(), { timeout: 5_000 }).toContain('In sync');
    await capture(doorPage, 'sync-door-back');
    await context.close();
  }, 90_000);

  async function firstAttendee(): Promise<string | undefined> {
    const admin = value(await office.call('session:signIn', { name: 'admin', pin: '2468' })).token;
    const list = value(await office.call('roster:list', { activityId: 'main-forum', limit: 1, sort: 'pinyin' }, admin));
    return list.rows[0]?.id;
  }
});
