import { resolve } from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { cliBuildProblem } from '../../scripts/cli-build.js';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Builds the command line into out/cli when it is missing or older than the source, so tests and benches run the
 * built JavaScript a user runs, as the source is now (bin/lanyard.js would fall back to tsx: right, but slow).
 */
export async function ensureCliBuilt(): Promise<void> {
  const problem = cliBuildProblem(ROOT);
  if (problem === null) return;
  const started = Date.now();
  await build({ configFile: resolve(ROOT, 'vite.cli.config.ts'), logLevel: 'warn' });
  const still = cliBuildProblem(ROOT);
  if (still !== null) throw new Error(`the command line was built, yet ${still}`);
  console.log(`cli: built out/cli in ${((Date.now() - started) / 1000).toFixed(1)} s (${problem})`);
}

/** The test run's global setup: the command line built before the first test, and again before a watch rerun. */
export default async function setup(project: TestProject): Promise<void> {
  await ensureCliBuilt();
  project.onTestsRerun(ensureCliBuilt);
}
