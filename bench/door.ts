import { existsSync } from 'node:fs';
import { startStation, value } from '../tests/helpers/station';
import type { Measurement, Scenario } from './harness';
import { CHROMIUM, ensureRendererBuilt, percentile, round } from './harness';
import { launchChromium, signInAt } from '../tests/helpers/browser';

const SCENARIO = 'door.keystrokes';
const SCANS = 120;


/**
 * A door in Chromium against a real station (`lanyard serve`, the built renderer): a badge code typed at 8 ms a key
 * as a hand scanner does, then Enter; timed from the Enter key to the answer on screen (the page's own clock, so the
 * driver's round trips are not counted). The typing itself (121 keys × 8 ms) is the scanner's time, not ours.
 */
export const doorScenario: Scenario = {
  name: SCENARIO,
  run: async (): Promise<Measurement[]> => {
    if (!existsSync(CHROMIUM)) return [{ scenario: SCENARIO, metric: `not measured: no Chromium at ${CHROMIUM}`, value: 0, unit: '' }];
    ensureRendererBuilt();
    const station = await startStation({ attendees: 2_000 });
    const browser = await launchChromium(CHROMIUM);
    try {
      const admin = value(await station.call('operator:createFirstAdmin', { name: 'admin', pin: '2468' })).token;
      value(await station.call('operator:create', { name: 'door-1', role: 'door', pin: '8642' }, admin));
      value(await station.call('station:configure', { name: 'bench door', mode: 'door', activityId: 'tech-expo' }, admin));
      const rows = value(await station.call('roster:list', { limit: SCANS, sort: 'pinyin' }, admin)).rows;
      const payloads: string[] = [];
      for (const r of rows) payloads.push(value(await station.call('credential:issue', { attendeeId: r.id }, admin)).payload);

      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      await signInAt(page, station.url, 'door-1', '8642');
      await page.getByRole('heading', { name: '扫码入场' }).waitFor();
      // The page notes when Enter goes down and when an answer appears, by its own clock.
      await page.evaluate(() => {
        const w = globalThis as unknown as { document: { addEventListener(t: string, f: (e: { key: string }) => void, c: boolean): void; body: unknown }; MutationObserver: new (f: () => void) => { observe(n: unknown, o: unknown): void }; performance: { now(): number }; lanyardTimes: number[]; lanyardEnter: number };
        w.lanyardTimes = [];
        w.document.addEventListener('keydown', (e) => {
          if (e.key === 'Enter') w.lanyardEnter = w.performance.now();
        }, true);
        new w.MutationObserver(() => {
          const el = (w.document as unknown as { querySelector(s: string): unknown }).querySelector('[role="alert"][data-outcome]');
          if (el && w.lanyardEnter > 0) {
            w.lanyardTimes.push(w.performance.now() - w.lanyardEnter);
            w.lanyardEnter = 0;
          }
        }).observe(w.document.body, { childList: true, subtree: true });
      });
      let admitted = 0;
      const box = page.getByLabel('证件码（扫码枪）');
      for (const payload of payloads) {
        // The door is ready again once the scan box has the focus back (the scanner's operator waits for the screen).
        while (!(await box.evaluate((el) => (el.ownerDocument as unknown as { activeElement: unknown }).activeElement === el))) await new Promise((r) => setTimeout(r, 5));
        await page.keyboard.type(payload, { delay: 8 });
        await page.keyboard.press('Enter');
        const answer = page.getByRole('alert');
        await answer.waitFor();
        if ((await answer.getAttribute('data-outcome')) !== 'refused') admitted++;
        await answer.click();
        await answer.waitFor({ state: 'detached' });
      }
      const times = await page.evaluate(() => (globalThis as unknown as { lanyardTimes: number[] }).lanyardTimes);
      const m = (metric: string, value: number, unit: string): Measurement => ({ scenario: SCENARIO, metric, value, unit });
      return [
        m(`Enter of a hand-scanned badge → answer on screen, Chromium, p50 of ${times.length}`, round(percentile(times, 50), 1), 'ms'),
        m('Enter → answer on screen p95 (target ≤ 100)', round(percentile(times, 95), 1), 'ms'),
        m('badges admitted', admitted, `of ${payloads.length}`),
      ];
    } finally {
      await browser.close();
      await station.stop();
    }
  },
};
