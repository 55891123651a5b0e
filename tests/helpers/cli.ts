import { spawnSync } from 'node:child_process';

/** Runs the `lanyard` command line as a user would, in a process of its own; never throws on a non-zero exit. */
export function lanyard(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/lanyard.js', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
