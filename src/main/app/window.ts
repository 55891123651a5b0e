import type { BrowserWindowConstructorOptions } from 'electron';
import { BrowserWindow } from 'electron';
import type { Logger } from '../core/dispatch';
import type { RendererSource } from './paths';
import { secureWebPreferences } from './security';

/** The station's one window; the desk laptops are 1366×768, so that is the size it opens at. */
export function mainWindowOptions({ preload }: { preload: string }): BrowserWindowConstructorOptions {
  return {
    title: 'Lanyard',
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 700,
    backgroundColor: '#f8fafc',
    show: false,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences({ preload }),
  };
}

export function createMainWindow({ preload, renderer, logger }: { preload: string; renderer: RendererSource; logger: Logger }): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions({ preload }));
  // Shown once painted, so the desk never sees a blank white frame.
  window.once('ready-to-show', () => window.show());
  const loading = renderer.kind === 'file' ? window.loadFile(renderer.file) : window.loadURL(renderer.url);
  loading.catch((e: unknown) => logger.error('the renderer failed to load', e));
  return window;
}
