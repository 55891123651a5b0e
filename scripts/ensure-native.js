// Run before `npm test` and `npm run bench`: puts back Node's build of better-sqlite3 if something rebuilt it for Electron.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** The error from opening a database, or null; the addon is loaded lazily, on the first open. */
function loadProblem() {
  try {
    const Database = require('better-sqlite3');
    new Database(':memory:').close();
    return null;
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

/** Checked in a fresh process: this one may still hold the addon it failed to load. */
function loadsInFreshNode() {
  const check = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: root, stdio: 'inherit' });
  return check.status === 0;
}

const builtForAnotherRuntime = (error) => /NODE_MODULE_VERSION|compiled against a different Node\.js version/.test(error.message);

const problem = loadProblem();
if (problem !== null) {
  if (!builtForAnotherRuntime(problem)) {
    console.error(`ensure-native: better-sqlite3 does not load under Node ${process.version}: ${problem.message}`);
    process.exit(1);
  }
  console.log(`ensure-native: better-sqlite3 is built for another runtime (Electron?); rebuilding it for Node ${process.version} with \`npm rebuild better-sqlite3\``);
  const { status } = spawnSync('npm', ['rebuild', 'better-sqlite3'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (status !== 0 || !loadsInFreshNode()) {
    console.error('ensure-native: the rebuild did not help; see the errors above');
    process.exit(1);
  }
}
