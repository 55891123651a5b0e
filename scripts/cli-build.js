// The command line's build (vite.cli.config.ts → out/cli) and how bin/lanyard.js tells it is current. Plain JavaScript:
// bin/lanyard.js reads it at every start, before anything is compiled.
import { existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Where the command line is built, relative to the project. */
export const CLI_OUT = 'out/cli';

/** Beside the bundle: when it was built and from which files (path → size), for a cheap look at every start. */
const SOURCES = 'sources.json';

/** The worker entries each Node bundle carries beside its own entries: threads.ts starts `<name>.js` from beside itself. */
export const WORKER_ENTRIES = {
  worker: 'src/main/core/import/worker.ts',
  'parse-worker': 'src/main/core/import/parse-worker.ts',
  'badge-worker': 'src/main/core/badges/worker.ts',
  'sync-worker': 'src/main/core/sync/worker.ts',
};

/** Where a build is written before it takes the place of the last one. */
export const cliStaging = (root) => join(root, `${CLI_OUT}.next-${process.pid}`);

/**
 * A Vite plugin that writes sources.json (every project file in the bundle, and the config files, with its size) and
 * then puts the build in the place of the last one: moved in whole, so a command started meanwhile (a test run beside
 * this build) finds the old build, none (and runs from source), or the new one, never a half-written one.
 */
export function cliOutput(root, configFiles) {
  let builtAt = 0;
  return {
    name: 'lanyard-cli-output',
    buildStart() {
      // Taken before any file is read: a file saved during the build counts as changed after it.
      builtAt = Date.now();
    },
    generateBundle(_options, bundle) {
      const files = new Set(configFiles);
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        for (const id of chunk.moduleIds) {
          const file = relative(root, id);
          if (!id.startsWith('\0') && !file.startsWith('..') && !file.split(sep).includes('node_modules')) files.add(file.split(sep).join('/'));
        }
      }
      const sizes = Object.fromEntries([...files].sort().map((file) => [file, statSync(join(root, file)).size]));
      this.emitFile({ type: 'asset', fileName: SOURCES, source: `${JSON.stringify({ builtAt, files: sizes }, null, 1)}\n` });
    },
    closeBundle() {
      const out = join(root, CLI_OUT);
      const old = `${out}.old-${process.pid}`;
      if (existsSync(out)) renameSync(out, old);
      renameSync(cliStaging(root), out);
      rmSync(old, { recursive: true, force: true });
    },
  };
}

/**
 * Why the build in out/cli is not the code in the project now, or null when it is: no build, or a file it was built
 * from changed since (a later modification time or another size). One stat a file, ~1 ms for the CLI's ~150.
 */
export function cliBuildProblem(root) {
  let built;
  try {
    built = JSON.parse(readFileSync(join(root, CLI_OUT, SOURCES), 'utf8'));
  } catch {
    return `there is no build in ${CLI_OUT}`;
  }
  for (const [file, size] of Object.entries(built.files)) {
    const stat = statSync(join(root, file), { throwIfNoEntry: false });
    if (stat === undefined) return `${file} is gone since ${CLI_OUT} was built`;
    if (stat.mtimeMs > built.builtAt || stat.size !== size) return `${file} changed since ${CLI_OUT} was built`;
  }
  return null;
}
