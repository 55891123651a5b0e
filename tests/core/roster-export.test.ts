import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { sql } from '../../src/main/core/db/sql';
import { neutraliseCell, ROSTER_HEADERS, toCsv, toXlsx, unneutraliseCell } from '../../src/main/core/roster/export';
import { insertAttendees } from '../../src/main/core/roster/repo';
import { testStation } from '../helpers/core';
import { attendee, signedIn, ZHANG_ID, ZHANG_PHONE } from './roster-fixtures';

const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];
const HYPERLINK = '=HYPERLINK("http://x","click")';

function station() {
  const s = testStation();
  const tokens = { admin: signedIn(s, 'admin'), supervisor: signedIn(s, 'supervisor'), desk: signedIn(s, 'desk') };
  s.db.tx(() =>
    insertAttendees(
      s.db,
      [
        attendee({ id: 'A1', externalId: 'REG-001', ticketCodes: ['T0001', 'T0002'], registrations: ['main-forum', 'forum-1'], attention: HYPERLINK }),
        attendee({ id: 'A2', nameZh: '李四', nameEn: null, phone: '13900001111', documentType: null, documentNumber: null, orgZh: '红网, "新闻"\n中心', registrations: ['forum-2'] }),
      ],
      s.clock.now(),
    ),
  );
  return { ...s, tokens };
}

