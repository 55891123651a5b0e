import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { nameSyllables } from '../../src/main/core/search/terms';
import type { RunningStation } from '../helpers/station';
import { value } from '../helpers/station';
import { capture } from './chromium';
import type { PrintingOffice } from './printing-office';
import { openPrintingOffice } from './printing-office';

const chromiumPath = inject('chromiumPath');
const PIN = '2468';

describe.skipIf(!chromiumPath)('the registration desk in Chromium: find, check in, print, hand out; a walk-in printed', () => {
  let station: RunningStation;
  let office: PrintingOffice | undefined;
  let page: Page;
  let admin: string;

  /** Waits until the attendee's latest print job is printed by the spooler. */
  const printedJob = async (attendeeId: string) => {
    await expect
      .poll(async () => {
        await station.call('print:queue', {}, admin);
        return value(await station.call('print:log', { attendeeId }, admin))[0]?.state;
      }, { timeout: 30_000 })
      .toBe('printed');
  };

  beforeAll(async () => {
    office = await openPrintingOffice({ chromiumPath: chromiumPath ?? '', printers: ['desk-1'], attendees: 300, pin: PIN });
    ({ station, page, admin } = office);
  }, 60_000);

  afterAll(async () => {
    await office?.stop();
  });

  it('finds an attendee by pinyin initials, checks them in, prints the badge and hands it out', async () => {
    const rows = value(await station.call('roster:list', { limit: 100, sort: 'pinyin', status: 'active' }, admin)).rows;
    const person = rows.find((r) => r.nameZh !== null && r.attention === null && [...r.nameZh].length === 3)!;
    const initials = nameSyllables(person.nameZh).map((s) => s[0]).join('');
    await page.getByRole('navigation').getByRole('button', { name: '参会者' }).click();
    await page.getByRole('combobox', { name: '搜索参会者' }).fill(initials);
    await page.getByRole('option', { name: new RegExp(person.nameZh!) }).first().click();
    const dialog = page.getByRole('dialog', { name: '参会者详情' });
    await dialog.getByRole('img', { name: /的证件打印效果/ }).waitFor();

    await dialog.getByRole('button', { name: '报到', exact: true }).click();
    await dialog.getByText('已报到。').waitFor();
    await dialog.getByRole('button', { name: '打印证件' }).click();
    await dialog.getByText(/已发送到打印机/).waitFor();
    await printedJob(person.id);
    await dialog.getByRole('button', { name: '发放已印好的证件' }).click();
    await dialog.getByText('证件已发放。').waitFor();
    await capture(page, 'desk-attendee-done');

    const detail = value(await station.call('roster:get', { id: person.id }, admin));
    expect(detail.arrivedAt).not.toBeNull();
    expect(detail.badge).toMatchObject({ printedCount: 1, collectedAt: expect.any(String) });
    // Printing the same badge again is refused with the reason: a reprint needs a supervisor.
    await dialog.getByRole('button', { name: '打印证件' }).click();
    await dialog.getByText(/需要主管/).or(dialog.getByText(/supervisor/)).first().waitFor();
    await page.keyboard.press('Escape');
  });

  it('registers a walk-in and prints the new badge', async () => {
    // Keyboard first: F2 opens the form on the Chinese name; saved, the print button has the focus, so Enter prints.
    await page.keyboard.press('F2');
    const form = page.getByRole('dialog', { name: '现场登记' });
    await form.getByLabel('中文姓名').fill('欧阳诸葛明');
    await form.getByLabel('单位').fill('长沙晚报');
    await form.getByLabel('手机').fill('13912345678');
    await form.getByLabel('手机').press('Control+Enter');
    const detail = page.getByRole('dialog', { name: '参会者详情' });
    await detail.getByRole('img', { name: /的证件打印效果/ }).waitFor();
    await expect.poll(() => detail.getByRole('button', { name: '打印证件' }).evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await detail.getByText(/已发送到打印机/).waitFor();
    const found = value(await station.call('roster:search', { query: 'oyzgm', limit: 1 }, admin))[0]!;
    expect(found.nameZh).toBe('欧阳诸葛明');
    await printedJob(found.id);
    await capture(page, 'desk-walk-in-printed');
  });
});
