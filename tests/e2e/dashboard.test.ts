import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signInAt } from '../helpers/browser';
import type { RunningStation } from '../helpers/station';
import { serveStation, value } from '../helpers/station';
import type { Running } from '../helpers/sync';
import { joinedStation, json, lanyardAsync, startLanyard, stop } from '../helpers/sync';
import { capture, launchChromium } from './chromium';

const chromiumPath = inject('chromiumPath');

const ACTIVITY = 'forum-2';
const CAPACITY = 10;

/**
 * The office's live picture (issue #15) with real processes: `lanyard hub` on the office's file and `lanyard serve`
 * showing it to Chromium; two doors of one forum joined to the hub and synced by `lanyard station`, their scans made
 * with `lanyard scan` on each door's own file. The dashboard moves by itself as the scans reach the hub; the forum
 * (capacity 10) turns amber at 9 and red at 10, each with its alert.
 */
describe.skipIf(!chromiumPath)('the office’s live dashboard in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-e2e-dashboard-'));
  const hubDb = join(dir, 'office.db');
  const doorDbs = [join(dir, 'door-a.db'), join(dir, 'door-b.db')];
  let office: RunningStation;
  let hub: Running | null = null;
  const syncs: Running[] = [];
  let browser: Browser;
  let page: Page;
  let admin = '';
  let people: string[] = [];

  beforeAll(async () => {
    json(await lanyardAsync('init', '--db', hubDb));
    json(await lanyardAsync('demo', '--db', hubDb, '--attendees', '200', '--seed', '15'));
    office = await serveStation(hubDb);
    admin = value(await office.call('operator:createFirstAdmin', { name: 'admin', pin: '2468' })).token;
    value(await office.call('station:configure', { name: '会务办公室', mode: 'office' }, admin));
    value(await office.call('event:updateActivity', { id: ACTIVITY, capacity: CAPACITY }, admin));
    // Attendees the forum's door admits: registered for it, of a category allowed in.
    const db = new BetterSqlite3(hubDb, { readonly: true });
    people = (
      db
        .prepare(
          `SELECT a.id FROM attendee a JOIN registration r ON r.attendee_id = a.id AND r.activity_id = ?
           JOIN category_access c ON c.category_id = a.category_id AND c.activity_id = r.activity_id AND c.access IN ('allowed', 'registered')
           WHERE a.status = 'active' AND a.attention IS NULL ORDER BY a.id LIMIT 12`,
        )
        .all(ACTIVITY) as Array<{ id: string }>
    ).map((r) => r.id);
    db.close();
    hub = await startLanyard(['hub', '--db', hubDb, '--listen', '127.0.0.1:0', '--name', '会务办公室']);
    for (const [i, file] of doorDbs.entries()) syncs.push(await joinedStation(hubDb, file, { role: 'door', activity: ACTIVITY, name: `平行论坛二 ${i === 0 ? 'A' : 'B'}门` }));
    browser = await launchChromium(chromiumPath ?? '');
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.setDefaultTimeout(15_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(syncs.map((s) => stop(s)));
    await stop(hub);
    await office?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const tile = () => page.locator(`.dashboard-tile[data-activity="${ACTIVITY}"]`);
  const inside = () => tile().locator('[data-inside]').getAttribute('data-inside');
  /** A badge scanned at door A or B, on that door's own file: its `lanyard station` pushes it to the hub. */
  const scanAt = async (door: 0 | 1, attendeeId: string) => {
    const code = json<{ payload: string }>(await lanyardAsync('credential', '--db', hubDb, '--attendee', attendeeId)).payload;
    return json<{ outcome: string; reason: string }>(await lanyardAsync('scan', '--db', doorDbs[door]!, '--activity', ACTIVITY, '--code', code));
  };

  it('opens on the office with every activity’s tile, the stations’ health and no alert', async () => {
    expect(people.length).toBeGreaterThanOrEqual(CAPACITY + 1);
    await signInAt(page, office.url, 'admin', '2468');
    await page.getByRole('button', { name: '实时概况' }).click();
    await page.getByRole('heading', { name: '实时概况' }).waitFor();
    await expect.poll(() => inside()).toBe('0');
    expect(await page.locator('.dashboard-tile').count()).toBe(11);
    await expect.poll(() => page.locator('.dashboard-stations li[data-online="yes"]').count(), { timeout: 20_000 }).toBe(2);
    expect(await page.locator('.dashboard-alerts').innerText()).toContain('一切正常');
    await capture(page, 'dashboard-office-start');
  }, 60_000);

  it('moves by itself as scans at two doors reach the hub, and warns at 90 % and at 100 % of the room', async () => {
    for (let i = 0; i < CAPACITY - 1; i++) {
      expect(await scanAt((i % 2) as 0 | 1, people[i]!)).toMatchObject({ outcome: 'admitted' });
      // No refresh: the screen asks by itself, and the scan made at the other laptop reaches it through the hub.
      await expect.poll(() => inside(), { timeout: 10_000 }).toBe(String(i + 1));
    }
    await expect.poll(() => tile().getAttribute('data-level')).toBe('busy');
    const busy = page.locator(`.dashboard-alert[data-alert="room_busy"][data-activity="${ACTIVITY}"]`);
    await busy.waitFor();
    expect(await busy.innerText()).toBe('平行论坛二 将满：9 / 10');
    expect(await tile().locator('[data-admitted-today]').getAttribute('data-admitted-today')).toBe('9');
    await capture(page, 'dashboard-office-busy');

    expect(await scanAt(1, people[CAPACITY - 1]!)).toMatchObject({ outcome: 'admitted' });
    await expect.poll(() => tile().getAttribute('data-level'), { timeout: 10_000 }).toBe('full');
    const full = page.locator(`.dashboard-alert[data-alert="room_full"][data-activity="${ACTIVITY}"]`);
    await full.waitFor();
    expect(await full.innerText()).toBe('平行论坛二 已满：10 / 10');
    expect(await busy.count()).toBe(0);
    // The next person is refused at the door, by the door's own count; the refusal and its reason reach the office.
    expect(await scanAt(0, people[CAPACITY]!)).toMatchObject({ outcome: 'refused', reason: 'room_full' });
    await expect.poll(() => tile().locator('[data-refused-today]').getAttribute('data-refused-today'), { timeout: 10_000 }).toBe('1');
    expect(await tile().locator('.dashboard-reasons').innerText()).toContain('会场已满');
    // Today's first room entries, per quarter hour, drawn by ECharts (bundled, as SVG).
    expect(await page.getByRole('img', { name: '每 15 分钟的服务台签到与首次入场' }).locator('svg').count()).toBe(1);
    await capture(page, 'dashboard-office-full');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => full.innerText()).toBe('Parallel Forum 2 is full: 10 / 10');
    await capture(page, 'dashboard-office-full-en');
    await page.getByRole('button', { name: '简体中文' }).click();
  }, 120_000);

  it('fills a big screen as a dashboard station, readable from three metres', async () => {
    value(await office.call('station:configure', { name: '大屏', mode: 'dashboard' }, admin));
    await page.reload();
    await page.getByRole('heading', { name: '实时概况' }).waitFor();
    expect(await page.locator('.shell-big .dashboard-big').count()).toBe(1);
    await expect.poll(() => tile().getAttribute('data-level')).toBe('full');
    // The room's count is the largest figure on the screen: at least 50 px tall at 1920×1080.
    const size = await tile().locator('[data-inside]').evaluate((e) => Number.parseFloat((globalThis as unknown as { getComputedStyle: (x: unknown) => { fontSize: string } }).getComputedStyle(e).fontSize));
    expect(size).toBeGreaterThanOrEqual(50);
    // At 1920×1080 the whole picture is on the screen, nothing below the fold: a wall screen has no one to scroll it.
    await page.setViewportSize({ width: 1920, height: 1080 });
    const bottom = await page.locator('.dashboard-lower').evaluate((e) => (e as unknown as { getBoundingClientRect: () => { bottom: number } }).getBoundingClientRect().bottom);
    expect(bottom).toBeLessThanOrEqual(1080);
    await capture(page, 'dashboard-bigscreen');
  }, 60_000);

  it('ends the event from the office, asked twice; both doors delete their copies of the roster and the Stations screen says so', async () => {
    value(await office.call('station:configure', { name: '会务办公室', mode: 'office' }, admin));
    await page.reload();
    await page.getByRole('button', { name: '活动一览' }).click();
    await page.getByRole('button', { name: '结束活动并删除个人信息…' }).click();
    // First: what goes, what stays, what the stations do.
    const first = page.getByRole('dialog', { name: '结束活动' });
    await first.getByText('保留：编号、类别、地区、报名与全部扫码记录').waitFor();
    await capture(page, 'end-event-ask-1');
    await first.getByRole('button', { name: '继续' }).click();
    // Then: cannot be undone; the event's short name typed back before the button works.
    const second = page.getByRole('dialog', { name: '此操作无法撤销' });
    const confirm = second.getByRole('button', { name: '删除个人信息' });
    expect(await confirm.isDisabled()).toBe(true);
    await second.getByLabel('请输入活动简称“CNMC 2024”以确认').fill('CNMC');
    expect(await confirm.isDisabled()).toBe(true);
    await second.getByLabel('请输入活动简称“CNMC 2024”以确认').fill('CNMC 2024');
    await capture(page, 'end-event-ask-2');
    await confirm.click();
    await page.getByRole('status').filter({ hasText: '个手机号' }).waitFor();
    await page.getByRole('button', { name: '站点同步' }).click();
    await expect.poll(() => page.locator('td[data-roster="deleted"]').count(), { timeout: 30_000 }).toBe(2);
    await capture(page, 'end-event-stations');
    // The doors' files hold no name any more; the counts the office saw are the same.
    for (const file of doorDbs) {
      const raw = new BetterSqlite3(file, { readonly: true });
      expect(raw.prepare('SELECT count(*) AS n FROM attendee WHERE name_zh IS NOT NULL OR name_en IS NOT id').get()).toEqual({ n: 0 });
      raw.close();
    }
    await page.getByRole('button', { name: '实时概况' }).click();
    await expect.poll(() => inside()).toBe(String(CAPACITY));
  }, 90_000);
});
