// Types for start-plan.js, so the tests of `npm start`'s decisions are type-checked like the rest.
export type StartStep =
  | { kind: 'fetch-electron'; electronVersion: string }
  | { kind: 'build-native'; electronVersion: string; target: string }
  | { kind: 'build-app' }
  | { kind: 'launch'; nativeBinding: string };

export interface NativeBuildAttempt {
  name: string;
  command: string;
  args: string[];
}

type Env = Record<string, string | undefined>;

export const ELECTRON_HEADERS_URL: string;
export function nativeBindingPath(input: { root: string; electronVersion: string }): string;
export function planStart(input: { root: string; electronVersion: string; hasElectronBinary: boolean; hasNativeBuild: boolean }): StartStep[];
export function describeStep(step: StartStep): string;
export function failureMessage(step: StartStep, outcome: { status: number | null }): string;
export function fetchElectronEnv(env: Env): Env;
export function launchEnv(env: Env, nativeBinding: string): Env;
export function nativeBuildAttempts(input: { root: string; node: string; electronVersion: string; platform: string; arch: string }): NativeBuildAttempt[];
