import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Transferable } from 'node:worker_threads';
import { Worker } from 'node:worker_threads';
import type { Db } from './db/sql';

/** Each worker entry's source; built, every entry is `<name>.js` beside the bundle's shared chunks (electron.vite.config.ts). */
const SOURCES = {
  worker: './import/worker.ts',
  'parse-worker': './import/parse-worker.ts',
  'badge-worker': './badges/worker.ts',
  'sync-worker': './sync/worker.ts',
} as const;

/**
 * Starts the worker entry `name`. Built (the app, out/cli), it is plain JavaScript next to this module; run from
 * TypeScript source (tests, a CLI whose build is stale) the worker first registers tsx, as bin/lanyard.js does then,
 * since a worker does not inherit the parent's loader.
 */
export function spawnWorker(name: keyof typeof SOURCES, workerData: unknown, transferList: Transferable[] = []): Worker {
  const js = new URL(`./${name}.js`, import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js, { workerData, transferList });
  // The ESM build of tsx's API; resolving 'tsx/esm/api' from here would pick its CommonJS twin.
  const tsxApi = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const entry = new URL(SOURCES[name], import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData, transferList });
}

/** A connection to a file, which another thread can open too; an in-memory database (tests) cannot be shared. */
export const isFileDatabase = (db: Db): boolean => !db.raw.memory && db.raw.name !== '' && db.raw.name !== ':memory:';
