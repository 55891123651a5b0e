import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningStation } from '../helpers/station';
import { startStation, value } from '../helpers/station';
import { capture, launchChromium } from './chromium';
import { signInAt } from '../helpers/browser';

const chromiumPath = inject('chromiumPath');

const WIDTH = 640;
const HEIGHT = 480;

/** A greyscale PGM (P5) as pdftoppm writes it: its size and its pixels. */
function readPgm(file: string): { width: number; height: number; pixels: Buffer } {
  const data = readFileSync(file);
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 64).toString('latin1'));
  if (header === null) throw new Error(`${file} is not a binary PGM`);
  const [whole, width, height] = header;
  return { width: Number(width), height: Number(height), pixels: data.subarray(whole.length) };
}

/**
 * A camera's view of a printed badge held up to it, as a Y4M video Chromium's fake camera plays in a loop: the badge
 * rasterised by poppler, on a grey background, in 640×480 4:2:0 frames.
 */
function badgeVideo(pdf: string, dir: string): string {
  execFileSync('pdftoppm', ['-gray', '-scale-to', '560', '-singlefile', pdf, join(dir, 'badge')]);
  const badge = readPgm(join(dir, 'badge.pgm'));
  const luma = Buffer.alloc(WIDTH * HEIGHT, 128);
  const left = Math.floor((WIDTH - badge.width) / 2);
  const top = Math.floor((HEIGHT - badge.height) / 2);
  for (let y = 0; y < badge.height; y++) badge.pixels.copy(luma, (top + y) * WIDTH + left, y * badge.width, (y + 1) * badge.width);
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  const file = join(dir, 'badge.y4m');
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`), frame, frame]));
  return file;
}

describe.skipIf(!chromiumPath)('a forum door scanning with a camera, in Chromium with a fake camera', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-camera-'));
  let station: RunningStation;
  let browser: Browser;
  let page: Page;
  let admin: string;
  let delegate: { id: string; nameZh: string | null };
  const requested: string[] = [];

  beforeAll(async () => {
    station = await startStation({ attendees: 120 });
    admin = value(await station.call('operator:createFirstAdmin', { name: 'admin', pin: '2468' })).token;
    value(await station.call('operator:create', { name: 'door-wang', role: 'door', pin: '8642' }, admin));
    value(await station.call('station:configure', { name: '平行论坛二 B 门', mode: 'door', activityId: 'forum-2' }, admin));
    const registered = value(await station.call('roster:list', { activityId: 'forum-2', categoryId: 'delegate', limit: 1, sort: 'pinyin' }, admin));
    delegate = registered.rows[0]!;
    const pdf = value(await station.call('badge:pdf', { selection: { attendeeIds: [delegate.id] }, order: 'pinyin' }, admin));
    writeFileSync(join(dir, 'badge.pdf'), Buffer.from(pdf.contentBase64, 'base64'));
    const video = badgeVideo(join(dir, 'badge.pdf'), dir);

    browser = await launchChromium(chromiumPath ?? '', ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.setDefaultTimeout(20_000);
    page.on('request', (r) => requested.push(r.url()));
    await signInAt(page, station.url, 'door-wang', '8642');
    await page.getByRole('heading', { name: '扫码入场' }).waitFor();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await station?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('admits the attendee whose printed badge is held up to the camera, once, with the decoder from the app itself', async () => {
    await page.getByRole('button', { name: '用摄像头扫码' }).click();
    const answer = page.getByRole('alert');
    await answer.waitFor();
    expect(await answer.getAttribute('data-outcome')).toBe('admitted');
    expect(await answer.textContent()).toContain(delegate.nameZh!);
    await capture(page, 'door-camera');

    // The badge stays in view: it was one scan, not one a frame.
    await answer.waitFor({ state: 'detached', timeout: 10_000 });
    await page.waitForTimeout(1_500);
    const counts = value(await station.call('scan:counts', { activityId: 'forum-2' }, admin));
    expect(counts.admittedToday).toBe(1);
    await capture(page, 'door-camera-on');

    // Everything the page loaded, the decoder's WebAssembly included, came from the station itself.
    const origin = new URL(station.url).origin;
    expect(requested.filter((url) => !url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:'))).toEqual([]);
    await page.getByRole('button', { name: '关闭摄像头' }).click();
  });
});
