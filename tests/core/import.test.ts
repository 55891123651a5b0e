import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/main/core/clock';
import { openDatabase } from '../../src/main/core/db/open';
import type { Db } from '../../src/main/core/db/sql';
import { sql } from '../../src/main/core/db/sql';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import type { ParseEvent } from '../../src/main/core/import/parse';
import { parseImport, parseImportEvents } from '../../src/main/core/import/parse';
import { commitParsed, importFile, startParseThread } from '../../src/main/core/import/pipeline';
import { commitImport, planImport } from '../../src/main/core/import/plan';
import { exceljsFirstSheet } from '../../src/main/core/import/xlsx';
import { createServices, initEvent } from '../../src/main/core/services';
import type { ImportJobStatus, ImportReport } from '../../src/shared/import';
import { IDS } from '../fixtures/make-fixtures';
import { CONFERENCE_MORNING, testStation } from '../helpers/core';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const FILES = ['registration-gb18030.csv', 'registration-utf8-bom.csv', 'registration-numbers.xlsx', 'registration-utf16le.txt', 'registration-mojibake.csv'];
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const input = (name: string, extra: object = {}) => ({ fileName: name, contentBase64: fixture(name).toString('base64'), ...extra });

const problems = (r: ImportReport) => r.issues.filter((i) => i.code !== 'column_ignored').map((i) => [i.line, i.field, i.code, i.severity]);

function attendeeByExternalId(db: Db, externalId: string) {
  return db.get<Record<string, unknown>>(sql`SELECT * FROM attendee WHERE external_id = ${externalId}`);
}

const registrationsOf = (db: Db, externalId: string) =>
  db.all<{ activity_id: string }>(sql`SELECT r.activity_id FROM registration r JOIN attendee a ON a.id = r.attendee_id WHERE a.external_id = ${externalId} ORDER BY 1`).map((r) => r.activity_id);

