import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningStation } from '../helpers/station';
import { startStation } from '../helpers/station';
import type { PageGlobals } from './chromium';
import { capture, launchChromium } from './chromium';

const chromiumPath = inject('chromiumPath');
const MAIN_FORUM = '开幕式暨主论坛';
const PIN = '2468';

interface PlatformFont {
  familyName: string;
  postScriptName?: string;
  isCustomFont: boolean;
  glyphCount: number;
}

/** The fonts Chromium really drew a node's text with, straight from its layout (CSS.getPlatformFontsForNode). */
async function platformFonts(page: Page, selector: string): Promise<{ text: string; fonts: PlatformFont[] }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    expect(nodeId, `no node for ${selector}`).toBeGreaterThan(0);
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    const text = (await page.locator(selector).textContent()) ?? '';
    return { text, fonts };
  } finally {
    await cdp.detach();
  }
}

describe.skipIf(!chromiumPath)('the station shell in Chromium, over HTTP', () => {
  let station: RunningStation;
  let browser: Browser;
  let page: Page;
  const fontResponses: Array<{ url: string; status: number; type: string | undefined }> = [];

  beforeAll(async () => {
    station = await startStation({ attendees: 300 });
    browser = await launchChromium(chromiumPath ?? '');
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.setDefaultTimeout(15_000);
    page.on('response', (r) => {
      if (/\.(ttf|woff2?|otf)$/.test(new URL(r.url()).pathname)) fontResponses.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] });
    });
    await page.goto(station.url);
  });

  afterAll(async () => {
    await browser?.close();
    await station?.stop();
  });

  it('asks for the administrator on first start and signs them in', async () => {
    await page.getByRole('heading', { name: '创建管理员' }).waitFor();
    expect(await page.getByLabel('管理员姓名').inputValue()).toBe('admin');
    await capture(page, 'first-start');
    await page.getByLabel('PIN 码', { exact: true }).fill(PIN);
    await page.getByLabel('再次输入 PIN 码').fill(PIN);
    await page.getByLabel('再次输入 PIN 码').press('Enter');
    // A new station has no setup yet, so the administrator lands on it.
    await page.getByRole('heading', { name: '站点设置' }).waitFor();
    expect(await page.getByRole('banner').textContent()).toContain('管理员');
  });

  it('signs out, refuses a wrong PIN and signs in again', async () => {
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('heading', { name: '操作员登录' }).waitFor();
    await capture(page, 'sign-in');

    await page.getByLabel('操作员姓名').fill('admin');
    await page.getByLabel('PIN 码').fill('1111');
    await page.getByLabel('PIN 码').press('Enter');
    expect(await page.getByRole('alert').textContent()).toContain('操作员姓名或 PIN 码不正确。');

    await page.getByLabel('PIN 码').fill(PIN);
    await page.getByLabel('PIN 码').press('Enter');
    await page.getByRole('heading', { name: '站点设置' }).waitFor();
  });

  it('shows the 11 activities with both titles, leaving what the programme does not say as "not set"', async () => {
    await page.getByRole('navigation').getByRole('button', { name: '活动一览' }).click();
    await page.getByRole('heading', { name: '活动（11）' }).waitFor();
    const rows = page.locator('table.activities tbody tr');
    expect(await rows.count()).toBe(11);
    const mainForum = rows.filter({ hasText: MAIN_FORUM });
    expect(await mainForum.textContent()).toContain('Opening Ceremony and Main Forum');
    expect(await mainForum.getByText('未设置').count()).toBe(3);
    expect(await page.getByRole('heading', { name: '证件类别（10）' }).isVisible()).toBe(true);
    expect(await page.locator('.categories li').count()).toBe(10);
  });

  it('lets the administrator fill in the main forum room and capacity', async () => {
    await page.getByRole('button', { name: '编辑“主论坛”' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('会场').fill('长沙国际会议中心 主会场');
    await dialog.getByLabel('日期').selectOption('2024-10-15');
    await dialog.getByLabel('开始时间').fill('09:00');
    await dialog.getByLabel('结束时间').fill('08:00');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText('结束时间须晚于开始时间。').waitFor();
    await dialog.getByLabel('结束时间').fill('12:00');
    await dialog.getByLabel('容量', { exact: true }).fill('2000');
    await dialog.getByLabel('再次入场').selectOption('warn');
    await dialog.getByLabel('港澳台媒体能否进入').selectOption('allowed');
    await capture(page, 'activity-rules');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'detached' });

    const row = page.locator('table.activities tbody tr').filter({ hasText: MAIN_FORUM });
    await row.getByText('长沙国际会议中心 主会场').waitFor();
    expect(await row.textContent()).toContain('2,000');
    const view = await station.call('event:get', {}, await sessionToken(page));
    expect(view.ok && view.value.activities.find((a) => a.id === 'main-forum')).toMatchObject({ room: '长沙国际会议中心 主会场', day: '2024-10-15', startTime: '09:00', endTime: '12:00', capacity: 2000, policy: { reEntry: 'warn' } });
    expect(view.ok && view.value.categories.find((c) => c.id === 'hkmt-media')?.access['main-forum']).toBe('allowed');
  });

  it('switches the language from Chinese to English and back, and keeps it for the station', async () => {
    await capture(page, 'overview-zh');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Activities (11)' }).waitFor();
    expect(await page.getByRole('heading', { name: '活动（11）' }).count()).toBe(0);
    expect(await page.getByRole('navigation').textContent()).toBe('ActivitiesStation setupOperatorsAudit log');
    expect(await page.locator('html').getAttribute('lang')).toBe('en-GB');
    await capture(page, 'overview-en');

    const savedLanguage = async () => {
      const status = await station.call('app:status', {});
      return status.ok && status.value.station.language;
    };
    await expect.poll(savedLanguage).toBe('en');
    // The language belongs to the station: a reload (same session) comes back in English.
    await page.reload();
    await page.getByRole('navigation').getByRole('button', { name: 'Activities' }).click();
    await page.getByRole('heading', { name: 'Activities (11)' }).waitFor();

    await page.getByRole('button', { name: '简体中文' }).click();
    await page.getByRole('heading', { name: '活动（11）' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Activities (11)' }).count()).toBe(0);
    expect(await page.getByRole('navigation').textContent()).toBe('活动一览站点设置操作员审计日志');
    await expect.poll(savedLanguage).toBe('zh');
  });

  it('sets up a door station for the main forum and shows its door home', async () => {
    await page.getByRole('navigation').getByRole('button', { name: '站点设置' }).click();
    await page.getByLabel('站点名称').fill('主会场 A 门');
    await page.getByRole('radio', { name: /入口核验/ }).check();
    await page.getByRole('radio', { name: new RegExp(MAIN_FORUM) }).check();
    // Five ways to use a station (office, desk, door, the big screen's dashboard, the self check-in kiosk), and the eleven activities a door may serve.
    expect(await page.getByRole('radio').count()).toBe(5 + 11);
    await capture(page, 'station-setup');
    await page.getByRole('button', { name: '保存设置' }).click();

    await page.getByRole('heading', { level: 1, name: MAIN_FORUM }).waitFor();
    expect(await page.locator('.door-facts').textContent()).toContain('长沙国际会议中心 主会场');
    expect(await page.getByRole('textbox', { name: '证件码（扫码枪）' }).isVisible()).toBe(true);
    expect(await page.getByRole('banner').textContent()).toContain('主会场 A 门');
    await capture(page, 'door-home');

    const status = await station.call('app:status', {});
    expect(status.ok && status.value.station).toMatchObject({ name: '主会场 A 门', mode: 'door', activityId: 'main-forum' });
  });

  it('draws the Chinese titles with the bundled Noto Sans SC, not a system font', async () => {
    const door = await platformFonts(page, 'h1.door-title');
    expect(door.text).toBe(MAIN_FORUM);
    expect(door.fonts.length).toBeGreaterThan(0);
    for (const font of door.fonts) {
      expect(font.isCustomFont, `${font.familyName} is a system font`).toBe(true);
      expect(font.familyName).toBe('Noto Sans SC');
    }
    expect(door.fonts.reduce((n, f) => n + f.glyphCount, 0)).toBe(MAIN_FORUM.length);

    await page.getByRole('navigation').getByRole('button', { name: '活动一览' }).click();
    const row = await platformFonts(page, '[data-activity-title="main-forum"]');
    expect(row.text).toBe(MAIN_FORUM);
    expect(row.fonts.map((f) => [f.familyName, f.isCustomFont])).toEqual([['Noto Sans SC', true]]);

    const faces = await page.evaluate(() => {
      const { document, getComputedStyle } = globalThis as unknown as PageGlobals;
      return {
        family: getComputedStyle(document.body).fontFamily,
        loaded: [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'Lanyard Sans SC' && f.status === 'loaded').map((f) => f.weight),
        usable: document.fonts.check('16px "Lanyard Sans SC"', '开幕式暨主论坛'),
      };
    });
    expect(faces.family).toBe('"Lanyard Sans SC", sans-serif');
    expect(faces.loaded.sort()).toEqual(['400', '700']);
    expect(faces.usable).toBe(true);
    // Both weights came from this station's own renderer build (once per page load), from nowhere else.
    expect(new Set(fontResponses.map((r) => new URL(r.url).pathname.replace(/-[\w-]+\.ttf$/, '.ttf')))).toEqual(
      new Set(['/assets/NotoSansSC_400Regular.ttf', '/assets/NotoSansSC_700Bold.ttf']),
    );
    for (const r of fontResponses) expect([new URL(r.url).origin, r.status, r.type]).toEqual([station.url, 200, 'font/ttf']);
  });
});

function sessionToken(page: Page): Promise<string | null> {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).sessionStorage.getItem('lanyard.sessionToken'));
}
