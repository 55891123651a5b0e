// Types for cli-build.js, so the configs and tests that use it are type-checked like the rest.
import type { Plugin } from 'vite';

export const CLI_OUT: string;
export const WORKER_ENTRIES: Record<string, string>;
export function cliStaging(root: string): string;
export function cliOutput(root: string, configFiles: string[]): Plugin;
export function cliBuildProblem(root: string): string | null;
