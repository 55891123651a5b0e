import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { openDatabase } from '../src/main/core/db/open';
import { generateDemoAttendees } from '../src/main/core/demo/generate';
import { cnmc2024 } from '../src/main/core/event/cnmc2024';
import { planImport } from '../src/main/core/import/plan';
import { secondaryIndexes } from '../src/main/core/roster/repo';
import { storedSearchTerms } from '../src/main/core/search/repo';
import { initEvent } from '../src/main/core/services';
import type { AttendeeRecord } from '../src/shared/attendee';
import type { EventFile } from '../src/shared/event';
import type { Measurement, Scenario } from './harness';
import { ms, round } from './harness';

const ROWS = 100_000;
/** A smaller sheet of the same rows: peak memory at two sizes shows whether it grows with the file. */
const SMALL_ROWS = 20_000;
const SCENARIO = 'import.100k';
const HEADERS = ['编号', '姓名', '英文名', '工作单位', '单位英文', '职务', '手机号码', '证件类型', '证件号码', '参会类别', '参加活动', '邮箱', '备注', '票号'];
const DOCUMENT_TYPE_ZH = { cn_id: '身份证', hk_mo_permit: '港澳通行证', tw_permit: '台胞证', passport: '护照', other: '其他' } as const;

/** A demo attendee as a Chinese registration system exports it: Chinese names for categories and activities. */
function exportRow(a: AttendeeRecord, event: EventFile): string[] {
  const category = event.categories.find((c) => c.id === a.categoryId)!.name.zh;
  const activities = a.registrations.map((id) => event.activities.find((x) => x.id === id)!.shortTitle.zh).join('、');
  return [
    a.externalId ?? '',
    a.nameZh ?? a.nameEn ?? '',
    a.nameEn ?? '',
    a.orgZh ?? '',
    a.orgEn ?? '',
    a.title ?? '',
    a.phone ?? '',
    a.documentType ? DOCUMENT_TYPE_ZH[a.documentType] : '',
    a.documentNumber ?? '',
    category,
    activities,
    a.email ?? '',
    a.attention ?? '',
    a.ticketCodes.join(' '),
  ];
}

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csvText = (rows: string[][]) => `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;

async function writeXlsx(file: string, rows: string[][]): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = workbook.addWorksheet('报名表');
  for (const row of rows) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
}

function freshDb(file: string, event: EventFile) {
  const db = openDatabase(file);
  initEvent(db, event, new Date());
  return db;
}

function sqliteShellImport(dir: string, csvFile: string): number {
  const t = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/sqlite3', [join(dir, 'shell.db'), '.mode csv', `.import ${csvFile} t`], { encoding: 'utf8' });
  const elapsed = ms(t);
  if (r.status !== 0) throw new Error(`sqlite3 .import failed: ${r.stderr}`);
  return elapsed;
}

/**
 * What SQLite alone takes to store what an import stores: the rows of `importedFile` (attendees, registrations,
 * ticket codes) and their search terms are staged in plain tables first (not timed), then copied into a fresh event
 * database by INSERT … SELECT, with the same indexes dropped and rebuilt and the same terms written to FTS5, in one
 * transaction with WAL and synchronous=FULL. No parsing, validation, pinyin or per-row JavaScript: no import of
 * these rows into this schema can take less.
 */
function sqlOnlyFloor(dir: string, importedFile: string, event: EventFile): number {
  const stagedFile = join(dir, 'staged.db');
  const source = openDatabase(importedFile);
  // The attendee columns a row is written with: a generated one (phone_tail) is SQLite's to compute.
  const columns = (source.raw.prepare(`SELECT name FROM pragma_table_xinfo('attendee') WHERE hidden = 0`).all() as Array<{ name: string }>).map((c) => c.name).join(', ');
  source.raw.exec(`ATTACH '${stagedFile}' AS staged;
    CREATE TABLE staged.attendee AS SELECT ${columns} FROM attendee ORDER BY rowid;
    CREATE TABLE staged.registration AS SELECT * FROM registration;
    CREATE TABLE staged.ticket_code AS SELECT * FROM ticket_code;
    CREATE TABLE staged.terms (id INTEGER PRIMARY KEY, terms TEXT NOT NULL);`);
  const addTerms = source.raw.prepare('INSERT INTO staged.terms (id, terms) VALUES (?, ?)');
  const terms = storedSearchTerms(source);
  source.raw.transaction(() => {
    for (const { searchId, terms: text } of terms) addTerms.run(searchId, text);
  })();
  source.close();

  const db = freshDb(join(dir, 'floor.db'), event);
  db.raw.exec(`ATTACH '${stagedFile}' AS staged`);
  const t = process.hrtime.bigint();
  db.raw.exec('BEGIN IMMEDIATE');
  const indexes = secondaryIndexes(db);
  for (const index of indexes) db.raw.exec(`DROP INDEX "${index.name}"`);
  db.raw.exec(`INSERT INTO attendee (${columns}) SELECT ${columns} FROM staged.attendee;
    INSERT INTO registration SELECT * FROM staged.registration ORDER BY 1, 2;
    INSERT INTO ticket_code SELECT * FROM staged.ticket_code ORDER BY 1;`);
  for (const index of indexes) db.raw.exec(index.sql);
  db.raw.exec(`INSERT INTO attendee_search (rowid, terms) SELECT id, terms FROM staged.terms ORDER BY id; COMMIT`);
  const elapsed = ms(t);
  db.close();
  return elapsed;
}

interface ChildImport {
  ms: number;
  created: number;
  skipped: number;
  maxRssMiB: number;
}

/** Imports in a fresh process, so the peak memory is the import's own and not the bench's generated data. */
/** `dbFile` '--read-only' only streams an XLSX's rows through the import's reader, '--read-only-exceljs' through exceljs. */
function importInChild(file: string, dbFile: string): ChildImport {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'import-child.ts'), file, dbFile], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`import child failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as ChildImport;
}

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

