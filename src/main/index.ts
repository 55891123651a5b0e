import type { BrowserWindow, WebContents } from 'electron';
import { app, dialog } from 'electron';
import type { Logger } from './core/dispatch';
import { registerIpc } from './app/ipc';
import { holdKiosk } from './app/kiosk';
import { ElectronPrinter } from './app/printing';
import { currentStationPaths, isRendererPage } from './app/paths';
import { secureApp } from './app/security';
import type { Station } from './app/station';
import { DEFAULT_EVENT_ID, openStation } from './app/station';
import { createMainWindow } from './app/window';
import { getStationConfig } from './core/station/repo';

const logger: Logger = { error: (message, error) => console.error(message, error) };

let station: Station | null = null;
let window: BrowserWindow | null = null;

const isOwnWindow = (contents: WebContents) => window !== null && !window.isDestroyed() && window.webContents.id === contents.id;

async function start(): Promise<void> {
  const paths = currentStationPaths({ eventId: DEFAULT_EVENT_ID });
  const isPage = (url: string) => isRendererPage(url, paths.renderer);
  secureApp(isPage);
  // Windows has no CUPS: badges go through Chromium's printing there; elsewhere through the local CUPS.
  const printer = process.platform === 'win32' ? new ElectronPrinter() : undefined;
  station = await openStation({
    databaseFile: paths.databaseFile,
    nativeBinding: paths.nativeBinding,
    logger,
    version: app.getVersion(),
    ...(printer ? { printer } : {}),
    relaunch: () => {
      app.relaunch();
      app.exit(0);
    },
  });
  const services = station.services;
  window = createMainWindow({ preload: paths.preload, renderer: paths.renderer, logger });
  // A kiosk station's window is Electron's kiosk window for as long as the station is a kiosk.
  const kiosk = holdKiosk(window, () => getStationConfig(services.db).mode === 'kiosk');
  registerIpc({ services, isRendererPage: isPage, isOwnWindow, logger, afterCall: (command) => command === 'station:configure' && kiosk.apply() });
  window.on('closed', () => {
    window = null;
  });
}

function focusWindow(): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.focus();
}

function failToStart(e: unknown): void {
  logger.error('Lanyard could not start', e);
  dialog.showErrorBox('Lanyard cannot start', e instanceof Error ? e.message : String(e));
  app.exit(1);
}

app.enableSandbox();
// A second copy would open the same event database: hand over to the running one instead.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', focusWindow);
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => station?.close());
  app.whenReady().then(start).catch(failToStart);
}
