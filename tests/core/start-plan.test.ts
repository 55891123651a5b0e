import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeStep,
  ELECTRON_HEADERS_URL,
  failureMessage,
  fetchElectronEnv,
  launchEnv,
  nativeBindingPath,
  nativeBuildAttempts,
  planStart,
} from '../../scripts/start-plan.js';

const root = join('/home', 'dev', 'lanyard');
const addon = join(root, '.cache', 'electron-native', '45.5.0', 'better_sqlite3.node');

describe('what npm start does', () => {
  it('on a fresh clone fetches Electron, builds the addon for it, builds the app and launches it', () => {
    const steps = planStart({ root, electronVersion: '45.5.0', hasElectronBinary: false, hasNativeBuild: false });
    expect(steps).toEqual([
      { kind: 'fetch-electron', electronVersion: '45.5.0' },
      { kind: 'build-native', electronVersion: '45.5.0', target: addon },
      { kind: 'build-app' },
      { kind: 'launch', nativeBinding: addon },
    ]);
  });

  it('skips the download and the addon build when both are already there', () => {
    const steps = planStart({ root, electronVersion: '45.5.0', hasElectronBinary: true, hasNativeBuild: true });
    expect(steps.map((s) => s.kind)).toEqual(['build-app', 'launch']);
  });

  it('builds the addon again after an Electron upgrade, under the new version', () => {
    const steps = planStart({ root, electronVersion: '46.0.0', hasElectronBinary: true, hasNativeBuild: false });
    expect(steps[0]).toEqual({ kind: 'build-native', electronVersion: '46.0.0', target: join(root, '.cache', 'electron-native', '46.0.0', 'better_sqlite3.node') });
  });

  it('keeps the Electron addon out of node_modules, so tests and the CLI keep the Node build', () => {
    const path = nativeBindingPath({ root, electronVersion: '45.5.0' });
    expect(path).toBe(addon);
    expect(path).not.toContain('node_modules');
  });

  it('says what each step does before doing it', () => {
    const steps = planStart({ root, electronVersion: '45.5.0', hasElectronBinary: false, hasNativeBuild: false });
    const lines = steps.map(describeStep);
    expect(lines[0]).toContain('node node_modules/electron/install.js');
    expect(lines[1]).toContain(addon);
    expect(lines[2]).toContain('electron-vite build');
    expect(lines[3]).toContain(`LANYARD_NATIVE_BINDING=${addon}`);
  });
});

describe('the environments it runs things in', () => {
  it('fetches Electron without the skip flag npm install was given, keeping the rest', () => {
    const env = fetchElectronEnv({ PATH: '/usr/bin', ELECTRON_SKIP_BINARY_DOWNLOAD: '1', npm_config_electron_skip_binary_download: 'true' });
    expect(env).toEqual({ PATH: '/usr/bin' });
  });

  it('launches with the addon path and never as plain Node', () => {
    const env = launchEnv({ PATH: '/usr/bin', ELECTRON_RUN_AS_NODE: '1' }, addon);
    expect(env).toEqual({ PATH: '/usr/bin', LANYARD_NATIVE_BINDING: addon });
  });
});

describe('building better-sqlite3 for Electron', () => {
  const attempts = nativeBuildAttempts({ root, node: '/usr/bin/node', electronVersion: '45.5.0', platform: 'linux', arch: 'x64' });

  it('tries a prebuilt addon first and compiles only if that fails', () => {
    expect(attempts.map((a) => a.name)).toEqual(['download a prebuilt addon', 'compile with node-gyp']);
    expect(attempts[0]?.args[0]).toBe(join(root, 'node_modules', 'prebuild-install', 'bin.js'));
    expect(attempts[1]?.args.slice(0, 3)).toEqual([join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'), 'rebuild', '--release']);
  });

  it('targets Electron’s ABI, not Node’s, in both attempts', () => {
    for (const attempt of attempts) {
      expect(attempt.command).toBe('/usr/bin/node');
      expect(attempt.args).toEqual(expect.arrayContaining(['--runtime=electron', '--target=45.5.0', '--arch=x64']));
    }
    expect(attempts[1]?.args).toContain(`--dist-url=${ELECTRON_HEADERS_URL}`);
  });
});

describe('when a step fails', () => {
  it('says plainly that there is no internet for the Electron binary', () => {
    expect(failureMessage({ kind: 'fetch-electron', electronVersion: '45.5.0' }, { status: 1 })).toMatch(/^no internet: cannot fetch the Electron 45\.5\.0 binary/);
  });

  it('names what compiling the addon needs', () => {
    const message = failureMessage({ kind: 'build-native', electronVersion: '45.5.0', target: addon }, { status: 1 });
    expect(message).toContain('better-sqlite3');
    expect(message).toMatch(/Python 3.*C\+\+ compiler/);
  });

  it('points at the build errors and at the exit code of the station', () => {
    expect(failureMessage({ kind: 'build-app' }, { status: 2 })).toContain('exited with 2');
    expect(failureMessage({ kind: 'launch', nativeBinding: addon }, { status: 3 })).toContain('code 3');
  });
});
