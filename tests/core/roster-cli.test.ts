import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lanyard } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'lanyard-export-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lanyard export', () => {
  const db = join(dir, 'e.db');

  it('writes the masked roster as CSV, the format taken from the file name', () => {
    expect(lanyard('init', '--db', db).code).toBe(0);
    expect(lanyard('demo', '--db', db, '--attendees', '120').code).toBe(0);
    const out = join(dir, 'roster.csv');
    const r = lanyard('export', '--db', db, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ out, rows: 120, format: 'csv', masked: true });
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toMatch(/,1[3-9]\d\*{4}\d{4},/);
  });

  it("writes an activity's attendance as unmasked XLSX", () => {
    const out = join(dir, 'forum-2.xlsx');
    const r = lanyard('export', '--db', db, '--out', out, '--activity', 'forum-2', '--unmasked');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ out, format: 'xlsx', masked: false });
    expect(readFileSync(out).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('refuses a file name that is neither .csv nor .xlsx', () => {
    const r = lanyard('export', '--db', db, '--out', join(dir, 'roster.txt'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out FILE.csv');
  });
});
