import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PrintJobView } from '../../src/shared/printing';
import type { TestCups } from '../helpers/cups';
import type { RunningStation } from '../helpers/station';
import { value } from '../helpers/station';
import { capture } from './chromium';
import type { PrintingOffice } from './printing-office';
import { openPrintingOffice } from './printing-office';

const chromiumPath = inject('chromiumPath');
const PIN = '2468';

describe.skipIf(!chromiumPath)('badges in Chromium: layout editor, batch printing, the print queue', () => {
  let cups: TestCups;
  let station: RunningStation;
  let office: PrintingOffice | undefined;
  let page: Page;
  let admin: string;

  beforeAll(async () => {
    office = await openPrintingOffice({ chromiumPath: chromiumPath ?? '', printers: ['desk-1', 'desk-2'], attendees: 40, pin: PIN });
    ({ cups, station, page, admin } = office);
    await page.getByRole('navigation').getByRole('button', { name: '证件' }).click();
    await page.getByRole('heading', { name: '证件', level: 1 }).waitFor();
  }, 60_000);

  afterAll(async () => {
    await office?.stop();
  });

  it('previews a badge as it will print and saves a CR80 layout without the organisation', async () => {
    await page.getByRole('button', { name: '版式' }).click();
    const preview = page.getByRole('img', { name: /的证件打印效果/ });
    await preview.waitFor();
    expect(Number(await preview.getAttribute('width')) / Number(await preview.getAttribute('height'))).toBeCloseTo(4 / 3, 2);
    await capture(page, 'badges-layout-standard');

    await page.getByLabel('尺寸').selectOption('cr80');
    await page.getByLabel('单位').uncheck();
    await page.waitForFunction(() => {
      const svg = (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } }).document.querySelector('svg.badge-face');
      return svg !== null && Math.abs(Number(svg.getAttribute('width')) / Number(svg.getAttribute('height')) - 85.6 / 53.98) < 0.01;
    });
    await capture(page, 'badges-layout-cr80');
    await page.getByRole('button', { name: '保存版式' }).click();
    await page.getByText('已随大会保存。').waitFor();
    const saved = value(await station.call('event:get', {}, admin)).badgeLayouts[0]!;
    expect(saved).toMatchObject({ size: 'cr80', fields: { organisation: false } });
  });

  it('sends everyone not yet printed to a printer with progress, and stops when asked', async () => {
    await page.getByRole('button', { name: '批量打印' }).click();
    await page.getByRole('button', { name: '预览第一张' }).click();
    await page.getByRole('img', { name: /的证件打印效果/ }).waitFor();
    await page.getByRole('button', { name: '发送到打印机' }).click();
    const status = page.getByRole('status');
    // Progress shown part of the way (how far the page's poll catches it depends on the machine's load).
    await status.getByText(/已发送 ([3-9]|[1-3]\d) \/ 40/).waitFor();
    await page.getByRole('button', { name: '停止' }).click();
    await status.getByText(/已在 \d+ \/ 40 处停止/).waitFor();
    const stoppedAt = Number(/已在 (\d+)/.exec((await status.textContent()) ?? '')![1]);
    expect(stoppedAt).toBeGreaterThanOrEqual(3);
    expect(stoppedAt).toBeLessThan(40);
    await capture(page, 'badges-batch-stopped');
    const queue = value(await station.call('print:queue', {}, admin));
    expect(queue.jobs.filter((j) => j.state !== 'failed')).toHaveLength(stoppedAt);
  });

  it('shows a stopped printer with its reason and the badge waiting, and moves it to a working printer', async () => {
    // Let the batch finish printing first, so the queue holds only the job of this test.
    await expect.poll(async () => value(await station.call('print:queue', {}, admin)).jobs.filter((j) => j.state === 'sent').length, { timeout: 30_000 }).toBe(0);
    cups.admin('cupsdisable', '-r', 'Out of paper', 'desk-1');
    const plan = value(await station.call('badge:batchPlan', { selection: { notPrinted: true }, order: 'pinyin' }, admin));
    const job = value(await station.call('print:submit', { attendeeId: plan.attendeeIds[0]!, printer: 'desk-1' }, admin)) as PrintJobView;
    expect(job.state).toBe('sent');

    await page.getByRole('button', { name: '打印队列' }).click();
    await page.getByText('Out of paper').waitFor();
    const row = page.getByRole('row', { name: new RegExp(job.attendeeName) });
    await row.getByText('已发送，等待打印机').waitFor();
    await capture(page, 'badges-queue-stopped');

    await row.getByRole('button', { name: '改用 desk-2' }).click();
    await page.getByRole('row', { name: new RegExp(job.attendeeName) }).getByText('已打印').waitFor({ timeout: 30_000 });
    const moved = value(await station.call('print:log', { attendeeId: job.attendeeId }, admin));
    expect(moved[0]).toMatchObject({ printer: 'desk-2', state: 'printed', confirmedBy: 'spooler' });
    await capture(page, 'badges-queue-moved');
  });
});
