import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningStation } from '../helpers/station';
import { startStation } from '../helpers/station';
import { capture, launchChromium, setUpOffice } from './chromium';

const chromiumPath = inject('chromiumPath');
const PIN = '2468';
const FIXTURES = join(resolve(import.meta.dirname, '..'), 'fixtures');

describe.skipIf(!chromiumPath)('the import wizard in Chromium with the files organisers have', () => {
  let station: RunningStation;
  let browser: Browser;
  let page: Page;
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-e2e-import-'));

  beforeAll(async () => {
    station = await startStation({ attendees: 1 });
    browser = await launchChromium(chromiumPath ?? '');
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.setDefaultTimeout(15_000);
    await setUpOffice(page, station.url, PIN);
  });

  afterAll(async () => {
    await browser?.close();
    await station?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const choose = async (file: string) => {
    await page.getByRole('navigation').getByRole('button', { name: '导入名单' }).click();
    await page.getByLabel('选择文件…').setInputFiles(file);
    await page.getByRole('heading', { name: '检查结果（尚未导入）' }).waitFor();
  };

  it('reads a Hong Kong list saved as Big5 with its traditional header words, and imports it', async () => {
    await choose(join(FIXTURES, 'hk-media-big5.csv'));
    expect(await page.locator('.import-counts').textContent()).toContain('Big5');
    expect(await page.getByLabel('“機構”列对应的字段').inputValue()).toBe('orgZh');
    expect(await page.getByLabel('“類別”列对应的字段').inputValue()).toBe('category');
    await capture(page, 'import-big5');
    await page.getByRole('button', { name: /下一步：查看问题/ }).click();
    await page.getByRole('button', { name: '导入 4 行' }).click();
    await page.getByRole('heading', { name: '导入完成' }).waitFor();
  });

  it('with no name column, lists the columns and makes the likeliest one the name in one click', async () => {
    const file = join(dir, 'press.csv');
    writeFileSync(file, 'Delegate,Outlet,Mobile\r\nAnna Schmidt,Deutsche Welle,+49 30 1234567\r\nKenji Watanabe,NHK World,+81 90 1234 5678\r\n');
    await choose(file);
    const notice = page.getByRole('alert');
    expect(await notice.textContent()).toContain('文件中的列：Delegate, Outlet, Mobile');
    await capture(page, 'import-no-name');
    await notice.getByRole('button', { name: '把“Delegate”作为姓名' }).click();
    await notice.waitFor({ state: 'detached' });
    expect(await page.getByLabel('“Delegate”列对应的字段').inputValue()).toBe('nameZh');
    expect(await page.locator('.import-counts').textContent()).toMatch(/新增2/);
  });

  it('when unsure of the encoding, shows the first row each way and checks again in the one chosen', async () => {
    const file = join(dir, 'korean.csv');
    // 김민수 in EUC-KR: byte pairs that GB18030 reads as everyday Chinese too.
    writeFileSync(file, Buffer.concat([Buffer.from('Name,Org\r\n'), Buffer.from([0xb1, 0xe8, 0xb9, 0xce, 0xbc, 0xf6]), Buffer.from(',KBS\r\n')]));
    await choose(file);
    const notice = page.getByRole('alert');
    const korean = notice.getByRole('row', { name: /EUC-KR/ });
    expect(await korean.textContent()).toContain('김민수 | KBS');
    await capture(page, 'import-encoding-choice');
    await notice.getByRole('button', { name: '使用 EUC-KR' }).click();
    await notice.waitFor({ state: 'detached' });
    expect(await page.locator('.import-counts').textContent()).toContain('EUC-KR');
  });
});