/** Parses RFC 4180 CSV (quoted commas, doubled quotes, line breaks inside quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

async function readXlsx(content: Buffer): Promise<{ rows: string[][]; types: number[]; formulas: number }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: string[][] = [];
  const types: number[] = [];
  let formulas = 0;
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let i = 1; i <= sheet.columnCount; i++) {
      const cell = row.getCell(i);
      if (cell.type === ExcelJS.ValueType.Formula || cell.formula !== undefined) formulas++;
      if (cell.value !== null) types.push(cell.type);
      cells.push(cell.value === null ? '' : String(cell.value));
    }
    rows.push(cells);
  });
  return { rows, types, formulas };
}

describe('formula neutralisation', () => {
  it.each(FORMULA_STARTS.map((c) => [JSON.stringify(c), c]))('opens a cell starting with %s as text', (_label, start) => {
    expect(neutraliseCell(`${start}1+1`)).toBe(`'${start}1+1`);
  });

  it.each(FORMULA_STARTS.map((c) => [JSON.stringify(c), c]))('reads a neutralised cell starting with %s back as written', (_label, start) => {
    expect(unneutraliseCell(neutraliseCell(`${start}852 9123 4567`))).toBe(`${start}852 9123 4567`);
  });

  it('keeps a leading quote that neutralised nothing', () => {
    expect(unneutraliseCell("'Tis")).toBe("'Tis");
    expect(unneutraliseCell("'")).toBe("'");
  });

  it('leaves ordinary cells, and a formula character later in the cell, alone', () => {
    expect(neutraliseCell('张三')).toBe('张三');
    expect(neutraliseCell('a=b')).toBe('a=b');
    expect(neutraliseCell('')).toBe('');
  });

  it('writes =HYPERLINK( as text in CSV and XLSX, and the workbook holds no formula', async () => {
    const rows = [[HYPERLINK, ...FORMULA_STARTS.map((c) => `${c}SUM(A1:A2)`)]];
    const header = ['h', ...FORMULA_STARTS.map((_, i) => `c${i}`)];
    const csv = parseCsv(toCsv(header, rows).toString('utf8').slice(1));
    expect(csv[1]![0]).toBe(`'${HYPERLINK}`);
    expect(csv[1]!.slice(1).every((c) => c.startsWith("'"))).toBe(true);
    const xlsx = await readXlsx(await toXlsx(header, rows, 'test'));
    expect(xlsx.formulas).toBe(0);
    expect(xlsx.rows[1]![0]).toBe(`'${HYPERLINK}`);
    expect(xlsx.rows[1]!.slice(1).every((c) => c.startsWith("'"))).toBe(true);
  });
});

describe('roster export', () => {
  it('writes CSV as UTF-8 with a BOM, CRLF line ends and the Chinese headers first', async () => {
    const s = station();
    const r = await s.must('roster:export', { format: 'csv' }, s.tokens.supervisor);
    const bytes = Buffer.from(r.contentBase64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.startsWith(`${ROSTER_HEADERS.join(',')}\r\n`)).toBe(true);
    expect(text.startsWith('姓名,英文名,单位,单位英文,职务,手机,邮箱,证件类型,证件号码,参会类别,参加活动,地区,报名编号,票号,备注,状态')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(r.rows).toBe(2);
    expect(r.fileName).toMatch(/^cnmc-2024-roster-\d{8}-\d{4}\.csv$/);
  });

  it('quotes commas, quotes and line breaks as RFC 4180 says and reads back the same cells', async () => {
    const s = station();
    const r = await s.must('roster:export', { format: 'csv' }, s.tokens.supervisor);
    const rows = parseCsv(Buffer.from(r.contentBase64, 'base64').toString('utf8').slice(1));
    const li = rows.find((row) => row[0] === '李四')!;
    expect(li[2]).toBe('红网, "新闻"\n中心');
    expect(rows.find((row) => row[0] === '张三')!.slice(9, 16)).toEqual([
      '代表',
      '开幕式暨主论坛、“推动全媒体生产 促进全媒体传播”论坛',
      '中国内地',
      'REG-001',
      'T0001、T0002',
      `'${HYPERLINK}`,
      '有效',
    ]);
  });

  it('masks phone and document numbers unless asked otherwise', async () => {
    const s = station();
    const r = await s.must('roster:export', { format: 'csv' }, s.tokens.supervisor);
    const text = Buffer.from(r.contentBase64, 'base64').toString('utf8');
    expect(text).not.toContain(ZHANG_PHONE);
    expect(text).not.toContain(ZHANG_ID);
    expect(text).toContain('138****5678');
    expect(text).toContain(`430${'*'.repeat(12)}${ZHANG_ID.slice(-3)}`);
  });

  it('gives an admin the full numbers on request, and audits the export as unmasked', async () => {
    const s = station();
    const r = await s.must('roster:export', { format: 'csv', unmasked: true }, s.tokens.admin);
    const text = Buffer.from(r.contentBase64, 'base64').toString('utf8');
    expect(text).toContain(ZHANG_PHONE);
    expect(text).toContain(ZHANG_ID);
    const entry = s.db.get<{ action: string; after: string }>(sql`SELECT action, after FROM audit_log ORDER BY id DESC LIMIT 1`)!;
    expect(entry.action).toBe('roster.export');
    expect(JSON.parse(entry.after)).toEqual({ format: 'csv', activityId: null, rows: 2, masked: false });
  });

  it('refuses a supervisor the unmasked export, and the desk any export', async () => {
    const s = station();
    const unmasked = await s.call('roster:export', { format: 'xlsx', unmasked: true }, s.tokens.supervisor);
    expect(unmasked.ok ? null : unmasked.error.code).toBe('forbidden');
    const desk = await s.call('roster:export', { format: 'csv' }, s.tokens.desk);
    expect(desk.ok ? null : desk.error.code).toBe('forbidden');
  });

  it('writes XLSX whose cells are all text and read back as the CSV does, ID digits intact', async () => {
    const s = station();
    const csv = await s.must('roster:export', { format: 'csv', unmasked: true }, s.tokens.admin);
    const xlsx = await s.must('roster:export', { format: 'xlsx', unmasked: true }, s.tokens.admin);
    const fromCsv = parseCsv(Buffer.from(csv.contentBase64, 'base64').toString('utf8').slice(1));
    const fromXlsx = await readXlsx(Buffer.from(xlsx.contentBase64, 'base64'));
    expect(fromXlsx.rows).toEqual(fromCsv);
    expect(fromXlsx.formulas).toBe(0);
    expect(new Set(fromXlsx.types)).toEqual(new Set([ExcelJS.ValueType.String]));
    expect(fromXlsx.rows.flat()).toContain(ZHANG_ID);
  });

  it("exports an activity's registered attendees with empty attendance columns", async () => {
    const s = station();
    const r = await s.must('roster:export', { format: 'csv', activityId: 'forum-2' }, s.tokens.supervisor);
    const rows = parseCsv(Buffer.from(r.contentBase64, 'base64').toString('utf8').slice(1));
    expect(rows[0]!.slice(-3)).toEqual(['首次入场', '最后离场', '入场次数']);
    expect(rows.slice(1).map((row) => [row[0], ...row.slice(-3)])).toEqual([['李四', '', '', '']]);
    expect(r.fileName).toMatch(/^cnmc-2024-forum-2-attendance-/);
  });

  it('refuses an activity the event does not have, naming the field', async () => {
    const s = station();
    const r = await s.call('roster:export', { format: 'csv', activityId: 'forum-9' }, s.tokens.supervisor);
    expect(r.ok ? null : r.error).toMatchObject({ code: 'invalid_input', details: [expect.objectContaining({ path: 'activityId' })] });
  });
});
