import type { Page } from 'playwright-core';

/** Opens the station's page and signs in as an operator types it: name, PIN, Enter. The caller waits for its screen. */
export async function signInAt(page: Page, url: string, name: string, pin: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('操作员姓名').fill(name);
  await page.getByLabel('PIN 码').fill(pin);
  await page.getByLabel('PIN 码').press('Enter');
}
