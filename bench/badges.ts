import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeBadges, selectBadgeAttendees } from '../src/main/core/badges/badges';
import { badgeFonts } from '../src/main/core/badges/fonts';
import { badgeDocument } from '../src/main/core/badges/html';
import { qrRuns } from '../src/main/core/badges/qr';
import { vaultFor } from '../src/main/core/credentials/keys';
import { openDatabase } from '../src/main/core/db/open';
import type { Db } from '../src/main/core/db/sql';
import { generateDemoAttendees } from '../src/main/core/demo/generate';
import { cnmc2024 } from '../src/main/core/event/cnmc2024';
import { CupsPrinter } from '../src/main/core/printing/cups';
import { insertAttendees } from '../src/main/core/roster/repo';
import { createServices, initEvent } from '../src/main/core/services';
import type { BadgePage, BadgePdf } from '../src/shared/badge';
import { badgeSvg } from '../src/shared/badgeSvg';
import type { PrintJobView, PrintQueueView } from '../src/shared/printing';
import type { TestCups } from '../tests/helpers/cups';
import { launchChromium } from '../tests/helpers/browser';
import { cupsPdfOutputs, startCups } from '../tests/helpers/cups';
import type { Measurement, Scenario } from './harness';
import { CHROMIUM, ms, percentile, round } from './harness';

const SCENARIO = 'badges';
const BATCH = 1_000;

/**
 * What an Electron app would do instead: the same laid-out badges as HTML (inline SVG, the same Noto Sans SC files
 * as web fonts), printed by Chromium's print-to-PDF. Timed in a page that is already open, as printToPDF does in a
 * window, or with `wholeProcess` from Chromium's launch to its exit, as a command would run it. Null without Chromium.
 */
export async function chromiumPrintToPdf(pages: BadgePage[], dir: string, { wholeProcess = false } = {}): Promise<{ ms: number; bytes: number } | null> {
  const { width, height } = pages[0]!;
  const file = join(dir, 'badges.html');
  writeFileSync(file, badgeDocument(pages.map((p) => badgeSvg(p, qrRuns)), `${width}pt ${height}pt`));
  const launched = process.hrtime.bigint();
  let browser;
  try {
    browser = await launchChromium(CHROMIUM);
  } catch {
    return null;
  }
  let printed: { ms: number; bytes: number };
  try {
    const page = await browser.newPage();
    const t = process.hrtime.bigint();
    await page.goto(pathToFileURL(file).href);
    await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    printed = { ms: ms(t), bytes: pdf.length };
  } finally {
    await browser.close();
  }
  return wholeProcess ? { ms: ms(launched), bytes: printed.bytes } : printed;
}

/** The laid-out pages of a batch's badges, as the Chromium reference prints them. */
export async function badgePages(db: Db): Promise<BadgePage[]> {
  const pages: BadgePage[] = [];
  for await (const badge of makeBadges(db, vaultFor(db), badgeFonts(), selectBadgeAttendees(db, { all: true }, 'pinyin')).badges) pages.push(badge.page);
  return pages;
}

/** Badges through a real CUPS queue to a completed job: a cupsd of the bench's own with a cups-pdf printer. */
async function throughCups(dir: string, count: number): Promise<number[] | string> {
  let cups: TestCups;
  try {
    cups = await startCups();
  } catch (e) {
    return (e as Error).message;
  }
  const outputs = cupsPdfOutputs();
  try {
    cups.addPdfPrinter('bench');
    const event = cnmc2024();
    const db = openDatabase(join(dir, 'print.db'));
    initEvent(db, event, new Date());
    const attendees = generateDemoAttendees({ event, count, seed: 7 });
    db.tx(() => insertAttendees(db, attendees, new Date()));
    const services = createServices({ db, printer: new CupsPrinter({ server: cups.server }) });
    const call = async <T>(command: string, input: unknown): Promise<T> => {
      const r = await services.call(command, input, { transport: 'cli' });
      if (!r.ok) throw new Error(`${command}: ${r.error.message}`);
      return r.value as T;
    };
    const samples: number[] = [];
    for (const a of attendees) {
      const t = process.hrtime.bigint();
      const job = await call<PrintJobView>('print:submit', { attendeeId: a.id, printer: 'bench' });
      for (let state = job.state; state === 'sent'; ) {
        await new Promise((r) => setTimeout(r, 20));
        state = (await call<PrintQueueView>('print:queue', {})).jobs.find((j) => j.id === job.id)!.state;
        if (state !== 'sent' && state !== 'printed') throw new Error(`job ${job.id} ended ${state}`);
      }
      samples.push(ms(t));
    }
    db.close();
    return samples;
  } finally {
    await cups.stop();
    outputs.clean();
  }
}