export const importScenario: Scenario = {
  name: SCENARIO,
  run: async (): Promise<Measurement[]> => {
    const dir = mkdtempSync(join(tmpdir(), 'lanyard-bench-import-'));
    try {
      const event = cnmc2024();
      const rows = [HEADERS, ...generateDemoAttendees({ event, count: ROWS }).map((a) => exportRow(a, event))];
      const utf8File = join(dir, 'roster-utf8.csv');
      writeFileSync(utf8File, csvText(rows.slice(1)));
      const gb = iconv.encode(csvText(rows), 'gb18030');
      const gbFile = join(dir, 'roster-gb18030.csv');
      writeFileSync(gbFile, gb);
      const xlsxFile = join(dir, 'roster.xlsx');
      await writeXlsx(xlsxFile, rows);
      const smallXlsxFile = join(dir, 'roster-20k.xlsx');
      await writeXlsx(smallXlsxFile, rows.slice(0, SMALL_ROWS + 1));

      const t = process.hrtime.bigint();
      const previewDb = freshDb(join(dir, 'preview.db'), event);
      const preview = await planImport({ db: previewDb, bytes: gb, fileName: 'roster.csv' });
      const previewMs = ms(t);
      previewDb.close();

      const csv = importInChild(gbFile, join(dir, 'csv.db'));
      const shellMs = sqliteShellImport(dir, utf8File);
      const floorMs = sqlOnlyFloor(dir, join(dir, 'csv.db'), event);
      const xlsx = importInChild(xlsxFile, join(dir, 'xlsx.db'));
      const exceljsOnly = importInChild(xlsxFile, '--read-only-exceljs');
      const ownRead = importInChild(xlsxFile, '--read-only');
      const smallXlsx = importInChild(smallXlsxFile, join(dir, 'xlsx-20k.db'));
      const slopeKiB = ((xlsx.maxRssMiB - smallXlsx.maxRssMiB) * 1024) / (ROWS - SMALL_ROWS);

      const m = (metric: string, value: number, unit: string, extra: Partial<Measurement> = {}): Measurement => ({ scenario: SCENARIO, metric, value, unit, ...extra });
      return [
        m('GB18030 CSV file size', mib(gb.length), 'MiB'),
        m('dry run (decode, parse, validate, match) of 100k-row GB18030 CSV', round(previewMs, 1), 'ms'),
        m('import 100k-row GB18030 CSV: parse + validate + commit + index (WAL, synchronous=FULL; target ≤ 3000)', round(csv.ms, 1), 'ms', {
          reference: `sqlite3 shell .import of the same rows (UTF-8) ${round(shellMs, 1)} ms`,
          ratio: round(csv.ms / shellMs, 2),
        }),
        m('SQL-only floor: the same rows, indexes and search terms copied by INSERT … SELECT from a staged database (no parsing, no per-row JavaScript)', round(floorMs, 1), 'ms', {
          reference: `sqlite3 shell .import ${round(shellMs, 1)} ms; the CSV import is ${round(csv.ms / floorMs, 2)}× this floor`,
          ratio: round(floorMs / shellMs, 2),
        }),
        m('rows created / skipped (CSV)', csv.created, `created, ${csv.skipped} skipped`),
        m('peak RSS of a process doing only the CSV import', csv.maxRssMiB, 'MiB'),
        m('import 100k-row XLSX: stream read + validate + commit + index (target ≤ exceljs streaming read + 2000)', round(xlsx.ms, 1), 'ms', {
          reference: `exceljs streaming read of the same sheet alone ${round(exceljsOnly.ms, 1)} ms; the import is ${round(xlsx.ms - exceljsOnly.ms, 1)} ms over it`,
          ratio: round(xlsx.ms / exceljsOnly.ms, 2),
        }),
        m("the import's own sheet reader (import/sheet.ts) reading the same sheet alone", round(ownRead.ms, 1), 'ms', {
          reference: `exceljs streaming read ${round(exceljsOnly.ms, 1)} ms; the import is ${round(xlsx.ms - ownRead.ms, 1)} ms over its own reader`,
          ratio: round(ownRead.ms / exceljsOnly.ms, 2),
        }),
        m('rows created / skipped (XLSX)', xlsx.created, `created, ${xlsx.skipped} skipped`),
        m('peak RSS of a process doing only the XLSX import', xlsx.maxRssMiB, 'MiB', { reference: `20k-row XLSX import ${smallXlsx.maxRssMiB} MiB` }),
        m('peak RSS growth per XLSX row between 20k and 100k rows (0 = flat)', round(slopeKiB, 2), 'KiB/row'),
        m('dry-run issues on the demo export', preview.issues.length, 'issues'),
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
