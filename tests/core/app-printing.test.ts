import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';

interface FakeWindow {
  options: Record<string, unknown>;
  loaded: string | null;
  html: string | null;
  printOptions: Record<string, unknown> | null;
  destroyed: boolean;
}
const windows: FakeWindow[] = [];
let printAnswer: [boolean, string] = [true, ''];

vi.mock('electron', () => ({
  BrowserWindow: class {
    state: FakeWindow;
    webContents: { print: (o: Record<string, unknown>, cb: (ok: boolean, why: string) => void) => void; getPrintersAsync: () => Promise<unknown[]> };
    constructor(options: Record<string, unknown>) {
      this.state = { options, loaded: null, html: null, printOptions: null, destroyed: false };
      windows.push(this.state);
      this.webContents = {
        print: (o, cb) => {
          this.state.printOptions = o;
          cb(...printAnswer);
        },
        getPrintersAsync: async () => [{ name: 'Zebra ZC300', displayName: 'Zebra', description: '', isDefault: true, options: {} }],
      };
    }
    async loadFile(file: string) {
      this.state.loaded = file;
      this.state.html = readFileSync(file, 'utf8');
    }
    destroy() {
      this.state.destroyed = true;
    }
  },
}));

const { ElectronPrinter, badgePage } = await import('../../src/main/app/printing');

beforeEach(() => {
  windows.length = 0;
  printAnswer = [true, ''];
});

const request = { printer: 'Zebra ZC300', pdf: Buffer.from('%PDF-'), svg: '<svg id="badge"></svg>', title: 'Badge 0YANG00001 v1', mediaMm: { width: 85.6, height: 53.98 } };

describe('the Electron printer (Windows)', () => {
  it('prints the badge silently to the named printer at the badge\'s own size, from a hidden page in a session of its own', async () => {
    const { spoolId } = await new ElectronPrinter().submit(request);
    expect(spoolId).toMatch(/^electron-/);
    const [w] = windows;
    expect(w!.options).toMatchObject({ show: false, webPreferences: { sandbox: true, javascript: false, partition: 'lanyard-print' } });
    expect(w!.html).toContain('<svg id="badge"></svg>');
    expect(w!.html).toContain('@page { size: 85.6mm 53.98mm; margin: 0; }');
    expect(w!.printOptions).toEqual({ silent: true, deviceName: 'Zebra ZC300', printBackground: true, margins: { marginType: 'none' }, pageSize: { width: 85600, height: 53980 } });
    expect(w!.destroyed).toBe(true);
  });

  it('reports a refused job as printer_unavailable with Electron\'s reason, and never claims a job completed', async () => {
    printAnswer = [false, 'Invalid deviceName provided'];
    const printer = new ElectronPrinter();
    await expect(printer.submit(request)).rejects.toMatchObject({ code: 'printer_unavailable', message: expect.stringContaining('Invalid deviceName provided') });
    expect(windows[0]!.destroyed).toBe(true);
    // The callback says "sent to the spooler"; whether the badge came out only the operator can confirm.
    expect(await printer.jobState()).toBe('unknown');
  });

  it('lists the system printers by name, their state unknown to Electron', async () => {
    expect(await new ElectronPrinter().list()).toEqual([{ name: 'Zebra ZC300', state: 'unknown', accepting: true, message: null }]);
  });

  it('loads the badge font from the installed package', () => {
    expect(badgePage('<svg/>', { width: 100, height: 50 })).toMatch(/url\('file:\/\/.*NotoSansSC_700Bold\.ttf'\)/);
  });
});
