import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { lanyard } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'lanyard-cli-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

describe('lanyard import of the files organisers have', () => {
  const db = join(dir, 'e.db');

  it('imports a Big5 Hong Kong list; `lanyard search 陈大文` finds 陳大文, stored as written', () => {
    expect(lanyard('init', '--db', db).code).toBe(0);
    const imported = lanyard('import', join(FIXTURES, 'hk-media-big5.csv'), '--db', db);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ encoding: 'big5', delimiter: ',', created: 4, skipped: 0 });
    const found = lanyard('search', '陈大文', '--db', db);
    expect(found.code, found.stderr).toBe(0);
    expect((JSON.parse(found.stdout) as Array<{ nameZh: string }>).map((h) => h.nameZh)).toEqual(['陳大文']);
    const raw = new BetterSqlite3(db, { readonly: true });
    expect(raw.prepare("SELECT name_zh FROM attendee WHERE name_en = 'Chan Tai Man'").pluck().get()).toBe('陳大文');
    raw.close();
  });

  it('dry run of a file with no name column names the headers and the likeliest name columns; the commit exits 1 and changes nothing', () => {
    const file = join(dir, 'press.csv');
    writeFileSync(file, 'Delegate,Outlet,Mobile\r\nAnna Schmidt,Deutsche Welle,+49 30 1234567\r\nKenji Watanabe,NHK World,+81 90 1234 5678\r\n');
    const dry = lanyard('import', file, '--db', db, '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    const report = JSON.parse(dry.stdout) as { headers: string[]; nameCandidates: string[] };
    expect(report).toMatchObject({ headers: ['Delegate', 'Outlet', 'Mobile'], created: 0, skipped: 2 });
    expect(report.nameCandidates[0]).toBe('Delegate');
    const commit = lanyard('import', file, '--db', db);
    expect(commit.code).toBe(1);
    expect(commit.stderr).toContain('no column is mapped to a name');
    expect(commit.stderr).toContain('Headers found: Delegate, Outlet, Mobile');
    const mapping = join(dir, 'press.mapping.json');
    writeFileSync(mapping, JSON.stringify({ Delegate: 'nameEn', Outlet: 'orgEn' }));
    const mapped = lanyard('import', file, '--db', db, '--mapping', mapping);
    expect(mapped.code, mapped.stderr).toBe(0);
    expect(JSON.parse(mapped.stdout)).toMatchObject({ created: 2, skipped: 0 });
  });

  it('reads the wizard’s mapping file: columns, category words and encoding', () => {
    const file = join(dir, 'hk-press.csv');
    writeFileSync(file, Buffer.concat([Buffer.from('Name,Pass\r\n'), Buffer.from([0xb1, 0xe8, 0xb9, 0xce, 0xbc, 0xf6]), Buffer.from(',Press pass\r\n')]));
    const mapping = join(dir, 'hk-press.mapping.json');
    writeFileSync(mapping, JSON.stringify({ columns: { Name: 'nameZh', Pass: 'category' }, categories: { 'Press pass': 'media' }, encoding: 'euc-kr' }));
    const imported = lanyard('import', file, '--db', db, '--mapping', mapping);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ encoding: 'euc-kr', created: 1, skipped: 0 });
    writeFileSync(mapping, JSON.stringify({ columns: { Name: 'shoe size' } }));
    const wrong = lanyard('import', file, '--db', db, '--mapping', mapping);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('is not a mapping file');
  });

  it('takes the encoding the user chose where the detector was unsure', () => {
    const file = join(dir, 'korean.csv');
    // 김민수 in EUC-KR: three byte pairs GB18030 reads as everyday Chinese too.
    const bytes = Buffer.concat([Buffer.from('Name,Org\r\n'), Buffer.from([0xb1, 0xe8, 0xb9, 0xce, 0xbc, 0xf6]), Buffer.from(',KBS\r\n')]);
    writeFileSync(file, bytes);
    const dry = lanyard('import', file, '--db', db, '--dry-run');
    expect(JSON.parse(dry.stdout).encodingAlternatives.map((a: { encoding: string }) => a.encoding)).toContain('euc-kr');
    const chosen = lanyard('import', file, '--db', db, '--encoding', 'euc-kr');
    expect(chosen.code, chosen.stderr).toBe(0);
    expect(JSON.parse(chosen.stdout)).toMatchObject({ encoding: 'euc-kr', created: 1 });
    expect((JSON.parse(lanyard('search', 'KBS', '--db', db).stdout) as Array<{ nameZh: string }>).map((h) => h.nameZh)).toEqual(['김민수']);
  });
});
