import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app } from 'electron';

/** Where the window's page comes from: the built file, or the dev server electron-vite started. */
export type RendererSource = { kind: 'file'; file: string } | { kind: 'url'; url: string };

export interface StationPaths {
  databaseFile: string;
  /** The better-sqlite3 addon built for Electron's ABI; absent when the Node build should be tried. */
  nativeBinding: string | undefined;
  preload: string;
  renderer: RendererSource;
}

export interface PathInputs {
  userData: string;
  appPath: string;
  /** The folder of the built main file (out/main). */
  mainDir: string;
  electronVersion: string;
  eventId: string;
  env: Record<string, string | undefined>;
  fileExists: (file: string) => boolean;
}

export function eventDatabaseFile({ userData, eventId }: { userData: string; eventId: string }): string {
  return join(userData, 'events', `${eventId}.db`);
}

/** The addon `npm start` builds for this Electron, kept apart from node_modules so Node's build stays usable. */
export function electronNativeBinding({ appPath, electronVersion }: { appPath: string; electronVersion: string }): string {
  return join(appPath, '.cache', 'electron-native', electronVersion, 'better_sqlite3.node');
}

export function stationPaths(inputs: PathInputs): StationPaths {
  const native = inputs.env.LANYARD_NATIVE_BINDING || electronNativeBinding(inputs);
  const devUrl = inputs.env.ELECTRON_RENDERER_URL;
  return {
    databaseFile: eventDatabaseFile(inputs),
    nativeBinding: inputs.fileExists(native) ? native : undefined,
    preload: join(inputs.mainDir, '..', 'preload', 'index.cjs'),
    renderer: devUrl ? { kind: 'url', url: devUrl } : { kind: 'file', file: join(inputs.mainDir, '..', 'renderer', 'index.html') },
  };
}

/** The paths of the running app; this module is bundled into out/main/index.js, so its own URL locates out/. */
export function currentStationPaths({ eventId }: { eventId: string }): StationPaths {
  return stationPaths({
    userData: app.getPath('userData'),
    appPath: app.getAppPath(),
    mainDir: dirname(fileURLToPath(import.meta.url)),
    electronVersion: process.versions.electron,
    eventId,
    env: process.env,
    fileExists: existsSync,
  });
}

/** True for the renderer's own page (any route inside it), false for every other URL. */
export function isRendererPage(url: string, source: RendererSource): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (source.kind === 'url') return target.origin === new URL(source.url).origin;
  const page = pathToFileURL(source.file);
  return target.protocol === 'file:' && target.host === page.host && target.pathname === page.pathname;
}
