import { join } from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { PathInputs } from '../../src/main/app/paths';
import { isRendererPage, stationPaths } from '../../src/main/app/paths';
import { createMainWindow } from '../../src/main/app/window';

const windows = vi.hoisted(() => ({ created: [] as Array<{ options: BrowserWindowConstructorOptions; loaded: string[]; shown: number; emit: (event: string) => boolean }> }));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class BrowserWindow extends Emitter {
    readonly record;
    constructor(options: BrowserWindowConstructorOptions) {
      super();
      this.record = { options, loaded: [] as string[], shown: 0, emit: (event: string) => this.emit(event) };
      windows.created.push(this.record);
    }
    loadFile(file: string) {
      this.record.loaded.push(`file:${file}`);
      return Promise.resolve();
    }
    loadURL(url: string) {
      this.record.loaded.push(`url:${url}`);
      return Promise.resolve();
    }
    show() {
      this.record.shown += 1;
    }
  }
  return { BrowserWindow, app: new Emitter() };
});

const MAIN_DIR = join('/opt', 'lanyard', 'out', 'main');

function inputs(overrides: Partial<PathInputs> = {}): PathInputs {
  return {
    userData: join('/home', 'desk', '.config', 'Lanyard'),
    appPath: join('/opt', 'lanyard'),
    mainDir: MAIN_DIR,
    electronVersion: '45.5.0',
    eventId: 'cnmc-2024',
    env: {},
    fileExists: () => true,
    ...overrides,
  };
}

const logger = { error: vi.fn() };

describe('where the station keeps things', () => {
  it('keeps the event database under the user-data folder, one file per event', () => {
    expect(stationPaths(inputs()).databaseFile).toBe(join('/home', 'desk', '.config', 'Lanyard', 'events', 'cnmc-2024.db'));
  });

  it('uses the Electron build of better-sqlite3 from .cache when it exists', () => {
    expect(stationPaths(inputs()).nativeBinding).toBe(join('/opt', 'lanyard', '.cache', 'electron-native', '45.5.0', 'better_sqlite3.node'));
    expect(stationPaths(inputs({ fileExists: () => false })).nativeBinding).toBeUndefined();
  });

  it('takes the addon named by LANYARD_NATIVE_BINDING instead', () => {
    const named = join('/tmp', 'custom', 'better_sqlite3.node');
    expect(stationPaths(inputs({ env: { LANYARD_NATIVE_BINDING: named }, fileExists: (f) => f === named })).nativeBinding).toBe(named);
  });

  it('finds the preload and the renderer beside the built main file', () => {
    const paths = stationPaths(inputs());
    expect(paths.preload).toBe(join('/opt', 'lanyard', 'out', 'preload', 'index.cjs'));
    expect(paths.renderer).toEqual({ kind: 'file', file: join('/opt', 'lanyard', 'out', 'renderer', 'index.html') });
  });

  it('loads the dev server page when electron-vite runs one', () => {
    expect(stationPaths(inputs({ env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' } })).renderer).toEqual({ kind: 'url', url: 'http://localhost:5173' });
  });
});

describe('recognising the renderer page', () => {
  const file = { kind: 'file' as const, file: join('/opt', 'lanyard', 'out', 'renderer', 'index.html') };

  it('accepts the built page with any route', () => {
    expect(isRendererPage('file:///opt/lanyard/out/renderer/index.html', file)).toBe(true);
    expect(isRendererPage('file:///opt/lanyard/out/renderer/index.html#/door/main-forum', file)).toBe(true);
  });

  it('rejects other files, other sites and garbage', () => {
    expect(isRendererPage('file:///opt/lanyard/out/renderer/other.html', file)).toBe(false);
    expect(isRendererPage('file:///etc/passwd', file)).toBe(false);
    expect(isRendererPage('https://evil.example/opt/lanyard/out/renderer/index.html', file)).toBe(false);
    expect(isRendererPage('not a url', file)).toBe(false);
  });

  it('accepts only the dev server origin in development', () => {
    const dev = { kind: 'url' as const, url: 'http://localhost:5173' };
    expect(isRendererPage('http://localhost:5173/#/desk', dev)).toBe(true);
    expect(isRendererPage('http://localhost:5174/', dev)).toBe(false);
    expect(isRendererPage('https://localhost:5173/', dev)).toBe(false);
  });
});

describe('the main window', () => {
  it('opens at 1366×768, no smaller than 1024×700, titled Lanyard, with the secure settings', () => {
    windows.created.length = 0;
    createMainWindow({ preload: '/opt/lanyard/out/preload/index.cjs', renderer: { kind: 'file', file: '/opt/lanyard/out/renderer/index.html' }, logger });
    const [window] = windows.created;
    expect(window?.options).toMatchObject({
      title: 'Lanyard',
      width: 1366,
      height: 768,
      minWidth: 1024,
      minHeight: 700,
      show: false,
      webPreferences: { preload: '/opt/lanyard/out/preload/index.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false },
    });
    expect(window?.options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/);
    expect(window?.loaded).toEqual(['file:/opt/lanyard/out/renderer/index.html']);
  });

  it('stays hidden until its first paint is ready', () => {
    windows.created.length = 0;
    createMainWindow({ preload: '/p.cjs', renderer: { kind: 'url', url: 'http://localhost:5173' }, logger });
    const [window] = windows.created;
    expect(window?.loaded).toEqual(['url:http://localhost:5173']);
    expect(window?.shown).toBe(0);
    window?.emit('ready-to-show');
    expect(window?.shown).toBe(1);
  });
});
