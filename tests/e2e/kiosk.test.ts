import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/open';
import { insertAttendees } from '../../src/main/core/roster/repo';
import { createServices } from '../../src/main/core/services';
import { attendee } from '../core/roster-fixtures';
import { signInAt } from '../helpers/browser';
import type { TestCups } from '../helpers/cups';
import { cupsPdfOutputs, startCups } from '../helpers/cups';
import type { RunningStation } from '../helpers/station';
import { serveStation, value } from '../helpers/station';
import type { Running } from '../helpers/sync';
import { joinedStation, json, lanyardAsync, startLanyard, stop } from '../helpers/sync';
import type { PageGlobals } from './chromium';
import { ARTIFACTS, launchChromium } from './chromium';

const chromiumPath = inject('chromiumPath');

const LANDSCAPE = { width: 1920, height: 1080 };
const PORTRAIT = { width: 1080, height: 1920 };

// People a registration system sent: e-ticket codes and phones. Two share a phone tail and a surname (李).
const PEOPLE = {
  qr: attendee({ id: 'KQR0000001', nameZh: '王小明', nameEn: 'Wang Xiaoming', orgZh: '湖南日报', orgEn: 'Hunan Daily', categoryId: 'delegate', phone: '13800001234', documentType: 'cn_id', documentNumber: '430102199001011234', ticketCodes: ['PX-7H3K9'], registrations: ['main-forum'] }),
  phone: attendee({ id: 'KPH0000001', nameZh: '欧阳娜娜', nameEn: 'Ouyang Nana', orgZh: '芒果TV', orgEn: 'Mango TV', categoryId: 'media', phone: '13900001234', ticketCodes: ['PX-22222'] }),
  twinA: attendee({ id: 'KTW0000001', nameZh: '李雷', categoryId: 'delegate', phone: '13700009999', ticketCodes: ['PX-44444'] }),
  twinB: attendee({ id: 'KTW0000002', nameZh: '李梅', categoryId: 'delegate', phone: '13600009999', ticketCodes: ['PX-55555'] }),
  vip: attendee({ id: 'KVP0000001', nameZh: '赵关注', categoryId: 'delegate', phone: '13500000001', attention: '省领导，请引导至贵宾室', ticketCodes: ['PX-66666'] }),
  printed: attendee({ id: 'KPR0000001', nameZh: '周已印', categoryId: 'delegate', phone: '13500000004', ticketCodes: ['PX-99999'] }),
  stopped: attendee({ id: 'KST0000001', nameZh: '孙停机', categoryId: 'delegate', phone: '13500000005', ticketCodes: ['PX-88888'] }),
};

/**
 * The self-service kiosk (issue #16) with real processes: `lanyard hub` on the office's file; the kiosk joined as a
 * desk and served by `lanyard serve --sync` to Chromium, printing to a test cupsd's cups-pdf queue; a door and a desk
 * joined and synced by `lanyard station`. Every path an attendee can take, screenshots in landscape and portrait.
 */
