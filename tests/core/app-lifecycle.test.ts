import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMANDS } from '../../src/shared/commands';

/** Electron as the lifecycle sees it: an app that records its calls and listeners, and windows that record focus. */
const fake = vi.hoisted(() => ({
  lockGranted: true,
  userData: '',
  calls: [] as string[],
  listeners: new Map<string, (...args: unknown[]) => void>(),
  channels: [] as string[],
  windows: [] as Array<{ focused: number; restored: number; minimized: boolean }>,
  errorBoxes: [] as string[],
}));

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  let nextId = 1;
  class BrowserWindow extends EventEmitter {
    readonly state = { focused: 0, restored: 0, minimized: true };
    readonly webContents = Object.assign(new EventEmitter(), { id: nextId++, isDevToolsOpened: () => false, closeDevTools: () => undefined });
    kiosk = false;
    constructor() {
      super();
      fake.windows.push(this.state);
    }
    setKiosk = (on: boolean) => {
      this.kiosk = on;
    };
    removeMenu = () => undefined;
    setMenuBarVisibility = () => undefined;
    loadFile = () => Promise.resolve();
    loadURL = () => Promise.resolve();
    show = () => undefined;
    isDestroyed = () => false;
    isMinimized = () => this.state.minimized;
    restore = () => {
      this.state.restored += 1;
      this.state.minimized = false;
    };
    focus = () => {
      this.state.focused += 1;
    };
  }
  const record = (name: string) => () => void fake.calls.push(name);
  const noop = () => undefined;
  return {
    BrowserWindow,
    app: {
      enableSandbox: record('enableSandbox'),
      requestSingleInstanceLock: () => {
        fake.calls.push('requestSingleInstanceLock');
        return fake.lockGranted;
      },
      quit: record('quit'),
      exit: record('exit'),
      whenReady: () => {
        fake.calls.push('whenReady');
        return Promise.resolve();
      },
      on: (event: string, listener: (...args: unknown[]) => void) => fake.listeners.set(event, listener),
      getPath: () => fake.userData,
      getAppPath: () => fake.userData,
      getVersion: () => '0.1.0',
    },
    dialog: { showErrorBox: (_title: string, message: string) => fake.errorBoxes.push(message) },
    ipcMain: { handle: (channel: string) => fake.channels.push(channel) },
    session: {
      defaultSession: { webRequest: { onHeadersReceived: noop }, setPermissionRequestHandler: noop, setPermissionCheckHandler: noop },
    },
  };
});

// Electron adds its version to process.versions; the paths of its native addon depend on it.
const setElectronVersion = (version: string | undefined) =>
  version === undefined ? Reflect.deleteProperty(process.versions, 'electron') : Reflect.set(process.versions, 'electron', version);
const originalElectronVersion: string | undefined = Reflect.get(process.versions, 'electron');

let tempRoot = '';

beforeEach(() => {
  vi.resetModules();
  fake.lockGranted = true;
  tempRoot = mkdtempSync(join(tmpdir(), 'lanyard-life-'));
  fake.userData = tempRoot;
  fake.calls.length = 0;
  fake.listeners.clear();
  fake.channels.length = 0;
  fake.windows.length = 0;
  fake.errorBoxes.length = 0;
  setElectronVersion('45.5.0');
});

afterEach(() => {
  fake.listeners.get('will-quit')?.();
  rmSync(tempRoot, { recursive: true, force: true });
  setElectronVersion(originalElectronVersion);
  vi.restoreAllMocks();
});

/** Loads src/main/index.ts as Electron would and waits for `whenReady().then(start)` to settle. */
async function launch(): Promise<void> {
  await import('../../src/main/index');
  await vi.waitFor(() => expect(fake.windows.length + fake.errorBoxes.length + (fake.lockGranted ? 0 : 1)).toBeGreaterThan(0), { timeout: 10_000 });
}

describe('the station lifecycle', () => {
  it('quits at once when another Lanyard holds the single-instance lock', async () => {
    fake.lockGranted = false;
    await launch();
    expect(fake.calls).toContain('quit');
    expect(fake.calls).not.toContain('whenReady');
    expect(fake.windows).toHaveLength(0);
  });

  it('turns on the sandbox for every renderer before anything else', async () => {
    await launch();
    expect(fake.calls[0]).toBe('enableSandbox');
  });

  it('on ready opens the event database under user data, serves every command over IPC and opens one window', async () => {
    await launch();
    expect(fake.errorBoxes).toEqual([]);
    expect(existsSync(join(fake.userData, 'events', 'cnmc-2024.db'))).toBe(true);
    expect([...fake.channels].sort()).toEqual([...COMMANDS].sort());
    expect(fake.windows).toHaveLength(1);
  });

  it('brings the running window forward when a second copy is started', async () => {
    await launch();
    fake.listeners.get('second-instance')?.();
    expect(fake.windows[0]).toMatchObject({ restored: 1, focused: 1 });
  });

  it('quits when the window is closed and closes the database, with its scan connection, on the way out', async () => {
    await launch();
    // The module registry was reset for this launch: spy on the Db class the station actually uses.
    const { Db } = await import('../../src/main/core/db/sql');
    const close = vi.spyOn(Db.prototype, 'close');
    fake.listeners.get('window-all-closed')?.();
    expect(fake.calls).toContain('quit');
    fake.listeners.get('will-quit')?.();
    // The station's connection and the scan connection it closes with it.
    expect(close.mock.contexts.map((db) => (db as InstanceType<typeof Db>).raw.open)).toEqual([false, false]);
  });

  it('explains a failed start in a dialog and exits', async () => {
    const notAFolder = join(fake.userData, 'occupied');
    writeFileSync(notAFolder, 'a file where the user-data folder should be');
    fake.userData = notAFolder;
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await launch();
    expect(fake.errorBoxes).toHaveLength(1);
    expect(fake.errorBoxes[0]).toMatch(/ENOTDIR|EEXIST/);
    expect(fake.calls).toContain('exit');
    expect(fake.windows).toHaveLength(0);
  });
});
