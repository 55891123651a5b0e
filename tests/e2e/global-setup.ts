import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Chromium the browser tests drive, or null when none was found (then they are skipped, loudly). */
    chromiumPath: string | null;
  }
}

const ROOT = resolve(import.meta.dirname, '../..');
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium'];

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!executable(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  return CANDIDATES.find(executable) ?? null;
}

function buildRenderer(): void {
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/e2e/build-renderer.ts')], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`building the renderer failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  if (!existsSync(join(ROOT, 'out/renderer/index.html'))) throw new Error('the renderer build wrote no out/renderer/index.html');
  console.log(`e2e: renderer built into out/renderer in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const NO_CHROMIUM = [
  '',
  '#'.repeat(80),
  '#',
  '#   END-TO-END BROWSER TESTS WERE NOT RUN: no Chromium was found.',
  '#',
  `#   Looked at $CHROMIUM_PATH and ${CANDIDATES.join(', ')}.`,
  '#   Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.',
  '#   Only the HTTP-level checks of the e2e project ran.',
  '#',
  '#'.repeat(80),
  '',
].join('\n');

export default function setup(project: TestProject): (() => void) | undefined {
  const chromium = findChromium();
  if (!chromium && process.env.CI === 'true') throw new Error(`${NO_CHROMIUM}\nCI=true: a run without the browser tests is a failure.`);
  buildRenderer();
  project.provide('chromiumPath', chromium);
  if (chromium) {
    console.log(`e2e: driving ${chromium}`);
    return undefined;
  }
  console.warn(NO_CHROMIUM);
  // Said again after the run, where nobody can scroll past it.
  return () => console.warn(NO_CHROMIUM);
}
