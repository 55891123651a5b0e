import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliBuildProblem } from '../../scripts/cli-build.js';
import { lanyard } from '../helpers/cli';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'lanyard-cli-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `lanyard` as a user does, noting every module the process and its threads load. */
function lanyardLoading(...args: string[]): { code: number | null; stdout: string; loaded: string[] } {
  const log = join(dir, `loads-${args[0]}.txt`);
  const r = spawnSync(process.execPath, ['--import', join(ROOT, 'tests/helpers/record-loads.mjs'), join(ROOT, 'bin/lanyard.js'), ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, LANYARD_LOAD_LOG: log },
  });
  if (r.status !== 0) throw new Error(`lanyard ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { code: r.status, stdout: r.stdout, loaded: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

const loadedPackage = (loaded: string[], name: string) => loaded.some((m) => m.includes(`/node_modules/${name}/`));

describe('the lanyard command line, as npx runs it', () => {
  const db = join(dir, 'e.db');

  it('runs the built JavaScript: no tsx and no TypeScript at start, and `info` loads no badge, pinyin or spreadsheet library', () => {
    expect(lanyard('init', '--db', db).code).toBe(0);
    const info = lanyardLoading('info', '--db', db);
    expect(JSON.parse(info.stdout)).toMatchObject({ event: { id: 'cnmc-2024' } });
    expect(info.loaded).toContain(`file://${ROOT}/out/cli/lanyard.js`);
    expect(loadedPackage(info.loaded, 'tsx')).toBe(false);
    expect(info.loaded.filter((m) => m.endsWith('.ts'))).toEqual([]);
    for (const heavy of ['pdfkit', 'fontkit', 'qrcode', 'pinyin-pro', 'exceljs']) expect(loadedPackage(info.loaded, heavy), heavy).toBe(false);
  });

  it('makes `badge --all` on a badge thread', () => {
    expect(lanyard('demo', '--db', db, '--attendees', '60').code).toBe(0);
    const out = join(dir, 'all.pdf');
    const badge = lanyardLoading('badge', '--db', db, '--all', '--out', out);
    expect(JSON.parse(badge.stdout)).toMatchObject({ out, badges: 60, pages: 60 });
    expect(badge.loaded).toContain(`file://${ROOT}/out/cli/badge-worker.js`);
  });
});

describe('whether the build in out/cli is the source as it is now', () => {
  const root = join(dir, 'project');
  mkdirSync(join(root, 'out/cli'), { recursive: true });
  mkdirSync(join(root, 'src'), { recursive: true });
  const source = join(root, 'src/a.ts');
  const built = (at: Date) => writeFileSync(join(root, 'out/cli/sources.json'), JSON.stringify({ builtAt: at.getTime(), files: { 'src/a.ts': 13 } }));

  it('is when every file it was built from is as it was', () => {
    writeFileSync(source, 'export {};\n//');
    utimesSync(source, new Date('2024-10-01T00:00:00Z'), new Date('2024-10-01T00:00:00Z'));
    built(new Date('2024-10-02T00:00:00Z'));
    expect(cliBuildProblem(root)).toBeNull();
  });

  it('is not when a file was saved after the build, changed size, or is gone, or when there is no build', () => {
    utimesSync(source, new Date('2024-10-03T00:00:00Z'), new Date('2024-10-03T00:00:00Z'));
    expect(cliBuildProblem(root)).toBe('src/a.ts changed since out/cli was built');
    writeFileSync(source, 'export {};\n// longer');
    utimesSync(source, new Date('2024-10-01T00:00:00Z'), new Date('2024-10-01T00:00:00Z'));
    expect(cliBuildProblem(root)).toBe('src/a.ts changed since out/cli was built');
    rmSync(source);
    expect(cliBuildProblem(root)).toBe('src/a.ts is gone since out/cli was built');
    rmSync(join(root, 'out/cli/sources.json'));
    expect(cliBuildProblem(root)).toBe('there is no build in out/cli');
  });
});
