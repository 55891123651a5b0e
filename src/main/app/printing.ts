import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserWindow } from 'electron';
import { badgeDocument } from '../core/badges/html';
import type { Printer, PrintRequest, SpoolState } from '../core/printing/printer';
import type { PrinterView } from '../../shared/printing';
import { AppFailure } from '../../shared/result';

const MICRONS_PER_MM = 1000;
const PRINT_PARTITION = 'lanyard-print';

/** The badge as a page of its own size, in the badge font, for Chromium's printing. */
export const badgePage = (svg: string, mediaMm: { width: number; height: number }): string => badgeDocument([svg], `${mediaMm.width}mm ${mediaMm.height}mm`);

/**
 * Windows has no CUPS: a badge goes to a named printer through webContents.print, silently, from a hidden window.
 * Its callback only says the job was handed to the spooler, so a job stays `sent` until an operator confirms the
 * badge came out (jobState is always unknown). Not exercised here: no Electron binary and no Windows spooler; the
 * unit test checks what is asked of Electron.
 */
export class ElectronPrinter implements Printer {
  readonly kind = 'electron';

  async list(): Promise<PrinterView[]> {
    const window = new BrowserWindow({ show: false, webPreferences: { sandbox: true, javascript: false, partition: PRINT_PARTITION } });
    try {
      const printers = await window.webContents.getPrintersAsync();
      return printers.map((p) => ({ name: p.name, state: 'unknown', accepting: true, message: null }));
    } finally {
      window.destroy();
    }
  }

  async submit({ printer, svg, title, mediaMm }: PrintRequest): Promise<{ spoolId: string }> {
    // A file page of its own, in a session of its own, so it may load the font files; no script runs in it.
    const dir = mkdtempSync(join(tmpdir(), 'lanyard-print-'));
    const page = join(dir, 'badge.html');
    writeFileSync(page, badgePage(svg, mediaMm));
    const window = new BrowserWindow({ show: false, title, webPreferences: { sandbox: true, javascript: false, partition: PRINT_PARTITION } });
    try {
      await window.loadFile(page);
      await new Promise<void>((resolve, reject) => {
        window.webContents.print(
          {
            silent: true,
            deviceName: printer,
            printBackground: true,
            margins: { marginType: 'none' },
            pageSize: { width: Math.round(mediaMm.width * MICRONS_PER_MM), height: Math.round(mediaMm.height * MICRONS_PER_MM) },
          },
          (success, failureReason) => (success ? resolve() : reject(new AppFailure('printer_unavailable', `printer "${printer}" refused the badge: ${failureReason}`))),
        );
      });
      return { spoolId: `electron-${randomUUID()}` };
    } finally {
      window.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  async jobState(): Promise<SpoolState> {
    return 'unknown';
  }

  async cancel(): Promise<void> {}
}
