import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../tests/helpers/browser';
import type { TestCups } from '../tests/helpers/cups';
import { cupsPdfOutputs, startCups } from '../tests/helpers/cups';
import type { RunningStation } from '../tests/helpers/station';
import { startStation } from '../tests/helpers/station';
import type { Measurement } from './harness';
import { CHROMIUM, ensureRendererBuilt } from './harness';

const notMeasured = (scenario: string, why: string): Measurement[] => [{ scenario, metric: `not measured: ${why}`, value: 0, unit: '' }];

/** A test cupsd with one cups-pdf printer for a scenario, stopped after it (and the PDFs it wrote removed); none: not measured. */
export async function withCups(scenario: string, printer: string, run: (cups: TestCups) => Promise<Measurement[]>): Promise<Measurement[]> {
  let cups: TestCups;
  try {
    cups = await startCups();
  } catch (e) {
    return notMeasured(scenario, (e as Error).message);
  }
  const outputs = cupsPdfOutputs();
  try {
    cups.addPdfPrinter(printer);
    return await run(cups);
  } finally {
    await cups.stop();
    outputs.clean();
  }
}

/** Debian's Chromium in front of a real station of 3,000 printing to a test cupsd's `printer`, all stopped after the scenario. */
export async function withStationInChromium(scenario: string, printer: string, run: (station: RunningStation, browser: Browser) => Promise<Measurement[]>): Promise<Measurement[]> {
  if (!existsSync(CHROMIUM)) return notMeasured(scenario, `no Chromium at ${CHROMIUM}`);
  ensureRendererBuilt();
  return withCups(scenario, printer, async (cups) => {
    const station = await startStation({ attendees: 3_000, printServer: cups.server });
    const browser = await launchChromium(CHROMIUM);
    try {
      return await run(station, browser);
    } finally {
      await browser.close();
      await station.stop();
    }
  });
}
