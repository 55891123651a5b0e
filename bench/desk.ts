import { pinyin } from 'pinyin-pro';
import type { Page } from 'playwright-core';
import { signInAt } from '../tests/helpers/browser';
import { value } from '../tests/helpers/station';
import type { Measurement, Scenario } from './harness';
import { round } from './harness';
import { withStationInChromium } from './printing';

const SCENARIO = 'desk.walk-in';
const WALK_INS = 5;

/**
 * Keystroke-level model (Card, Moran and Newell): a key 0.28 s (an average typist), a mental preparation of 1.35 s
 * before each field and each decision, plus the system's own waits as measured. Chinese text costs its pinyin letters
 * and a space to choose, as a pinyin input method takes it.
 */
const KEY_S = 0.28;
const THINK_S = 1.35;
const keysFor = (text: string) => (/[\u4e00-\u9fff]/.test(text) ? pinyin(text, { toneType: 'none', type: 'array' }).join('').length + 1 : text.length);

const PEOPLE = [
  { nameZh: '欧阳诸葛明', orgZh: '长沙晚报', phone: '13912345678' },
  { nameZh: '林小雨', orgZh: '湖南日报', phone: '13800001111' },
  { nameZh: '周建国', orgZh: '红网', phone: '13700002222' },
  { nameZh: '陈静', orgZh: '芒果超媒', phone: '13600003333' },
  { nameZh: '黄嘉欣', orgZh: '新华社湖南分社', phone: '13500004444' },
];

/** Presses Tab until the focused control is the one labelled `label`; returns the presses. */
async function tabTo(page: Page, label: string): Promise<number> {
  for (let n = 1; n <= 30; n++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => {
      const d = (globalThis as unknown as { document: { activeElement: { id: string } | null; querySelector(s: string): { textContent: string } | null } }).document;
      const id = d.activeElement?.id ?? '';
      return id === '' ? '' : (d.querySelector(`label[for="${id}"]`)?.textContent ?? '');
    });
    if (at.startsWith(label)) return n;
  }
  throw new Error(`Tab never reached ${label}`);
}

/**
 * A walk-in at the registration desk, keyboard only, in Chromium against a real station printing to a real CUPS
 * queue: F2, the name, the organisation, the category, the phone, Enter to save, Enter to print. Counts the keys each
 * takes and measures the system's waits; the operator's time is estimated by the keystroke-level model.
 */
export const deskScenario: Scenario = {
  name: SCENARIO,
  run: async (): Promise<Measurement[]> => {
    const m = (metric: string, v: number, unit: string): Measurement => ({ scenario: SCENARIO, metric, value: v, unit });
    return withStationInChromium(SCENARIO, 'desk-1', async (station, browser) => {
        const admin = value(await station.call('operator:createFirstAdmin', { name: 'admin', pin: '2468' })).token;
        value(await station.call('operator:create', { name: 'desk-1', role: 'desk', pin: '8642' }, admin));
        value(await station.call('station:configure', { name: '报到台 1', mode: 'desk' }, admin));
        const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
        page.setDefaultTimeout(20_000);
        await signInAt(page, station.url, 'desk-1', '8642');
        await page.getByRole('button', { name: '现场登记' }).waitFor();

        const runs: Array<{ keys: number; waitMs: number; machineMs: number }> = [];
        for (const person of PEOPLE.slice(0, WALK_INS)) {
          let keys = 0;
          let waitMs = 0;
          const started = performance.now();
          await page.keyboard.press('F2');
          keys++;
          const form = page.getByRole('dialog', { name: '现场登记' });
          await form.waitFor();
          // The form opens on the Chinese name.
          await page.keyboard.type(person.nameZh);
          keys += keysFor(person.nameZh);
          keys += await tabTo(page, '单位');
          await page.keyboard.type(person.orgZh);
          keys += keysFor(person.orgZh);
          keys += await tabTo(page, '参会类别');
          for (let i = 0; i < 10 && (await form.getByLabel('参会类别').inputValue()) !== 'delegate'; i++) {
            await page.keyboard.press('ArrowDown');
            keys++;
          }
          keys += await tabTo(page, '手机');
          await page.keyboard.type(person.phone);
          keys += keysFor(person.phone);
          let t = performance.now();
          // Enter in a field saves the form.
          await page.keyboard.press('Enter');
          keys++;
          const detail = page.getByRole('dialog', { name: '参会者详情' });
          const print = detail.getByRole('button', { name: '打印证件' });
          await print.waitFor();
          await page.waitForFunction(() => (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document.activeElement?.textContent === '打印证件');
          waitMs += performance.now() - t;
          t = performance.now();
          await page.keyboard.press('Enter');
          keys++;
          await detail.getByText(/已发送到打印机/).waitFor();
          waitMs += performance.now() - t;
          runs.push({ keys, waitMs, machineMs: performance.now() - started });
          await page.keyboard.press('Escape');
          await detail.waitFor({ state: 'detached' });
        }
        const thinks = 6; // before the name, the organisation, the category, the phone, saving, printing
        const estimate = (r: { keys: number; waitMs: number }) => r.keys * KEY_S + thinks * THINK_S + r.waitMs / 1000;
        const worst = runs.reduce((a, b) => (estimate(b) > estimate(a) ? b : a));
        return [
          {
            ...m(`walk-in to a badge sent to the printer, keyboard only: operator's time by the keystroke-level model, worst of ${runs.length} (target < 30)`, round(estimate(worst), 1), 's'),
            reference: `${worst.keys} keys × ${KEY_S} s + ${thinks} × ${THINK_S} s preparing + ${round(worst.waitMs / 1000, 2)} s waiting for the station`,
          },
          m('walk-in: keys, most of the runs', Math.max(...runs.map((r) => r.keys)), 'keys'),
          m('walk-in: the station\'s waits (save → print focused, Enter → sent), worst', round(Math.max(...runs.map((r) => r.waitMs)), 1), 'ms'),
          m('walk-in: driven at machine speed, end to end, worst', round(Math.max(...runs.map((r) => r.machineMs)), 1), 'ms'),
        ];
    });
  },
};
