import type { Browser, Page } from 'playwright-core';
import type { TestCups } from '../helpers/cups';
import { cupsPdfOutputs, startCups } from '../helpers/cups';
import type { RunningStation } from '../helpers/station';
import { startStation, value } from '../helpers/station';
import { launchChromium, setUpOffice } from './chromium';

export interface PrintingOffice {
  cups: TestCups;
  station: RunningStation;
  browser: Browser;
  page: Page;
  /** The administrator's token, for the test's own calls. */
  admin: string;
  /** Closes the browser, stops the station and cupsd, and removes the badges cups-pdf wrote. */
  stop(): Promise<void>;
}

/**
 * An organisers' office printing to real CUPS queues: a cupsd of its own with a cups-pdf printer per name, a station
 * serving the renderer and printing there, and Chromium on it after the first start (administrator PIN `pin`).
 */
export async function openPrintingOffice({ chromiumPath, printers, attendees, pin }: { chromiumPath: string; printers: string[]; attendees: number; pin: string }): Promise<PrintingOffice> {
  const outputs = cupsPdfOutputs();
  const cups = await startCups();
  for (const name of printers) cups.addPdfPrinter(name);
  const station = await startStation({ attendees, printServer: cups.server });
  const browser = await launchChromium(chromiumPath);
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  page.setDefaultTimeout(20_000);
  await setUpOffice(page, station.url, pin);
  const admin = value(await station.call('session:signIn', { name: 'admin', pin })).token;
  return {
    cups,
    station,
    browser,
    page,
    admin,
    stop: async () => {
      await browser.close();
      await station.stop();
      await cups.stop();
      outputs.clean();
    },
  };
}
