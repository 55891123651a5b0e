import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EventFile } from '../../src/shared/event';
import type { RunningStation } from '../helpers/station';
import { startStation, value } from '../helpers/station';
import { capture, launchChromium } from './chromium';
import { signInAt } from '../helpers/browser';

const chromiumPath = inject('chromiumPath');
const ROOM = '长沙国际会议中心 主会场';


describe.skipIf(!chromiumPath)('the event file, from the event office in Chromium', () => {
  let station: RunningStation;
  let admin: string;
  let browser: Browser;
  let page: Page;
  let exported: EventFile;

  const activityRows = () => page.locator('table.activities tbody tr');
  const chooseFile = (name: string, file: unknown) =>
    page.getByLabel('要导入的活动数据文件').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file, null, 2)) });

  beforeAll(async () => {
    station = await startStation({ attendees: 300 });
    admin = value(await station.call('operator:createFirstAdmin', { name: 'admin', pin: '2468' })).token;
    browser = await launchChromium(chromiumPath ?? '');
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.setDefaultTimeout(15_000);
    await signInAt(page, station.url, 'admin', '2468');
    await page.getByRole('navigation').getByRole('button', { name: '活动一览' }).click();
    await page.getByRole('heading', { name: '活动（11）' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await station?.stop();
  });

  it('exports the event as a JSON file download', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出 JSON 文件' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('cnmc-2024.lanyard-event.json');
    exported = JSON.parse(readFileSync(await file.path(), 'utf8')) as EventFile;
    expect(exported.format).toBe('lanyard-event');
    expect(exported.activities).toHaveLength(11);
    expect(exported).toEqual(value(await station.call('event:export', {}, admin)));
  });

  it('imports the edited file after saying what it changes, and shows the new room', async () => {
    const edited = structuredClone(exported);
    const first = edited.activities[0];
    if (!first) throw new Error('the export has no activities');
    first.room = ROOM;
    await chooseFile('cnmc-2024.lanyard-event.json', edited);

    const dialog = page.getByRole('dialog', { name: '导入“cnmc-2024.lanyard-event.json”？' });
    await dialog.waitFor();
    expect(await dialog.getByRole('row', { name: /^活动/ }).textContent()).toBe('活动1111修改 1');
    await capture(page, 'event-import-confirm');
    await dialog.getByRole('button', { name: '导入' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('status').getByText('已导入“cnmc-2024.lanyard-event.json”：11 个活动，10 个证件类别。').waitFor();
    const row = activityRows().filter({ hasText: first.title.zh });
    await row.getByText(ROOM).waitFor();
    expect(value(await station.call('event:export', {}, admin)).activities[0]?.room).toBe(ROOM);
  });

  it('refuses a broken file, naming the wrong field, and leaves the event as it was', async () => {
    const before = value(await station.call('event:export', {}, admin));
    const tableBefore = await page.locator('table.activities').textContent();
    const broken = structuredClone(before) as unknown as { activities: Array<Record<string, unknown>> };
    const fourth = broken.activities[3];
    if (!fourth) throw new Error('the export has fewer than 4 activities');
    fourth.capacity = 'many';
    await chooseFile('broken.json', broken);
    await page.getByRole('dialog').getByRole('button', { name: '导入' }).click();

    const alert = page.getByRole('alert');
    await alert.getByText('未导入“broken.json”：文件中的活动数据不合规。未作任何更改。').waitFor();
    expect(await alert.locator('code').allTextContents()).toEqual(['activities[3].capacity']);
    await capture(page, 'event-import-problems');

    expect(await page.locator('table.activities').textContent()).toBe(tableBefore);
    expect(value(await station.call('event:export', {}, admin))).toEqual(before);
  });

  it('removes the demo attendees after asking, and the count goes to 0', async () => {
    const attendees = page.locator('.facts > div').filter({ has: page.getByText('参会者', { exact: true }) }).locator('dd');
    expect(await attendees.textContent()).toBe('300其中演示数据 300');

    await page.getByRole('button', { name: '删除演示数据' }).click();
    const dialog = page.getByRole('dialog', { name: '删除 300 名演示参会者？' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(value(await station.call('app:status', {})).attendees).toEqual({ total: 300, demo: 300 });

    await page.getByRole('button', { name: '删除演示数据' }).click();
    await dialog.waitFor();
    await capture(page, 'demo-remove-confirm');
    await dialog.getByRole('button', { name: '删除演示参会者' }).click();

    await page.getByRole('status').getByText('已删除 300 名演示参会者。').waitFor();
    await expect.poll(() => attendees.textContent()).toBe('0');
    expect(await page.getByRole('button', { name: '删除演示数据' }).count()).toBe(0);
    // Their registrations went with them.
    const registered = page.locator('table.activities tbody tr td.numeric + td.numeric');
    await expect.poll(() => registered.allTextContents()).toEqual(Array.from({ length: 11 }, () => '0'));
    expect(value(await station.call('app:status', {})).attendees).toEqual({ total: 0, demo: 0 });
  });

  it('sets the kiosk rules: where the desk is, in both languages, and the categories sent there', async () => {
    const card = page.locator('section').filter({ has: page.getByRole('heading', { name: '自助机规则' }) });
    expect(await card.innerText()).toContain('只在报到台领证：嘉宾');
    await card.getByRole('button', { name: '修改' }).click();
    const dialog = page.getByRole('dialog', { name: '自助机规则' });
    await dialog.getByLabel('报到台位置（中文）').fill('一楼大厅左侧人工报到台');
    await dialog.getByLabel('报到台位置（英文）').fill('the staffed desk on the left of the ground-floor hall');
    await dialog.getByLabel('嘉宾', { exact: true }).uncheck();
    await dialog.getByLabel('演讲嘉宾', { exact: true }).check();
    await capture(page, 'kiosk-rules');
    await dialog.getByRole('button', { name: '保存' }).click();
    await card.getByRole('status').waitFor();
    await expect.poll(() => card.innerText()).toMatch(/报到台位置：一楼大厅左侧人工报到台[\s\S]*只在报到台领证：演讲嘉宾/);
    const file = value(await station.call('event:export', {}, admin));
    expect(file.kiosk).toEqual({ deskWhere: { zh: '一楼大厅左侧人工报到台', en: 'the staffed desk on the left of the ground-floor hall' }, deskCategories: ['speaker'] });
  });
});