export const badgeScenario: Scenario = {
  name: SCENARIO,
  run: async (): Promise<Measurement[]> => {
    const dir = mkdtempSync(join(tmpdir(), 'lanyard-bench-badges-'));
    try {
      const event = cnmc2024();
      const db = openDatabase(join(dir, 'event.db'));
      initEvent(db, event, new Date());
      const attendees = generateDemoAttendees({ event, count: BATCH, seed: 2024 });
      db.tx(() => insertAttendees(db, attendees, new Date()));
      const services = createServices({ db });
      const call = async (input: unknown) => {
        const r = await services.call('badge:pdf', input, { transport: 'cli' });
        if (!r.ok) throw new Error(`badge:pdf failed: ${r.error.message}`);
        return r.value as BadgePdf;
      };

      const fontStart = process.hrtime.bigint();
      badgeFonts();
      const fontMs = ms(fontStart);

      // One badge on demand, as the desk prints it: select, issue, lay out, PDF, audit (a committed transaction).
      const one: number[] = [];
      for (let i = 0; i < 220; i++) {
        const t = process.hrtime.bigint();
        await call({ selection: { attendeeIds: [attendees[i % BATCH]!.id] } });
        if (i >= 20) one.push(ms(t));
      }

      // The first batch after start is made here, and the badge threads start after it (from TypeScript source they
      // compile their code too); a station keeps them for later batches. The next batch, made here again if they are
      // not ready yet, is not counted: the figure is the median of the three after it.
      const coldStart = process.hrtime.bigint();
      await call({ selection: { all: true } });
      const coldMs = ms(coldStart);
      await call({ selection: { all: true } });
      const warm: number[] = [];
      let batch: BadgePdf | null = null;
      for (let i = 0; i < 3; i++) {
        const t = process.hrtime.bigint();
        batch = await call({ selection: { all: true } });
        warm.push(ms(t));
      }
      const batchMs = percentile(warm, 50);
      const bytes = Buffer.from(batch!.contentBase64, 'base64').length;
      const distinctNames = new Set(attendees.map((a) => a.nameZh ?? a.nameEn)).size;

      const reference = await chromiumPrintToPdf(await badgePages(db), dir);
      await services.close();
      db.close();
      const cups = await throughCups(dir, 15);

      const m = (metric: string, value: number, unit: string): Measurement => ({ scenario: SCENARIO, metric, value, unit });
      return [
        m('read Noto Sans SC regular + bold (once per process)', round(fontMs, 1), 'ms'),
        m('one badge on demand, warm, p50 (target ≤ 30)', round(percentile(one, 50), 2), 'ms'),
        m('one badge on demand, warm, p99', round(percentile(one, 99), 2), 'ms'),
        {
          ...m(`${BATCH} bilingual badges in one PDF, badge threads running, median of 3 (target ≤ 2000 ms)`, round(batchMs, 1), 'ms'),
          ...(reference
            ? { reference: `Chromium print-to-PDF of the same ${BATCH} badges as HTML/SVG: ${round(reference.ms, 1)} ms, ${round(reference.bytes / 2 ** 20, 2)} MiB (target: Lanyard ≥ 5× faster)`, ratio: round(reference.ms / batchMs, 2) }
            : { reference: `Chromium not found at ${CHROMIUM}: no reference this run` }),
        },
        m(`${BATCH} badges, the first batch after start (made here; the badge threads start after it)`, round(coldMs, 1), 'ms'),
        m(`${BATCH}-badge PDF size (target ≤ 2.5 MB)`, round(bytes / 1e6, 3), 'MB'),
        m('distinct names in the batch', distinctNames, `of ${batch!.badges} badges`),
        typeof cups === 'string'
          ? m(`a badge through CUPS to a completed job: not measured (${cups})`, 0, '')
          : m(`a badge through CUPS (cups-pdf) to a completed job, p50 of ${cups.length}`, round(percentile(cups, 50), 1), 'ms'),
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