describe('a dry run over real-looking exports', () => {
  it('reads the GB18030 file with Chinese headers and reports every problem with its line and field', async () => {
    const s = testStation();
    const report = await planImport({ db: s.db, bytes: fixture('registration-gb18030.csv'), fileName: 'registration-gb18030.csv' });
    expect(report).toMatchObject({ encoding: 'gb18030', format: 'csv', rows: 10, created: 6, updated: 0, unchanged: 0, skipped: 4, committed: false });
    expect(problems(report)).toEqual([
      [6, 'nameZh', 'name_missing', 'error'],
      [7, 'category', 'category_unknown', 'error'],
      [8, 'activities', 'activity_unknown', 'error'],
      [9, 'documentNumber', 'id_scientific_notation', 'warning'],
      [10, 'documentNumber', 'id_excel_truncated', 'warning'],
      [11, 'externalId', 'duplicate_in_file', 'error'],
      [14, 'documentNumber', 'id_legacy_15', 'warning'],
    ]);
    expect(report.issues.find((i) => i.code === 'column_ignored')).toMatchObject({ line: 1, value: '微信号' });
    expect(report.issues.find((i) => i.line === 7)!.message.zh).toContain('类别');
  });

  it('reads the UTF-8 file with BOM and English headers, including a category and a title that hold commas', async () => {
    const s = testStation();
    const report = await planImport({ db: s.db, bytes: fixture('registration-utf8-bom.csv'), fileName: 'registration-utf8-bom.csv' });
    expect(report).toMatchObject({ encoding: 'utf-8-bom', rows: 5, created: 3, skipped: 2 });
    expect(report.mapping['Organization (English)']).toBe('orgEn');
    expect(report.mapping.Source).toBeNull();
    expect(problems(report)).toEqual([
      [5, 'phone', 'duplicate_in_file', 'error'],
      [6, 'activities', 'activity_unknown', 'error'],
    ]);
  });

  it('flags an 18-digit ID that the XLSX stored as a number, and keeps a 15-digit one', async () => {
    const s = testStation();
    const report = await planImport({ db: s.db, bytes: fixture('registration-numbers.xlsx'), fileName: 'registration-numbers.xlsx' });
    expect(report).toMatchObject({ format: 'xlsx', rows: 3, created: 3, skipped: 0 });
    expect(problems(report)).toEqual([
      [2, 'documentNumber', 'id_excel_truncated', 'warning'],
      [3, 'documentNumber', 'id_legacy_15', 'warning'],
    ]);
  });

  const SURNAMES = ['张', '王', '李', '赵', '欧阳', '𠮷', '单'];

  it('reads every Chinese character of a long XLSX, even one split across two zip chunks', async () => {
    const names = Array.from({ length: 6000 }, (_, i) => `${SURNAMES[i % SURNAMES.length]!}${'建国秀英志强'[i % 6]!}${'明华伟芳娜'[i % 5]!}${i}`);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('报名表');
    sheet.addRow(['姓名', '单位']);
    for (const name of names) sheet.addRow([name, `${name}所在的湖南广播电视台新闻中心`]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const parsed = await parseImport({ bytes, fileName: 'long.xlsx', event: cnmc2024() });
    expect(parsed.issues.filter((i) => i.code !== 'category_missing')).toEqual([]);
    expect(parsed.candidates.map((c) => c.values.nameZh)).toEqual(names);
    // exceljs, which reads the workbooks our own sheet reader leaves to it, decodes across its chunks too.
    const read: string[] = [];
    for await (const row of exceljsFirstSheet(bytes, (e) => e).rows) read.push(String(row.cells[0]));
    expect(read.slice(1)).toEqual(names);
  });

  it('streams an XLSX chunk by chunk, knowing its row count from the dimension of the sheet before reading the rows', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('报名表');
    sheet.addRow(['2024中国新媒体大会报名表']);
    sheet.addRow(['姓名', '手机']);
    for (let i = 0; i < 2500; i++) sheet.addRow([`测试${i}`, `138${String(i).padStart(8, '0')}`]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const events: ParseEvent[] = [];
    for await (const e of parseImportEvents({ bytes, fileName: 'big.xlsx', event: cnmc2024(), chunk: 1000 })) events.push(e);
    expect(events[0]).toMatchObject({ kind: 'head', head: { format: 'xlsx', expectedRows: 2500 } });
    expect(events.filter((e) => e.kind === 'rows').map((e) => e.kind === 'rows' && e.candidates.length)).toEqual([0, 1000, 1000, 500]);
    expect(events.at(-1)).toEqual({ kind: 'end', rows: 2500, skipped: 0 });
  });

  it('reads Excel "Unicode text": UTF-16 LE, tab-separated', async () => {
    const s = testStation();
    const report = await planImport({ db: s.db, bytes: fixture('registration-utf16le.txt'), fileName: 'registration-utf16le.txt' });
    expect(report).toMatchObject({ encoding: 'utf-16le', rows: 2, created: 2, skipped: 0 });
  });

  it('refuses a mojibake file row by row, saying the text is garbled rather than guessing columns', async () => {
    const s = testStation();
    const report = await planImport({ db: s.db, bytes: fixture('registration-mojibake.csv'), fileName: 'registration-mojibake.csv' });
    expect(report).toMatchObject({ rows: 2, created: 0, skipped: 2 });
    expect(report.issues.filter((i) => i.code === 'file_mojibake').map((i) => i.line)).toEqual([1, 2, 3]);
  });

  it.each(FILES)('never drops a row of %s silently: created + updated + unchanged + skipped = rows, every skip has an error', async (name) => {
    const s = testStation();
    const admin = await s.admin();
    for (const committed of [false, true]) {
      const report = committed ? await s.must('roster:importCommit', input(name), admin) : await planImport({ db: s.db, bytes: fixture(name), fileName: name });
      expect(report.created + report.updated + report.unchanged + report.skipped).toBe(report.rows);
      const errorLines = new Set(report.issues.filter((i) => i.severity === 'error' && i.line > 1).map((i) => i.line));
      expect(errorLines.size).toBe(report.skipped);
    }
  });

  it('masks phone and document numbers in the report', async () => {
    const s = testStation();
    const json = JSON.stringify(await planImport({ db: s.db, bytes: fixture('registration-gb18030.csv'), fileName: 'x.csv' }));
    expect(json).not.toContain(IDS.legacy15);
    expect(json).not.toContain(IDS.truncated);
  });

  it('changes nothing in the database', async () => {
    const s = testStation();
    const audits = s.services.auditCount();
    await s.must('roster:importPreview', input('registration-gb18030.csv'), await s.admin());
    expect(s.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM attendee`)!.n).toBe(0);
    expect(s.services.auditCount()).toBe(audits + 1);
  });
});

describe('committing an import', () => {
  it('stores names exactly as written, phones normalised, damaged IDs not at all, and the registrations', async () => {
    const s = testStation();
    const report = await s.must('roster:importCommit', input('registration-gb18030.csv'), await s.admin());
    expect(report).toMatchObject({ committed: true, created: 6 });
    expect(attendeeByExternalId(s.db, 'CNMC-0009')).toMatchObject({ name_zh: '𠮷野 家', document_type: 'cn_id', document_number: IDS.legacy15 });
    expect(attendeeByExternalId(s.db, 'CNMC-0002')).toMatchObject({ phone: '13900139000', org_zh: '芒果TV,新媒体中心', attention: '需要\n轮椅', category_id: 'media' });
    expect(registrationsOf(s.db, 'CNMC-0002')).toEqual(['forum-4', 'tech-expo']);
    expect(attendeeByExternalId(s.db, 'CNMC-0006')).toMatchObject({ document_type: 'cn_id', document_number: null });
    expect(attendeeByExternalId(s.db, 'CNMC-0007')).toMatchObject({ document_number: null });
    expect(attendeeByExternalId(s.db, 'CNMC-0008')).toMatchObject({ region: 'hong_kong', phone: '+85291234567', document_type: 'hk_mo_permit', category_id: 'hkmt-media' });
    expect(attendeeByExternalId(s.db, 'CNMC-0004')).toBeUndefined();
  });

  it('re-importing the same file changes nothing and says so, in the report and the audit', async () => {
    const s = testStation();
    const admin = await s.admin();
    for (const name of FILES.slice(0, 4)) {
      const first = await s.must('roster:importCommit', input(name), admin);
      const again = await s.must('roster:importCommit', input(name), admin);
      expect(again, name).toMatchObject({ created: 0, updated: 0, unchanged: first.created, skipped: first.skipped });
    }
    const audit = await s.must('audit:list', { limit: 1 }, admin);
    expect(audit[0]).toMatchObject({ action: 'roster.import', after: { created: 0, updated: 0, unchanged: 2, fileName: 'registration-utf16le.txt' } });
  });

  it('updates in place a row whose fields changed, matched by external id', async () => {
    const s = testStation();
    const admin = await s.admin();
    const csv = (org: string) => ({ fileName: 'r.csv', contentBase64: Buffer.from(`编号,姓名,单位,参会类别\nA1,张三,${org},代表\nA2,李四,红网,代表\n`).toString('base64') });
    await s.must('roster:importCommit', csv('湖南日报'), admin);
    const report = await s.must('roster:importCommit', csv('湖南日报社'), admin);
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(attendeeByExternalId(s.db, 'A1')).toMatchObject({ org_zh: '湖南日报社' });
  });

  it('matches by document number, else by name and phone, when the file has no external id', async () => {
    const s = testStation();
    const admin = await s.admin();
    await s.must('roster:importCommit', input('registration-gb18030.csv'), admin);
    const rows = `姓名,手机,身份证号,职务\n张三,,${IDS.zhangSan},主编\n李四,139 0013 9000,,副主任\n`;
    const report = await s.must('roster:importCommit', { fileName: 'r.csv', contentBase64: iconv.encode(rows, 'gb18030').toString('base64') }, admin);
    expect(report).toMatchObject({ created: 0, updated: 2 });
    expect(attendeeByExternalId(s.db, 'CNMC-0001')).toMatchObject({ title: '主编', org_zh: '湖南日报社' });
    expect(attendeeByExternalId(s.db, 'CNMC-0002')).toMatchObject({ title: '副主任' });
  });

  it('keeps the search index current for created and updated attendees', async () => {
    const s = testStation();
    const admin = await s.admin();
    const csv = (org: string) => ({ fileName: 'r.csv', contentBase64: Buffer.from(`编号,姓名,单位\nA1,张三,${org}\n`).toString('base64') });
    await s.must('roster:importCommit', csv('湖南日报社'), admin);
    expect((await s.must('roster:search', { query: 'zs' }, admin)).map((h) => h.orgZh)).toEqual(['湖南日报社']);
    await s.must('roster:importCommit', csv('芒果超媒'), admin);
    expect((await s.must('roster:search', { query: '芒果' }, admin)).map((h) => h.nameZh)).toEqual(['张三']);
  });

  it('reports progress chunk by chunk up to the number of rows', async () => {
    const s = testStation();
    const events: ParseEvent[] = [];
    for await (const e of parseImportEvents({ bytes: bigCsv(12), fileName: 'big.csv', event: cnmc2024(), chunk: 5 })) events.push(e);
    const seen: Array<{ processed: number; total: number }> = [];
    commitImport({ db: s.db, events, at: new Date(CONFERENCE_MORNING), by: { operatorId: null, via: 'system' }, onProgress: (p) => seen.push(p) });
    expect(seen).toEqual([0, 5, 10, 12].map((processed) => ({ processed, total: 12 })));
  });

  it('skips a row whose ticket code belongs to someone else, or whose match has another registration id', async () => {
    const s = testStation();
    const admin = await s.admin();
    const csv = (rows: string) => ({ fileName: 'r.csv', contentBase64: Buffer.from(`编号,姓名,手机,票号\n${rows}`).toString('base64') });
    await s.must('roster:importCommit', csv('A1,张三,13800138000,T-1\nA2,李四,13900139000,T-2\n'), admin);
    const report = await s.must('roster:importPreview', csv('A3,王五,13700137000,T-1\nA9,李四,13900139000,T-2\nA4,赵六,13600136000,T-4\n'), admin);
    expect(problems(report).filter(([, , , severity]) => severity === 'error')).toEqual([
      [2, 'ticketCodes', 'ticket_code_taken', 'error'],
      [3, 'externalId', 'match_conflict', 'error'],
    ]);
    expect(report).toMatchObject({ rows: 3, created: 1, skipped: 2 });
  });

  it('finds the header below a title line, as many registration systems write it', async () => {
    const s = testStation();
    const content = iconv.encode('2024中国新媒体大会报名表,,\r\n姓名,单位,参会类别\r\n张三,湖南日报社,代表\r\n', 'gb18030').toString('base64');
    const report = await s.must('roster:importPreview', { fileName: 't.csv', contentBase64: content }, await s.admin());
    expect(report).toMatchObject({ rows: 1, created: 1, skipped: 0, headers: ['姓名', '单位', '参会类别'] });
    expect(problems(report)).toEqual([[1, null, 'title_row_skipped', 'warning']]);
  });

  it('uses a saved mapping for headers it cannot guess', async () => {
    const s = testStation();
    const content = Buffer.from('Teilnehmer,Firma\nAna Müller,ZDF\n').toString('base64');
    const admin = await s.admin();
    const plain = await s.must('roster:importPreview', { fileName: 'de.csv', contentBase64: content }, admin);
    expect(plain).toMatchObject({ skipped: 1 });
    const mapped = await s.must('roster:importPreview', { fileName: 'de.csv', contentBase64: content, mapping: { Teilnehmer: 'nameZh', Firma: 'orgZh' } }, admin);
    expect(mapped).toMatchObject({ created: 1, skipped: 0 });
  });

  it('is for admins only', async () => {
    const s = testStation();
    const desk = await s.operator(await s.admin(), 'desk');
    const r = await s.call('roster:importPreview', input('registration-utf16le.txt'), desk);
    expect(r.ok ? null : r.error.code).toBe('forbidden');
  });

  it('refuses an unreadable file with a clear error', async () => {
    const s = testStation();
    const admin = await s.admin();
    const zipNoXlsx = await s.call('roster:importPreview', { fileName: 'x.xlsx', contentBase64: Buffer.from('PK\u0003\u0004garbage').toString('base64') }, admin);
    expect(zipNoXlsx.ok ? null : zipNoXlsx.error.code).toBe('invalid_input');
    const binary = await s.call('roster:importPreview', { fileName: 'x.csv', contentBase64: Buffer.from([0, 1, 2, 0, 200]).toString('base64') }, admin);
    expect(binary.ok ? null : binary.error.code).toBe('invalid_input');
  });
});

async function settle(s: { must: ReturnType<typeof testStation>['must'] }, jobId: string, token: string): Promise<ImportJobStatus[]> {
  const seen: ImportJobStatus[] = [];
  for (;;) {
    const status = await s.must('roster:importStatus', { jobId }, token);
    seen.push(status);
    if (status.state !== 'running') return seen;
    await new Promise((r) => setTimeout(r, 20));
  }
}

function bigCsv(rows: number): Buffer {
  const lines = ['编号,姓名,手机,参会类别'];
  for (let i = 0; i < rows; i++) lines.push(`B${i},测试${i},138${String(i).padStart(8, '0')},代表`);
  return iconv.encode(`${lines.join('\r\n')}\r\n`, 'gb18030');
}

describe('import jobs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-import-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function fileStation(name: string) {
    const db = openDatabase(join(dir, name));
    const clock = fixedClock(CONFERENCE_MORNING);
    initEvent(db, cnmc2024(), clock.now());
    const services = createServices({ db, clock });
    const must = async (command: string, value: unknown, token: string | null = null) => {
      const r = await services.call(command, value, { transport: 'http', token });
      if (!r.ok) throw new Error(`${command}: ${r.error.message}`);
      return r.value as never;
    };
    return { db, services, must };
  }

  it('commits a file database in a worker thread, reporting progress until done', async () => {
    const s = fileStation('worker.db');
    const token = ((await s.must('operator:createFirstAdmin', { name: 'admin', pin: '246810' })) as { token: string }).token;
    const { jobId } = (await s.must('roster:importStart', { fileName: 'big.csv', contentBase64: bigCsv(5000).toString('base64') }, token)) as { jobId: string };
    const seen = await settle(s, jobId, token);
    const last = seen.at(-1)!;
    expect(last, JSON.stringify(last.error)).toMatchObject({ state: 'done', processed: 5000, total: 5000, report: { created: 5000, committed: true } });
    expect(s.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM attendee`)!.n).toBe(5000);
    expect(s.db.get<{ via: string; operator_id: string }>(sql`SELECT via, operator_id FROM audit_log WHERE action = 'roster.import'`)).toMatchObject({ via: 'http' });
    s.db.close();
  });

  it('a cancel rolls the worker back and leaves the database exactly as it was', async () => {
    const s = fileStation('cancel.db');
    const token = ((await s.must('operator:createFirstAdmin', { name: 'admin', pin: '246810' })) as { token: string }).token;
    const before = { attendees: s.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM attendee`)!.n, audit: s.services.auditCount() };
    const { jobId } = (await s.must('roster:importStart', { fileName: 'big.csv', contentBase64: bigCsv(5000).toString('base64') }, token)) as { jobId: string };
    await s.must('roster:importCancel', { jobId }, token);
    const seen = await settle(s, jobId, token);
    expect(seen.at(-1)!.state).toBe('cancelled');
    expect({ attendees: s.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM attendee`)!.n, audit: s.services.auditCount() }).toEqual(before);
    s.db.close();
  });

  it('parses the import of a file database on a thread of its own and writes exactly what an in-process import writes', async () => {
    const s = fileStation('threaded.db');
    const memory = testStation();
    const by = { operatorId: null, via: 'system' } as const;
    const bytes = fixture('registration-gb18030.csv');
    const threaded = await importFile({ bytes, fileName: 'r.csv' }, { db: s.db, at: new Date(CONFERENCE_MORNING), by });
    const inProcess = await importFile({ bytes, fileName: 'r.csv' }, { db: memory.db, at: new Date(CONFERENCE_MORNING), by });
    expect(threaded).toEqual(inProcess);
    const roster = (db: Db) =>
      db.all(sql`SELECT name_zh, name_en, org_zh, phone, document_number, category_id, name_sort, org_sort, name_pinyin,
        (SELECT group_concat(activity_id) FROM registration r WHERE r.attendee_id = a.id) AS activities FROM attendee a ORDER BY search_id`);
    expect(roster(s.db)).toEqual(roster(memory.db));
    expect(roster(s.db)).toHaveLength(threaded.created);
    s.db.close();
  });

  it('fails an unreadable workbook from the parse thread with its reason, leaving the database as it was', async () => {
    const s = fileStation('broken.db');
    const bytes = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64, 7)]);
    const run = importFile({ bytes, fileName: 'broken.xlsx' }, { db: s.db, at: new Date(CONFERENCE_MORNING), by: { operatorId: null, via: 'system' } });
    await expect(run).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('broken.xlsx is not a readable XLSX workbook') });
    expect(s.db.get(sql`SELECT count(*) AS n FROM attendee`)).toEqual({ n: 0 });
    s.db.close();
  });

  it('fails as soon as its parse thread stops before sending the whole file, leaving the database as it was', async () => {
    const s = fileStation('stopped.db');
    const { worker, link } = startParseThread({ bytes: bigCsv(5000), fileName: 'big.csv' }, cnmc2024());
    await worker.terminate();
    // Without the stop signal this would wait out the two-minute stall limit, far past the test's timeout.
    const run = commitParsed(link, { db: s.db, at: new Date(CONFERENCE_MORNING), by: { operatorId: null, via: 'system' } });
    await expect(run).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('parse thread stopped') });
    expect(s.db.get(sql`SELECT count(*) AS n FROM attendee`)).toEqual({ n: 0 });
    s.db.close();
  });

  it('runs in process on an in-memory database, where a cancel also rolls back', async () => {
    const s = testStation();
    const admin = await s.admin();
    const audit = s.services.auditCount();
    const { jobId } = await s.must('roster:importStart', input('registration-gb18030.csv'), admin);
    await s.must('roster:importCancel', { jobId }, admin);
    expect((await settle(s, jobId, admin)).at(-1)!.state).toBe('cancelled');
    expect(s.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM attendee`)!.n).toBe(0);
    expect(s.services.auditCount()).toBe(audit);
    const again = await s.must('roster:importStart', input('registration-gb18030.csv'), admin);
    expect((await settle(s, again.jobId, admin)).at(-1)).toMatchObject({ state: 'done', report: { created: 6 } });
  });
});
