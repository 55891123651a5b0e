import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lanyard } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'lanyard-import-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface CliReport {
  encoding: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  committed: boolean;
  issues: Array<{ line: number; field: string | null; code: string; message: string }>;
}

describe('lanyard import', () => {
  const db = join(dir, 'e.db');
  const gb = 'tests/fixtures/registration-gb18030.csv';

  it('prints the dry-run report as JSON, changes nothing, then commits, and a second run finds everything unchanged', () => {
    expect(lanyard('init', '--db', db).code).toBe(0);
    const dry = lanyard('import', gb, '--db', db, '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    const report = JSON.parse(dry.stdout) as CliReport;
    expect(report).toMatchObject({ encoding: 'gb18030', rows: 10, created: 6, updated: 0, unchanged: 0, skipped: 4, committed: false });
    expect(report.issues.find((i) => i.code === 'name_missing')).toEqual({ line: 6, field: 'nameZh', code: 'name_missing', severity: 'error', message: 'No name; the row was not imported' });

    const commit = JSON.parse(lanyard('import', gb, '--db', db).stdout) as CliReport;
    expect(commit).toMatchObject({ created: 6, committed: true });
    const again = JSON.parse(lanyard('import', gb, '--db', db).stdout) as CliReport;
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 6, skipped: 4 });
  });

  it('takes a saved mapping for columns it cannot name itself', () => {
    const csv = join(dir, 'de.csv');
    const mapping = join(dir, 'mapping.json');
    writeFileSync(csv, 'Teilnehmer,Firma,Kategorie\nAna Müller,ZDF,Media\n');
    writeFileSync(mapping, JSON.stringify({ Teilnehmer: 'nameZh', Firma: 'orgZh', Kategorie: 'category' }));
    const r = lanyard('import', csv, '--db', db, '--dry-run', '--mapping', mapping);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 1, created: 1, skipped: 0 });
  });

  it('exits non-zero with a message on a missing or unreadable file', () => {
    expect(lanyard('import', join(dir, 'nope.csv'), '--db', db).code).not.toBe(0);
    const broken = join(dir, 'broken.xlsx');
    writeFileSync(broken, Buffer.from('PK\u0003\u0004not a workbook'));
    const r = lanyard('import', broken, '--db', db);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not a readable XLSX workbook');
  });
});