describe.skipIf(!chromiumPath)('the self-service kiosk in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-e2e-kiosk-'));
  const hubDb = join(dir, 'office.db');
  const kioskDb = join(dir, 'kiosk.db');
  const doorDb = join(dir, 'door.db');
  const deskDb = join(dir, 'desk.db');
  const outputs = cupsPdfOutputs();
  let cups: TestCups;
  let kiosk: RunningStation;
  let hub: Running | null = null;
  const syncs: Running[] = [];
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    cups = await startCups();
    cups.addPdfPrinter('kiosk-a');
    json(await lanyardAsync('init', '--db', hubDb));
    json(await lanyardAsync('demo', '--db', hubDb, '--attendees', '100', '--seed', '16'));
    {
      const db = openDatabase(hubDb);
      db.tx(() => insertAttendees(db, Object.values(PEOPLE), new Date('2024-10-14T08:00:00Z')));
      // Pre-printed at the office, not yet handed out.
      db.run({ text: 'UPDATE attendee SET badge_printed_count = 1 WHERE id = ?', values: [PEOPLE.printed.id] });
      const services = createServices({ db, badgeThreads: null });
      const admin = (value(await services.call('operator:createFirstAdmin', { name: 'admin', pin: '246810' }, { transport: 'cli' })) as { token: string }).token;
      value(await services.call('operator:create', { name: '王主管', role: 'supervisor', pin: '1357' }, { transport: 'cli', token: admin }));
      value(await services.call('operator:create', { name: '报到员', role: 'desk', pin: '2468' }, { transport: 'cli', token: admin }));
      value(await services.call('event:setKioskRules', { deskWhere: { zh: '一楼大厅左侧人工报到台', en: 'the staffed desk on the left of the ground-floor hall' }, deskCategories: ['guest'] }, { transport: 'cli', token: admin }));
      await services.close();
      db.close();
    }
    hub = await startLanyard(['hub', '--db', hubDb, '--listen', '127.0.0.1:0', '--name', '会务办公室']);
    syncs.push(await joinedStation(hubDb, doorDb, { role: 'door', activity: 'main-forum', name: '主论坛 A门' }));
    syncs.push(await joinedStation(hubDb, deskDb, { role: 'desk', name: '报到台 1' }));
    // The kiosk pairs like a desk; its own screen's process runs its sync.
    const { code } = json<{ code: string }>(await lanyardAsync('pair', '--db', hubDb, '--role', 'desk', '--name', '自助机 A'));
    json(await lanyardAsync('join', '--db', kioskDb, '--code', code));
    kiosk = await serveStation(kioskDb, { printServer: cups.server, sync: true });
    const sup = value(await kiosk.call('session:signIn', { name: '王主管', pin: '1357' })).token;
    value(await kiosk.call('station:configure', { mode: 'kiosk', name: '自助机 A' }, sup));
    value(await kiosk.call('session:signOut', {}, sup));
    browser = await launchChromium(chromiumPath ?? '');
    page = await browser.newPage({ viewport: LANDSCAPE, hasTouch: true });
    page.setDefaultTimeout(15_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await kiosk?.stop();
    await Promise.all(syncs.map((s) => stop(s)));
    await stop(hub);
    await cups?.stop();
    outputs.clean();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Saves the screen in landscape and portrait as artifacts/kiosk-<name>-<w>x<h>.png; nothing may spill off the screen. */
  const shoot = async (name: string) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const size of [LANDSCAPE, PORTRAIT]) {
      await page.setViewportSize(size);
      const spill = await page.evaluate(() => {
        const { document, innerWidth } = globalThis as unknown as PageGlobals;
        const found: string[] = [];
        if (document.documentElement.scrollWidth > innerWidth) found.push(`page is ${document.documentElement.scrollWidth}px wide`);
        for (const el of document.querySelectorAll('.kiosk-main-area *')) if (el.scrollWidth > el.clientWidth + 1 && el.tagName !== 'svg') found.push(`${el.tagName.toLowerCase()}.${el.className}`);
        return found;
      });
      expect(spill, `${name} at ${size.width}×${size.height}`).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, `kiosk-${name}-${size.width}x${size.height}.png`) });
    }
    await page.setViewportSize(LANDSCAPE);
  };
  const step = () => page.locator('.kiosk').getAttribute('data-step');
  const untilStep = async (s: string) => expect.poll(step, { timeout: 15_000 }).toBe(s);
  /** A hand scanner: the code typed as keys, then Enter, into whatever has the focus. */
  const scan = async (code: string) => {
    await page.keyboard.type(code, { delay: 5 });
    await page.keyboard.press('Enter');
  };
  const touch = (name: string | RegExp) => page.getByRole('button', { name }).first().click();
  const readFile = <T>(file: string, sql: string, ...params: string[]): T | undefined => {
    const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      return db.prepare(sql).get(...params) as T | undefined;
    } finally {
      db.close();
    }
  };

  it('a supervisor starts it with its printer: the welcome fills the screen, in both languages, nothing else reachable', async () => {
    await signInAt(page, kiosk.url, '王主管', '1357');
    await page.getByRole('heading', { name: '开启自助签到' }).waitFor();
    await page.getByLabel('证件打印机').selectOption('kiosk-a');
    await page.getByLabel('打印机位置（参会者面向屏幕时）').selectOption('left');
    await page.getByRole('button', { name: '开启自助机' }).click();
    await page.locator('.kiosk').waitFor();
    await untilStep('idle');
    await expect.poll(() => page.locator('.kiosk-event').innerText()).toContain('2024中国新媒体大会');
    expect(await page.locator('.kiosk-event').innerText()).toContain('2024 China New Media Conference');
    expect(await page.getByRole('navigation').count()).toBe(0);
    expect(await page.getByRole('button', { name: /退出登录|Sign out/ }).count()).toBe(0);
    await shoot('welcome');
  });

  it('QR path (中文): the e-ticket scanned → their own card, masked → the badge prints to CUPS → take it; the desk and the door see the arrival through the hub', async () => {
    await scan('PX-7H3K9');
    await untilStep('card');
    const card = page.locator('.kiosk-card');
    expect(await card.innerText()).toMatch(/王小明[\s\S]*Wang Xiaoming[\s\S]*湖南日报[\s\S]*138\*\*\*\*1234/);
    expect(await page.locator('.kiosk').innerText()).not.toContain('19900101');
    await shoot('card');
    await touch(/是我，打印证件/);
    await untilStep('done');
    expect(await page.locator('.kiosk-take').innerText()).toContain('请从您左侧的打印机取走证件');
    expect(await page.locator('.kiosk-take').innerText()).toContain('Take your badge from the printer on your left');
    await shoot('done');
    const job = readFile<{ spool_id: string; state: string }>(kioskDb, 'SELECT spool_id, state FROM print_job WHERE attendee_id = ?', PEOPLE.qr.id)!;
    expect(job.state).toBe('printed');
    const files = outputs.of(job.spool_id);
    expect(files).toHaveLength(1);
    expect(statSync(files[0]!).size).toBeGreaterThan(1000);
    // Through the hub: the door has the desk arrival in its log, the desk has the badge collected.
    await expect.poll(() => readFile<{ station: string }>(doorDb, "SELECT station FROM scan WHERE kind = 'arrival' AND attendee_id = ?", PEOPLE.qr.id)?.station, { timeout: 20_000 }).toBe('自助机 A');
    await expect.poll(() => readFile<{ at: string | null }>(deskDb, 'SELECT badge_collected_at AS at FROM attendee WHERE id = ?', PEOPLE.qr.id)?.at ?? null, { timeout: 20_000 }).not.toBeNull();
    // The same person again: a kiosk never prints a second badge.
    // (Past the scanner's 3 s, within which the same code again is one scan.)
    await page.waitForTimeout(3_000);
    await scan('PX-7H3K9');
    await untilStep('desk');
    expect(await page.locator('.kiosk-desk').innerText()).toContain('您已经领取过证件');
  }, 60_000);

  it('phone path (English): four digits → eight surnames → theirs → the card → the badge', async () => {
    await touch(/重新开始|Start again/);
    await untilStep('idle');
    await touch('English');
    expect(await page.locator('.kiosk-language').innerText()).toBe('简体中文');
    await touch(/Find me by my phone/);
    await untilStep('phone');
    for (const d of '1234') await page.locator('.kiosk-key', { hasText: new RegExp(`^${d}$`) }).click();
    await shoot('phone');
    await touch(/^OK/);
    await untilStep('surnames');
    expect(await page.locator('.kiosk-surname').count()).toBe(8);
    expect(await page.locator('.kiosk-title').innerText()).toMatch(/Choose your surname[\s\S]*请选择您的姓氏/);
    await shoot('surnames');
    await page.locator('.kiosk-surname', { hasText: /^欧阳$/ }).click();
    await untilStep('card');
    expect(await page.locator('.kiosk-card').innerText()).toMatch(/欧阳娜娜[\s\S]*Mango TV/);
    await touch(/This is me/);
    await untilStep('done');
    expect(await page.locator('.kiosk-take').innerText()).toMatch(/^Take your badge from the printer on your left/);
  }, 40_000);

  it('not found (a typed code) and two matches send to the desk, saying where it is in both languages', async () => {
    await page.waitForTimeout(8_500);
    await untilStep('idle');
    await touch(/Type my ticket code|输入票号/);
    for (const k of 'NOPE1') await page.locator('.kiosk-key', { hasText: new RegExp(`^${k}$`) }).click();
    await touch(/^(OK|确定)/);
    await untilStep('desk');
    const text = await page.locator('.kiosk-desk').innerText();
    expect(text).toContain('一楼大厅左侧人工报到台');
    expect(text).toContain('the staffed desk on the left of the ground-floor hall');
    expect(text).toContain('没有找到您的报名信息');
    await shoot('not-found');
    await touch(/重新开始|Start again/);
    await touch(/Find me by my phone|用手机尾号查找/);
    for (const d of '9999') await page.locator('.kiosk-key', { hasText: new RegExp(`^${d}$`) }).click();
    await touch(/^(OK|确定)/);
    await untilStep('surnames');
    await page.locator('.kiosk-surname', { hasText: /^李$/ }).click();
    await untilStep('desk');
    expect(await page.locator('.kiosk-desk').innerText()).toContain('More than one person matches');
  }, 40_000);

  it('a badge printed already, and an attention flag, go to the desk; nothing is printed', async () => {
    await touch(/重新开始|Start again/);
    await scan('PX-99999');
    await untilStep('desk');
    expect(await page.locator('.kiosk-desk').innerText()).toContain('Your badge has been printed already');
    await touch(/重新开始|Start again/);
    await scan('PX-66666');
    await untilStep('desk');
    expect(await page.locator('.kiosk-desk').innerText()).toContain('Our staff will look after you personally');
    await shoot('attention');
    expect(readFile<{ n: number }>(kioskDb, 'SELECT count(*) AS n FROM print_job WHERE attendee_id IN (?, ?)', PEOPLE.printed.id, PEOPLE.vip.id)?.n).toBe(0);
  }, 30_000);

  it('a stopped printer takes it out of service ("please go to the desk") until it works again', async () => {
    cups.admin('cupsdisable', '-r', 'Out of paper', 'kiosk-a');
    try {
      await touch(/重新开始|Start again/);
      await scan('PX-88888');
      await untilStep('out_of_service');
      const text = await page.locator('.kiosk-desk').innerText();
      expect(text).toContain('自助机暂停服务');
      expect(text).toContain('This kiosk is out of service');
      await shoot('out-of-service');
    } finally {
      cups.admin('cupsenable', 'kiosk-a');
    }
    await expect.poll(step, { timeout: 25_000 }).toBe('idle');
    expect(readFile<{ n: number }>(kioskDb, 'SELECT count(*) AS n FROM scan WHERE attendee_id = ?', PEOPLE.stopped.id)?.n).toBe(0);
  }, 40_000);

  it('clears itself 30 s after the last touch, whatever is on the screen', async () => {
    await page.clock.install();
    await page.reload();
    await untilStep('idle');
    await touch(/Find me by my phone|用手机尾号查找/);
    await page.locator('.kiosk-key', { hasText: /^5$/ }).click();
    await untilStep('phone');
    await page.clock.runFor(20_000);
    expect(await step()).toBe('phone');
    await page.clock.runFor(11_000);
    await untilStep('idle');
  }, 30_000);

  it('is left only by a supervisor after pressing and holding the corner: a tap does nothing, a desk operator is refused', async () => {
    await page.reload();
    await untilStep('idle');
    const corner = page.getByRole('button', { name: /长按 3 秒|press and hold/ });
    await corner.click();
    expect(await page.getByRole('dialog').count()).toBe(0);
    const box = (await corner.boundingBox())!;
    await page.mouse.move(box.x + 10, box.y + 10);
    await page.mouse.down();
    // The page's clock is the test's since the idle test: held for 3.3 s of it.
    await page.clock.runFor(3_300);
    await page.mouse.up();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await shoot('leave');
    await dialog.getByLabel(/主管姓名|Supervisor/).fill('报到员');
    await dialog.getByLabel(/主管 PIN 码|PIN/).fill('2468');
    await dialog.getByLabel(/主管 PIN 码|PIN/).press('Enter');
    await dialog.getByRole('alert').waitFor();
    expect(await step()).toBe('idle');
    await dialog.getByLabel(/主管姓名|Supervisor/).fill('王主管');
    await dialog.getByLabel(/主管 PIN 码|PIN/).fill('1357');
    await dialog.getByLabel(/主管 PIN 码|PIN/).press('Enter');
    await page.getByRole('heading', { name: /开启自助签到|Start the self check-in kiosk/ }).waitFor();
    expect(await page.locator('.kiosk').count()).toBe(0);
    // The supervisor sees the kiosk's own print queue there: the two badges it printed.
    await expect.poll(() => page.locator('.print-queue, section').filter({ hasText: '欧阳娜娜' }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'kiosk-setup-after-1920x1080.png') });
  }, 40_000);
});
