// What `npm start` has to do, decided from what is already on disk. Pure functions, so tests can check every case.
import { join } from 'node:path';

/** Electron's headers, needed to compile better-sqlite3 against Electron's V8. */
export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';

/** The better-sqlite3 addon built for this Electron, outside node_modules so Node's own build stays in place. */
export function nativeBindingPath({ root, electronVersion }) {
  return join(root, '.cache', 'electron-native', electronVersion, 'better_sqlite3.node');
}

export function planStart({ root, electronVersion, hasElectronBinary, hasNativeBuild }) {
  const nativeBinding = nativeBindingPath({ root, electronVersion });
  return [
    ...(hasElectronBinary ? [] : [{ kind: 'fetch-electron', electronVersion }]),
    ...(hasNativeBuild ? [] : [{ kind: 'build-native', electronVersion, target: nativeBinding }]),
    { kind: 'build-app' },
    { kind: 'launch', nativeBinding },
  ];
}

export function describeStep(step) {
  switch (step.kind) {
    case 'fetch-electron':
      return `Fetching the Electron ${step.electronVersion} binary (npm install skipped it): node node_modules/electron/install.js`;
    case 'build-native':
      return `Building better-sqlite3 for Electron ${step.electronVersion} into ${step.target} (node_modules stays built for Node)`;
    case 'build-app':
      return 'Building the station: electron-vite build';
    case 'launch':
      return `Launching Lanyard with LANYARD_NATIVE_BINDING=${step.nativeBinding}`;
  }
  throw new Error(`unknown step ${JSON.stringify(step)}`);
}

export function failureMessage(step, { status }) {
  switch (step.kind) {
    case 'fetch-electron':
      return `no internet: cannot fetch the Electron ${step.electronVersion} binary (install.js exited with ${status}). Connect to the internet and run \`npm start\` again.`;
    case 'build-native':
      return `cannot build better-sqlite3 for Electron ${step.electronVersion}: no prebuilt addon could be downloaded and compiling it failed. Compiling needs internet (for Electron's headers), Python 3, make and a C++ compiler.`;
    case 'build-app':
      return `the build failed (electron-vite build exited with ${status}); see the errors above.`;
    case 'launch':
      return `Lanyard exited with code ${status}.`;
  }
  throw new Error(`unknown step ${JSON.stringify(step)}`);
}

/** The environment for Electron's install script: without the skip flag a CI or `npm ci` may have set. */
export function fetchElectronEnv(env) {
  const { ELECTRON_SKIP_BINARY_DOWNLOAD: _skip, npm_config_electron_skip_binary_download: _npmSkip, ...rest } = env;
  return rest;
}

/** The environment for the station: our addon, and never ELECTRON_RUN_AS_NODE (set by some editors' terminals), which would start plain Node. */
export function launchEnv(env, nativeBinding) {
  const { ELECTRON_RUN_AS_NODE: _asNode, ...rest } = env;
  return { ...rest, LANYARD_NATIVE_BINDING: nativeBinding };
}

/** Ways to get better-sqlite3 for Electron, run inside a copy of the package: a prebuilt download first, then a compile. */
export function nativeBuildAttempts({ root, node, electronVersion, platform, arch }) {
  const electronTarget = [`--runtime=electron`, `--target=${electronVersion}`, `--arch=${arch}`];
  return [
    {
      name: 'download a prebuilt addon',
      command: node,
      args: [join(root, 'node_modules', 'prebuild-install', 'bin.js'), ...electronTarget, `--platform=${platform}`, '--verbose'],
    },
    {
      name: 'compile with node-gyp',
      command: node,
      args: [join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'), 'rebuild', '--release', ...electronTarget, `--dist-url=${ELECTRON_HEADERS_URL}`],
    },
  ];
}
