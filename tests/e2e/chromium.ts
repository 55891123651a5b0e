import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export const ARTIFACTS = resolve(import.meta.dirname, 'artifacts');

/** The two screens a registration desk has: an older 1366×768 laptop and a 1080p monitor. */
export const SCREENS = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

export { launchChromium } from '../helpers/browser';

interface PageElement {
  tagName: string;
  className: string;
  scrollWidth: number;
  clientWidth: number;
}

/**
 * The few browser globals the page-side checks touch. tests/e2e is type-checked as Node code, without the DOM
 * library (which would also leak into src/main); each page.evaluate callback casts globalThis to this.
 */
export interface PageGlobals {
  innerWidth: number;
  document: {
    documentElement: PageElement;
    body: PageElement;
    querySelectorAll(selector: string): Iterable<PageElement>;
    fonts: Iterable<{ family: string; status: string; weight: string }> & { ready: Promise<unknown>; check(font: string, text: string): boolean };
  };
  getComputedStyle(element: PageElement): { overflowX: string; fontFamily: string };
  scrollTo(x: number, y: number): void;
  sessionStorage: { getItem(key: string): string | null };
}

/** Elements whose content is wider than their box: a page that scrolls sideways, or a cut-off table or label. */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const { document, innerWidth, getComputedStyle } = globalThis as unknown as PageGlobals;
    const found: string[] = [];
    if (document.documentElement.scrollWidth > innerWidth) found.push(`page is ${document.documentElement.scrollWidth}px wide`);
    // .visually-hidden is clipped on purpose: text for screen readers only.
    for (const el of document.querySelectorAll('body *:not(.visually-hidden)')) {
      const { overflowX } = getComputedStyle(el);
      if (overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1) found.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth}px in ${el.clientWidth}px`);
    }
    return found;
  });
}

/** Saves the screen at both sizes as tests/e2e/artifacts/<name>-<w>x<h>.png, after checking nothing is cut off. */
export async function capture(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const size of SCREENS) {
    await page.setViewportSize(size);
    await page.evaluate(async () => {
      const browser = globalThis as unknown as PageGlobals;
      await browser.document.fonts.ready;
      browser.scrollTo(0, 0);
    });
    expect(await overflowing(page), `${name} at ${size.width}×${size.height}`).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${size.width}x${size.height}.png`) });
  }
  await page.setViewportSize(SCREENS[0]);
}

/**
 * A fresh station's first start, as an organiser does it: create the administrator with `pin`, then make this
 * station the organisers' office. Ends on the office's home screen.
 */
export async function setUpOffice(page: Page, url: string, pin: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('heading', { name: '创建管理员' }).waitFor();
  await page.getByLabel('PIN 码', { exact: true }).fill(pin);
  await page.getByLabel('再次输入 PIN 码').fill(pin);
  await page.getByLabel('再次输入 PIN 码').press('Enter');
  await page.getByRole('heading', { name: '站点设置' }).waitFor();
  await page.getByLabel('站点名称').fill('会务办公室 1');
  await page.getByRole('radio', { name: /会务办公室/ }).check();
  await page.getByRole('button', { name: '保存设置' }).click();
  await page.getByRole('navigation').getByRole('button', { name: '导入名单' }).waitFor();
}
