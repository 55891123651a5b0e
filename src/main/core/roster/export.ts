import { PassThrough } from 'node:stream';
import { maskDocument, maskPhone } from '../../../shared/mask';
import type { ExportFormat } from '../../../shared/roster';
import { DOCUMENT_TYPE_LABELS, REGION_LABELS, STATUS_LABELS } from '../../../shared/roster';
import type { Db } from '../db/sql';
import type { AttendeeRow } from './repo';

/** Roster columns, headed with the Chinese names the import's header mapping recognises, so an export can be imported again. */
export const ROSTER_HEADERS = ['姓名', '英文名', '单位', '单位英文', '职务', '手机', '邮箱', '证件类型', '证件号码', '参会类别', '参加活动', '地区', '报名编号', '票号', '备注', '状态'] as const;

/** Attendance columns of an activity export; empty until the scan log exists (issue #5). */
export const ATTENDANCE_HEADERS = ['首次入场', '最后离场', '入场次数'] as const;

/** What separates several activities or ticket codes in one cell; the import splits on it. */
export const LIST_SEPARATOR = '、';

// OWASP CSV injection: a spreadsheet reads a cell starting with one of these as a formula, in half- or full-width form.
const FORMULA_STARTS = new Set(['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠']);

/** Makes a cell that a spreadsheet would read as a formula open as text, by prefixing a single quote. */
export function neutraliseCell(value: string): string {
  return value !== '' && FORMULA_STARTS.has(value[0]!) ? `'${value}` : value;
}

/** Undoes neutraliseCell when a file is read back, so an exported "+852 …" phone imports as written. */
export function unneutraliseCell(value: string): string {
  return value.length > 1 && value[0] === "'" && FORMULA_STARTS.has(value[1]!) ? value.slice(1) : value;
}

/** One RFC 4180 field: quoted when it holds a quote, comma or line break; quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** UTF-8 with a BOM (so Excel picks the encoding), CRLF line ends, every cell neutralised. */
export function toCsv(header: readonly string[], rows: Iterable<readonly string[]>): Buffer {
  const lines = [header.map((h) => csvField(neutraliseCell(h))).join(',')];
  for (const row of rows) lines.push(row.map((c) => csvField(neutraliseCell(c))).join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

/**
 * One sheet, every cell a neutralised string cell, so ID numbers keep every digit. Written without styles or shared
 * strings: a text number format on every cell made 100k rows five times slower, and string cells need none.
 */
export async function toXlsx(header: readonly string[], rows: Iterable<readonly string[]>, sheetName: string): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  // Loaded on use: the import's parse thread reads this module for its cell rules and must not pay for exceljs.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = header.map((h) => ({ header: neutraliseCell(h), width: Math.max(10, h.length * 3) }));
  for (const row of rows) sheet.addRow(row.map(neutraliseCell)).commit();
  sheet.commit();
  await workbook.commit();
  await done;
  return Buffer.concat(chunks);
}

/** A file made from the event: its id, what it holds, when it was made (UTC, to the minute). */
export function eventFileName(db: Db, parts: string[], format: string, at: Date): string {
  const event = db.statement('SELECT id FROM event').get() as { id: string } | undefined;
  const stamp = at.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return [event?.id ?? 'event', ...parts, `${stamp}.${format}`].join('-');
}

export function formatOfFile(fileName: string): ExportFormat | null {
  const ext = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return ext === 'csv' || ext === 'xlsx' ? ext : null;
}

/** The attendee columns the export reads, with the category's name in place of its id. */
type ExportRow = Pick<
  AttendeeRow,
  'id' | 'name_zh' | 'name_en' | 'org_zh' | 'org_en' | 'title' | 'phone' | 'email' | 'document_type' | 'document_number' | 'region' | 'external_id' | 'attention' | 'status'
> & { category: string };

/** Every attendee's values of a one-to-many table, read in one pass (a subquery per attendee costs twice as much). */
function valuesByAttendee(db: Db, text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { owner, value } of db.statement(text).iterate() as IterableIterator<{ owner: string; value: string }>) {
    const list = out.get(owner);
    if (list) list.push(value);
    else out.set(owner, [value]);
  }
  return out;
}

/**
 * The roster (or one activity's registered attendees) as export rows, in pinyin order, read with an iterator so
 * 100,000 attendees are never all held as objects at once.
 */
export function* rosterRows(db: Db, { activityId, masked }: { activityId?: string | undefined; masked: boolean }): Generator<string[]> {
  const activities = new Map(
    (db.statement('SELECT id, position, title_zh FROM activity').all() as Array<{ id: string; position: number; title_zh: string }>).map((a) => [a.id, a]),
  );
  const byPosition = (a: string, b: string) => (activities.get(a)?.position ?? 0) - (activities.get(b)?.position ?? 0);
  const registrations = valuesByAttendee(db, 'SELECT attendee_id AS owner, activity_id AS value FROM registration');
  const tickets = valuesByAttendee(db, 'SELECT attendee_id AS owner, code AS value FROM ticket_code');
  const statement = db.statement(`
    SELECT a.id, a.name_zh, a.name_en, a.org_zh, a.org_en, a.title, a.phone, a.email, a.document_type, a.document_number,
      c.name_zh AS category, a.region, a.external_id, a.attention, a.status
    FROM attendee a JOIN category c ON c.id = a.category_id
    WHERE @activity IS NULL OR EXISTS (SELECT 1 FROM registration r WHERE r.attendee_id = a.id AND r.activity_id = @activity)
    ORDER BY a.name_sort, a.id`);
  const attendance = activityId === undefined ? [] : ATTENDANCE_HEADERS.map(() => '');
  for (const r of statement.iterate({ activity: activityId ?? null }) as IterableIterator<ExportRow>) {
    const activityIds = (registrations.get(r.id) ?? []).sort(byPosition);
    yield [
      r.name_zh ?? '',
      r.name_en ?? '',
      r.org_zh ?? '',
      r.org_en ?? '',
      r.title ?? '',
      (masked ? maskPhone(r.phone) : r.phone) ?? '',
      r.email ?? '',
      r.document_type === null ? '' : DOCUMENT_TYPE_LABELS[r.document_type],
      (masked ? maskDocument(r.document_number) : r.document_number) ?? '',
      r.category,
      activityIds.map((id) => activities.get(id)?.title_zh ?? id).join(LIST_SEPARATOR),
      REGION_LABELS[r.region],
      r.external_id ?? '',
      (tickets.get(r.id) ?? []).sort().join(LIST_SEPARATOR),
      r.attention ?? '',
      STATUS_LABELS[r.status],
      ...attendance,
    ];
  }
}
