import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningStation } from '../helpers/station';
import { startStation, value } from '../helpers/station';
import { capture, launchChromium } from './chromium';
import { signInAt } from '../helpers/browser';

const chromiumPath = inject('chromiumPath');


/** What a USB hand scanner does: the code typed fast, key by key, then Enter. */
async function scanWithHandScanner(page: Page, code: string): Promise<string> {
  const box = page.getByLabel('证件码（扫码枪）');
  await expect.poll(() => box.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)).toBe(true);
  await page.keyboard.type(code, { delay: 8 });
  await page.keyboard.press('Enter');
  const answer = page.getByRole('alert');
  await answer.waitFor();
  return (await answer.getAttribute('data-outcome')) ?? '';
}

/** The answer goes on its own, or on a click; the door is then ready for the next badge. */
async function dismiss(page: Page): Promise<void> {
  await page.getByRole('alert').click();
  await page.getByRole('alert').waitFor({ state: 'detached' });
}

describe.skipIf(!chromiumPath)('a forum door in Chromium, scanned like a hand scanner types', () => {
  let station: RunningStation;
  let browser: Browser;
  let page: Page;
  let admin: string;
  let delegates: string[];

  const payloadOf = async (id: string) => value(await station.call('credential:issue', { attendeeId: id }, admin)).payload;
  const setPolicy = async (activityId: string, patch: Record<string, unknown>, capacity?: number | null) => {
    const activity = value(await station.call('event:get', {}, admin)).activities.find((a) => a.id === activityId)!;
    value(await station.call('event:updateActivity', { id: activityId, policy: { ...activity.policy, ...patch }, ...(capacity === undefined ? {} : { capacity }) }, admin));
  };

  beforeAll(async () => {
    station = await startStation({ attendees: 200 });
    admin = value(await station.call('operator:createFirstAdmin', { name: 'admin', pin: '2468' })).token;
    value(await station.call('operator:create', { name: 'door-li', role: 'door', pin: '8642' }, admin));
    value(await station.call('operator:create', { name: 'door-zhao', role: 'door', pin: '1357' }, admin));
    value(await station.call('operator:create', { name: '王主管', role: 'supervisor', pin: '9753' }, admin));
    value(await station.call('station:configure', { name: '平行论坛二 A 门', mode: 'door', activityId: 'forum-2' }, admin));
    await setPolicy('forum-2', { exitScans: true, reEntry: 'allow' });
    const registered = value(await station.call('roster:list', { activityId: 'forum-2', categoryId: 'delegate', limit: 10, sort: 'pinyin' }, admin));
    delegates = registered.rows.map((r) => r.id);
    expect(delegates.length).toBeGreaterThanOrEqual(4);

    browser = await launchChromium(chromiumPath ?? '');
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.setDefaultTimeout(15_000);
    await signInAt(page, station.url, 'door-li', '8642');
    await page.getByRole('heading', { name: '扫码入场' }).waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await station?.stop();
  });

  it('admits a registered delegate\'s badge typed at 8 ms a key: green, with the name', async () => {
    expect(await scanWithHandScanner(page, await payloadOf(delegates[0]!))).toBe('admitted');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('请进');
    await capture(page, 'door-admitted');
    await dismiss(page);
    await expect.poll(() => page.locator('.door-counters dd').first().textContent()).toBe('1');
    await capture(page, 'door-ready');
  });

  it('refuses a forged badge in red', async () => {
    const genuine = await payloadOf(delegates[1]!);
    const forged = `${genuine.slice(0, -2)}${genuine.at(-2) === '0' ? '1' : '0'}${genuine.at(-1)}`;
    expect(await scanWithHandScanner(page, forged)).toBe('refused');
    expect(await page.getByRole('alert').textContent()).toContain('签名不符');
    await capture(page, 'door-forged');
    await dismiss(page);
  });

  it('refuses a second entry while inside, records the exit, and admits the re-entry', async () => {
    const payload = await payloadOf(delegates[0]!);
    // The same code again within seconds is a double trigger, one scan: wait it out, as a second visit would.
    await page.waitForTimeout(3_100);
    expect(await scanWithHandScanner(page, payload)).toBe('refused');
    expect(await page.getByRole('alert').textContent()).toContain('已在场内');
    await capture(page, 'door-already-inside');
    await dismiss(page);

    await page.getByRole('button', { name: '离场' }).click();
    await page.getByRole('heading', { name: '扫码离场' }).waitFor();
    await page.waitForTimeout(3_100);
    expect(await scanWithHandScanner(page, payload)).toBe('admitted');
    expect(await page.getByRole('alert').textContent()).toContain('已登记离场');
    await dismiss(page);

    await page.getByRole('button', { name: '入场' }).click();
    await page.waitForTimeout(3_100);
    expect(await scanWithHandScanner(page, payload)).toBe('admitted');
    expect(await page.getByRole('alert').textContent()).toContain('再次入场');
    await dismiss(page);
  });

  it('warns on a re-entry when the policy says so: amber', async () => {
    await setPolicy('forum-2', { exitScans: false, reEntry: 'warn' });
    await page.reload();
    await page.getByRole('heading', { name: '扫码入场' }).waitFor();
    expect(await scanWithHandScanner(page, await payloadOf(delegates[0]!))).toBe('admitted_with_warning');
    await capture(page, 'door-re-entry-warned');
    await dismiss(page);
  });

  it('finds someone without a badge by name and admits them by the same rules', async () => {
    const person = value(await station.call('roster:get', { id: delegates[3]! }, admin));
    await page.getByRole('button', { name: '没有证件？按姓名查找' }).click();
    await page.getByLabel('姓名、拼音或手机尾号').fill(person.nameZh ?? person.nameEn ?? '');
    await page.locator('.door-manual-hits li').filter({ hasText: person.nameZh ?? person.nameEn ?? '' }).first().getByRole('button', { name: '核验放行' }).click();
    const answer = page.getByRole('alert');
    await answer.waitFor();
    expect(await answer.getAttribute('data-outcome')).toMatch(/^admitted/);
    expect(await answer.textContent()).toContain(person.nameZh ?? person.nameEn ?? '');
    await dismiss(page);
    const log = value(await station.call('scan:counts', { activityId: 'forum-2' }, admin));
    expect(log.admitted).toBeGreaterThanOrEqual(2);
  });

  it('refuses everyone once the room is full', async () => {
    const inside = value(await station.call('scan:counts', { activityId: 'forum-2' }, admin)).inside;
    await setPolicy('forum-2', {}, inside);
    expect(await scanWithHandScanner(page, await payloadOf(delegates[2]!))).toBe('refused');
    expect(await page.getByRole('alert').textContent()).toContain('会场已满');
    await capture(page, 'door-room-full');
    await dismiss(page);
  });

  it('at the committee-only meeting, refuses a delegate', async () => {
    value(await station.call('station:configure', { mode: 'door', activityId: 'committee-meeting' }, admin));
    await page.reload();
    await page.getByRole('heading', { name: '扫码入场' }).waitFor();
    expect(await scanWithHandScanner(page, await payloadOf(delegates[1]!))).toBe('refused');
    expect(await page.getByRole('alert').textContent()).toContain('此类证件不能进入本场');
    await capture(page, 'door-committee-refused');
  });

  it('keeps the door signed in until a supervisor takes over, who then admits the refused delegate with a reason and may leave', async () => {
    await dismiss(page);
    expect(await page.getByRole('button', { name: '退出登录' }).count()).toBe(0);
    await page.getByRole('button', { name: '交给主管' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('主管姓名').fill('door-zhao');
    await dialog.getByLabel('主管 PIN 码').fill('1357');
    await dialog.getByRole('button', { name: '接管' }).click();
    await dialog.getByText('此操作需要“主管”或更高的角色。').waitFor();
    await capture(page, 'door-take-over');
    await dialog.getByLabel('主管姓名').fill('王主管');
    await dialog.getByLabel('主管 PIN 码').fill('9753');
    await dialog.getByRole('button', { name: '接管' }).click();
    await page.locator('.topbar').getByText('王主管').waitFor();

    // Still the door: the supervisor scans the refused delegate again and admits them, with a reason, on the record.
    await page.getByRole('heading', { name: '扫码入场' }).waitFor();
    await page.waitForTimeout(3_100);
    expect(await scanWithHandScanner(page, await payloadOf(delegates[1]!))).toBe('refused');
    await dismiss(page);
    await page.getByRole('button', { name: '主管放行' }).click();
    await page.getByLabel('原因').fill('委员会特邀列席');
    await capture(page, 'door-supervisor-override');
    await page.getByRole('button', { name: '确认' }).click();
    const answer = page.getByRole('alert');
    await answer.waitFor();
    expect(await answer.getAttribute('data-outcome')).toBe('admitted');
    await dismiss(page);
    await page.getByText('已由主管放行。').waitFor();
    expect(value(await station.call('scan:counts', { activityId: 'committee-meeting' }, admin))).toMatchObject({ inside: 1, admitted: 1 });

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('heading', { name: '操作员登录' }).waitFor();
  });
});
