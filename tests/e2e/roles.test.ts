import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuditEntry } from '../../src/shared/contract';
import type { RunningStation } from '../helpers/station';
import { startStation, value } from '../helpers/station';
import type { PageGlobals } from './chromium';
import { capture, launchChromium } from './chromium';

const chromiumPath = inject('chromiumPath');


describe('roles, enforced by the station and not by the screens', () => {
  let station: RunningStation;
  let admin: string;
  let desk: string;

  const auditLog = async (): Promise<AuditEntry[]> => value(await station.call('audit:list', { limit: 500 }, admin));

  beforeAll(async () => {
    station = await startStation({ attendees: 300 });
    admin = value(await station.call('operator:createFirstAdmin', { name: 'admin', pin: '2468' })).token;
    value(await station.call('operator:create', { name: 'desk-wang', role: 'desk', pin: '1357' }, admin));
    desk = value(await station.call('session:signIn', { name: 'desk-wang', pin: '1357' })).token;
  });

  afterAll(async () => {
    await station?.stop();
  });

  it('answers a desk operator calling admin commands over HTTP with forbidden, and changes and audits nothing', async () => {
    const before = await auditLog();
    const eventBefore = value(await station.call('event:export', {}, admin));
    const changed = { ...eventBefore, event: { ...eventBefore.event, shortName: 'HACKED' } };

    const forbidden = { ok: false, error: { code: 'forbidden', message: expect.any(String), details: { needs: 'admin', has: 'desk' } } };
    expect(await station.call('event:import', { file: changed }, desk)).toEqual(forbidden);
    expect(await station.call('event:updateActivity', { id: 'main-forum', capacity: 1 }, desk)).toEqual(forbidden);
    expect(await station.call('operator:create', { name: 'mallory', role: 'admin', pin: '0000' }, desk)).toEqual(forbidden);
    expect(await station.call('demo:remove', {}, desk)).toEqual(forbidden);
    expect(await station.call('station:configure', { mode: 'office' }, desk)).toMatchObject({ ok: false, error: { code: 'forbidden', details: { needs: 'supervisor' } } });

    expect(await auditLog()).toEqual(before);
    expect(value(await station.call('event:export', {}, admin))).toEqual(eventBefore);
  });

  it('does audit the same import when an admin makes it, so the check above can fail', async () => {
    const before = await auditLog();
    const file = value(await station.call('event:export', {}, admin));
    value(await station.call('event:import', { file }, admin));
    const after = await auditLog();
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]).toMatchObject({ action: 'event.import', via: 'http', operator: { name: 'admin' } });
  });

  it('answers any signed-in command without a session with unauthenticated', async () => {
    expect(await station.call('event:get', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await station.call('event:get', {}, 'not-a-token')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  describe.skipIf(!chromiumPath)('in Chromium', () => {
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      browser = await launchChromium(chromiumPath ?? '');
      page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      page.setDefaultTimeout(15_000);
      await page.goto(station.url);
    });

    afterAll(async () => {
      await browser?.close();
    });

    async function signIn(name: string, pin: string) {
      await page.getByLabel('操作员姓名').fill(name);
      await page.getByLabel('PIN 码').fill(pin);
      await page.getByLabel('PIN 码').press('Enter');
      await page.getByRole('button', { name: '退出登录' }).waitFor();
    }

    it('lets the administrator add a door operator and read the audit log', async () => {
      await signIn('admin', '2468');
      await page.getByRole('navigation').getByRole('button', { name: '操作员' }).click();
      await page.getByRole('cell', { name: 'desk-wang' }).or(page.getByRole('rowheader', { name: 'desk-wang' })).waitFor();
      const form = page.locator('form').filter({ has: page.getByRole('button', { name: '添加', exact: true }) });
      await form.getByLabel('姓名').fill('door-li');
      await form.getByLabel('角色').selectOption('door');
      await form.getByLabel('PIN 码', { exact: true }).fill('8642');
      await form.getByLabel('再次输入 PIN 码').fill('8642');
      await form.getByRole('button', { name: '添加', exact: true }).click();
      await page.getByText('已添加操作员“door-li”。').waitFor();
      expect(await page.getByRole('row', { name: /door-li/ }).textContent()).toContain('入口核验员');
      await capture(page, 'operators');

      await page.getByRole('navigation').getByRole('button', { name: '审计日志' }).click();
      const newest = page.locator('table.audit tbody tr').first();
      await newest.waitFor();
      expect(await newest.textContent()).toContain('添加操作员');
      expect(await newest.textContent()).toContain('网络接口');
      await capture(page, 'audit-log');
      await page.getByRole('button', { name: '退出登录' }).click();
    });

    it('shows desk staff no admin screens, and the station refuses their token for admin commands', async () => {
      await signIn('desk-wang', '1357');
      expect(await page.getByRole('navigation').getByRole('button').allTextContents()).toEqual(['活动一览', '站点设置']);
      await page.getByRole('navigation').getByRole('button', { name: '站点设置' }).click();
      await page.getByText('站点设置只能由主管或管理员修改。').waitFor();

      const before = await auditLog();
      // The renderer's own session, used directly: hiding a button is not what protects the event.
      const answer = await page.evaluate(async () => {
        const response = await fetch('/api/event:import', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${(globalThis as unknown as PageGlobals).sessionStorage.getItem('lanyard.sessionToken') ?? ''}` },
          body: JSON.stringify({ file: {} }),
        });
        return (await response.json()) as unknown;
      });
      expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await auditLog()).toEqual(before);
    });
  });
});
