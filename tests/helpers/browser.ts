import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

/** Debian's Chromium as the tests and benches drive it: no sandbox (root in CI), no GPU, nothing from the network. */
export function launchChromium(executablePath: string, extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...extraArgs],
  });
}

/** Opens the station's page and signs in as an operator types it: name, PIN, Enter. The caller waits for its screen. */
export async function signInAt(page: Page, url: string, name: string, pin: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('操作员姓名').fill(name);
  await page.getByLabel('PIN 码').fill(pin);
  await page.getByLabel('PIN 码').press('Enter');
}
