// `npm start`: fetch Electron if npm skipped it, build better-sqlite3 for Electron beside node_modules, build, launch.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeStep, failureMessage, fetchElectronEnv, launchEnv, nativeBuildAttempts, nativeBindingPath, planStart } from './start-plan.js';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const electronDir = join(root, 'node_modules', 'electron');

const say = (line) => console.log(`lanyard start: ${line}`);

function fail(message) {
  console.error(`lanyard start: ${message}`);
  process.exit(1);
}

function electronVersion() {
  const manifest = join(electronDir, 'package.json');
  if (!existsSync(manifest)) fail('the electron package is missing; run `npm install` first.');
  return JSON.parse(readFileSync(manifest, 'utf8')).version;
}

/** path.txt names the executable inside dist/; both exist once the binary has been fetched. */
function hasElectronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  return existsSync(pathFile) && existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()));
}

function run(command, args, options = {}) {
  return spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options }).status;
}

/** Builds in a throw-away copy of the package, so node_modules/better-sqlite3 keeps its Node build for tests and the CLI. */
function buildNative(step) {
  const workRoot = join(root, '.cache', 'electron-native');
  mkdirSync(workRoot, { recursive: true });
  const work = mkdtempSync(join(workRoot, `build-${step.electronVersion}-`));
  const source = join(root, 'node_modules', 'better-sqlite3');
  const moduleDir = join(work, 'better-sqlite3');
  try {
    cpSync(source, moduleDir, { recursive: true, filter: (path) => path !== join(source, 'build') });
    const built = join(moduleDir, 'build', 'Release', 'better_sqlite3.node');
    const attempts = nativeBuildAttempts({ root, node: process.execPath, electronVersion: step.electronVersion, platform: process.platform, arch: process.arch });
    for (const attempt of attempts) {
      say(`better-sqlite3: ${attempt.name}`);
      if (run(attempt.command, attempt.args, { cwd: moduleDir }) === 0 && existsSync(built)) {
        mkdirSync(dirname(step.target), { recursive: true });
        // Copied then renamed, so a half-written addon is never taken for a finished one.
        copyFileSync(built, `${step.target}.partial`);
        renameSync(`${step.target}.partial`, step.target);
        return 0;
      }
    }
    return 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function perform(step) {
  switch (step.kind) {
    case 'fetch-electron': {
      const status = run(process.execPath, [join(electronDir, 'install.js')], { env: fetchElectronEnv(process.env) });
      if (status === 0 && hasElectronBinary()) return 0;
      return status || 1;
    }
    case 'build-native':
      return buildNative(step);
    case 'build-app':
      return run(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build']);
    case 'launch':
      return run(process.execPath, [join(electronDir, 'cli.js'), root], { env: launchEnv(process.env, step.nativeBinding) });
  }
  throw new Error(`unknown step ${step.kind}`);
}

const version = electronVersion();
const steps = planStart({
  root,
  electronVersion: version,
  hasElectronBinary: hasElectronBinary(),
  hasNativeBuild: existsSync(nativeBindingPath({ root, electronVersion: version })),
});
for (const step of steps) {
  say(describeStep(step));
  const status = perform(step);
  if (status !== 0) fail(failureMessage(step, { status }));
}
