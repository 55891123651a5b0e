import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { SourceRow } from '../../src/main/core/import/csv';
import { planFirstSheet } from '../../src/main/core/import/sheet';
import { exceljsFirstSheet, streamFirstSheet } from '../../src/main/core/import/xlsx';

/**
 * The XLSX sheet reader of our own (sheet.ts) against exceljs, which it replaces on the import's hot path: the same
 * rows from workbooks Excel-like tools write, and the shapes exceljs's writer never makes (namespace prefixes,
 * inline strings, cells without references, phonetic runs, stored members).
 */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A ZIP archive written here, member by member (deflated unless `stored`), so a test controls every part. */
function zip(members: Record<string, string>, { stored = false } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(members)) {
    const data = Buffer.from(text, 'utf8');
    const body = stored ? data : deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(members).length, 8);
  end.writeUInt16LE(Object.keys(members).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A workbook whose first tab is `xl/worksheets/${sheetFile}`, with the given sheet and shared strings XML. */
function workbook({ sheet, strings, sheetFile = 'sheet1.xml', prefix = '' }: { sheet: string; strings?: string; sheetFile?: string; prefix?: string }): Record<string, string> {
  const p = prefix ? `${prefix}:` : '';
  const ns = prefix ? `xmlns:${prefix}="${MAIN}"` : `xmlns="${MAIN}"`;
  return {
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><${p}workbook ${ns} xmlns:r="${REL}"><${p}sheets><${p}sheet name="报名表" sheetId="7" r:id="rId3"/><${p}sheet name="说明" sheetId="1" r:id="rId1"/></${p}sheets></${p}workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/other.xml"/><Relationship Target="worksheets/${sheetFile}" Id="rId3" Type="${REL}/worksheet"/>${strings === undefined ? '' : `<Relationship Id="rId9" Type="${REL}/sharedStrings" Target="/xl/sharedStrings.xml"/>`}</Relationships>`,
    'xl/worksheets/other.xml': `<?xml version="1.0" encoding="UTF-8"?><${p}worksheet ${ns}><${p}sheetData><${p}row r="1"><${p}c r="A1" t="inlineStr"><${p}is><${p}t>not this sheet</${p}t></${p}is></${p}c></${p}row></${p}sheetData></${p}worksheet>`,
    [`xl/worksheets/${sheetFile}`]: `<?xml version="1.0" encoding="UTF-8"?><${p}worksheet ${ns}><${p}dimension ref="A1:D4"/><${p}cols><${p}col min="1" max="3" width="12"/></${p}cols><${p}sheetData>${sheet}</${p}sheetData><${p}rowBreaks count="0"/></${p}worksheet>`,
    ...(strings === undefined ? {} : { 'xl/sharedStrings.xml': `<?xml version="1.0" encoding="UTF-8"?><${p}sst ${ns}>${strings}</${p}sst>` }),
  };
}

async function rowsOf(read: typeof streamFirstSheet, bytes: Uint8Array): Promise<{ rows: SourceRow[]; lastRow: number | null }> {
  const sheet = read(bytes, (e) => e);
  const rows: SourceRow[] = [];
  for await (const row of sheet.rows) rows.push(row);
  return { rows, lastRow: sheet.lastRow() };
}

describe('the XLSX sheet reader', () => {
  it('reads what exceljs reads from a workbook with every kind of cell exceljs writes', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('报名表');
    sheet.addRow(['姓名', '机构', '手机号码', '到场', '日期', '公式', '说明']);
    sheet.addRow(['陳大文', { richText: [{ text: '香港' }, { text: '電台', font: { bold: true } }] }, 85291234567, true, new Date('2024-09-25T00:00:00Z'), { formula: 'C2*2', result: 171582469134 }, 'a & b < c "d"']);
    sheet.addRow(['Seán O\'Brien', 'RTÉ', '+353 1 208 3111', false, null, { formula: 'A3', result: 'Seán' }, 'line one\r\nline two']);
    sheet.addRow([]);
    sheet.addRow(['  ', '', null]);
    sheet.getCell('A7').value = '王五';
    sheet.getCell('F7').value = { error: '#N/A' };
    sheet.getCell('H7').value = '_x000D_ kept as written';
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    expect(planFirstSheet(bytes)).not.toBeNull();
    const ours = await rowsOf(streamFirstSheet, bytes);
    const theirs = await rowsOf(exceljsFirstSheet, bytes);
    expect(ours.rows.length).toBe(4);
    expect(ours.rows.map((r) => r.line)).toEqual([1, 2, 3, 7]);
    expect(ours.rows[1]!.cells[1]).toBe('香港電台');
    expect(ours.rows[1]!.cells[6]).toBe('a & b < c "d"');
    // XML reads a line end as one line feed, as exceljs's parser does.
    expect(ours.rows[2]!.cells[6]).toBe('line one\nline two');
    // OOXML's escape for a carriage return is read as Excel reads it; exceljs leaves `_x000D_` in the text.
    expect(ours.rows[3]!.cells[7]).toBe('\r kept as written');
    expect(theirs.rows[3]!.cells[7]).toBe('_x000D_ kept as written');
    theirs.rows[3]!.cells[7] = '\r kept as written';
    // Every other cell as exceljs reads it (dates too: with the styles ignored, both give the serial number).
    expect(ours.rows).toEqual(theirs.rows);
  });

  it('reads namespace prefixes, inline strings, cells and rows without references, phonetic runs and entities', async () => {
    const strings = [
      '<x:si><x:t>姓名</x:t></x:si>',
      '<x:si><x:r><x:t>山田</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve"> 太郎</x:t></x:r><x:rPh sb="0" eb="2"><x:t>ヤマダ</x:t></x:rPh></x:si>',
      '<x:si><x:t>&#x9673;大文 &amp; &lt;HK&gt; &#26126;</x:t></x:si>',
      '<x:si><x:t>第一行_x000D_\n第二行 _x005F_x0041_</x:t></x:si>',
      '<x:si/>',
    ].join('');
    const sheet = [
      '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>机构</x:t></x:is></x:c></x:row>',
      // No references at all: columns and rows follow on.
      '<x:row><x:c t="s"><x:v>1</x:v></x:c><x:c s="3"/><x:c t="str"><x:f>A2</x:f><x:v>山田 太郎</x:v></x:c></x:row>',
      '<x:row r="5" spans="1:4"><x:c r="B5" t="s"><x:v>2</x:v></x:c><x:c r="D5" t="b"><x:v>1</x:v></x:c></x:row>',
      '<x:row r="6"><x:c r="A6" t="s"><x:v>3</x:v></x:c><x:c r="B6" t="e"><x:v>#REF!</x:v></x:c><x:c r="C6"><x:v>1.5E+3</x:v></x:c></x:row>',
      '<x:row r="7"><x:c r="A7" t="s"><x:v>4</x:v></x:c></x:row>',
      '<x:row r="8"/>',
    ].join('');
    const bytes = zip(workbook({ sheet, strings, prefix: 'x', sheetFile: 'sheet2.xml' }));
    const { rows, lastRow } = await rowsOf(streamFirstSheet, bytes);
    expect(lastRow).toBe(4);
    expect(rows).toEqual([
      { line: 1, cells: ['姓名', null, '机构'] },
      { line: 2, cells: ['山田 太郎', null, '山田 太郎'] },
      { line: 5, cells: [null, '陳大文 & <HK> 明', null, true] },
      { line: 6, cells: ['第一行\r\n第二行 _x0041_', '#REF!', 1500] },
    ]);
  });

  it('reads stored (uncompressed) members and a long sheet whose characters cross inflate chunks', async () => {
    const names = Array.from({ length: 20_000 }, (_, i) => `陳${'大文小明'.slice(i % 3, (i % 3) + 2)}${i}`);
    const sheet = names.map((name, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>${name}</t></is></c><c r="B${i + 1}"><v>${i}</v></c></row>`).join('');
    for (const stored of [false, true]) {
      const { rows } = await rowsOf(streamFirstSheet, zip(workbook({ sheet }), { stored }));
      expect(rows.length).toBe(names.length);
      expect(rows.every((r, i) => r.line === i + 1 && r.cells[0] === names[i] && r.cells[1] === i)).toBe(true);
    }
  });

  it('leaves a workbook it cannot follow to exceljs', async () => {
    const members = workbook({ sheet: '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>' });
    delete members['xl/_rels/workbook.xml.rels'];
    const bytes = zip(members);
    expect(planFirstSheet(bytes)).toBeNull();
    expect(await rowsOf(streamFirstSheet, bytes)).toEqual(await rowsOf(exceljsFirstSheet, bytes));
    // Not a ZIP's end at all: no directory to read.
    expect(planFirstSheet(Buffer.from('PK\u0003\u0004 and nothing else'))).toBeNull();
  });

  it('fails, not hangs, on a sheet whose compressed data is damaged', async () => {
    const bytes = zip(workbook({ sheet: Array.from({ length: 2000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`).join('') }));
    const plan = planFirstSheet(bytes)!;
    const at = plan.sheet.localHeader + 30 + 'xl/worksheets/sheet1.xml'.length + 10;
    for (let i = 0; i < 40; i++) bytes[at + i] = 0xff;
    await expect(rowsOf(streamFirstSheet, bytes)).rejects.toThrow();
  });
});
