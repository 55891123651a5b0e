import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningStation } from '../helpers/station';
import { startStation } from '../helpers/station';
import { capture, launchChromium, setUpOffice } from './chromium';

const chromiumPath = inject('chromiumPath');
const PIN = '2468';
/** Which roster row has the focus: its index, or 'outside' the roster list. */
const FOCUSED_ROW = () => {
  type Node = { closest(selector: string): { getAttribute(name: string): string | null } | null };
  const active = (globalThis as unknown as { document: { activeElement: Node | null } }).document.activeElement;
  return active?.closest('[role="list"]') ? (active.closest('[data-index]')?.getAttribute('data-index') ?? 'none') : 'outside';
};

const FIXTURE = join(resolve(import.meta.dirname, '..'), 'fixtures/registration-gb18030.csv');

describe.skipIf(!chromiumPath)('the roster in Chromium: import wizard, search, detail, walk-in', () => {
  let station: RunningStation;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    station = await startStation({ attendees: 300 });
    browser = await launchChromium(chromiumPath ?? '');
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.setDefaultTimeout(15_000);
    await setUpOffice(page, station.url, PIN);
  });

  afterAll(async () => {
    await browser?.close();
    await station?.stop();
  });

  it('previews a GB18030 registration export: encoding, mapping and problems by line', async () => {
    await page.getByRole('navigation').getByRole('button', { name: '导入名单' }).click();
    await page.getByLabel('选择文件…').setInputFiles(FIXTURE);
    await page.getByRole('heading', { name: '检查结果（尚未导入）' }).waitFor();
    expect(await page.locator('.import-counts').textContent()).toContain('GB18030');
    expect(await page.getByLabel('“姓名”列对应的字段').inputValue()).toBe('nameZh');
    expect(await page.getByLabel('“手机号码”列对应的字段').inputValue()).toBe('phone');
    await capture(page, 'import-mapping');

    await page.getByRole('button', { name: /下一步：查看问题/ }).click();
    const problems = page.getByRole('region', { name: /问题/ });
    const rows = await problems.locator('tbody tr').allTextContents();
    // The row without a name starts on line 6 of the file (line 4 is blank, a quoted newline spans 4–5).
    expect(rows.some((r) => /^\d+中文姓名错误/.test(r))).toBe(true);
    expect(rows.some((r) => r.includes('4.30102E+17') || r.includes('科学计数'))).toBe(true);
    await capture(page, 'import-problems');
  });

  it('commits the import and shows the final report', async () => {
    await page.getByRole('button', { name: /^导入 \d+ 行$/ }).click();
    await page.getByRole('heading', { name: '导入报告' }).waitFor();
    expect(await page.getByRole('heading', { name: '导入完成' }).count()).toBe(1);
    expect(await page.locator('.import-counts').last().textContent()).toMatch(/新增\d+/);
    await capture(page, 'import-done');
  });

  it('finds 张三 by initials, by phone tail and by organisation, and opens the masked detail', async () => {
    await page.getByRole('navigation').getByRole('button', { name: '参会者' }).click();
    const box = page.getByRole('combobox', { name: '搜索参会者' });
    await box.fill('zs');
    await page.getByRole('option', { name: /张三/ }).first().waitFor();
    await capture(page, 'roster-search');

    await box.fill('8000');
    await page.getByRole('option', { name: /张三/ }).first().waitFor();
    await box.fill('湖南日报社');
    const hit = page.getByRole('option', { name: /张三/ }).first();
    await hit.waitFor();
    expect(await hit.textContent()).toContain('138****8000');

    await hit.click();
    const dialog = page.getByRole('dialog', { name: '参会者详情' });
    await dialog.getByText('138****8000').waitFor();
    expect(await dialog.textContent()).not.toContain('13800138000');
    await capture(page, 'attendee-detail');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('shows the whole roster in a virtualised table with only the visible rows in the page', async () => {
    await page.getByRole('combobox', { name: '搜索参会者' }).fill('');
    await page.getByRole('heading', { name: /全部参会者（\d+ 人）/ }).waitFor();
    await page.locator('.grid-button').first().waitFor();
    expect(await page.locator('.grid-item').count()).toBeLessThan(80);
    await capture(page, 'roster-table');

    // Keyboard: the arrow keys and End walk the virtualised rows (End to the last of thousands); Tab leaves the list.
    const total = Number((await page.getByRole('heading', { name: /全部参会者（\d+ 人）/ }).textContent())?.match(/\d+/)?.[0]);
    const focused = () => page.evaluate(FOCUSED_ROW);
    await page.locator('.grid-button').first().focus();
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('1');
    await page.keyboard.press('End');
    await expect.poll(focused).toBe(String(total - 1));
    expect(await page.locator('.grid-item').count()).toBeLessThan(80);
    await page.keyboard.press('Home');
    await expect.poll(focused).toBe('0');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('outside');
  });

  it('registers a walk-in and finds it by its pinyin initials', async () => {
    await page.getByRole('button', { name: '现场登记' }).click();
    const form = page.getByRole('dialog', { name: '现场登记' });
    await form.getByLabel('中文姓名').fill('欧阳娜娜');
    await form.getByLabel('单位').fill('长沙晚报');
    await form.getByLabel('手机').fill('13912345678');
    await capture(page, 'walk-in');
    await form.getByLabel('手机').press('Control+Enter');
    const detail = page.getByRole('dialog', { name: '参会者详情' });
    await detail.getByText('139****5678').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('combobox', { name: '搜索参会者' }).fill('oynn');
    await page.getByRole('option', { name: /欧阳娜娜/ }).first().waitFor();
  });
});
