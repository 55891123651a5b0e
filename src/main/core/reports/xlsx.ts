import type { Region } from '../../../shared/attendee';
import { maskPhone } from '../../../shared/mask';
import type { AttendanceReport, AttendeeAttendance, GroupCount } from '../../../shared/report';
import { REGION_NAMES } from '../../../shared/roster';
import { SCAN_MESSAGES } from '../../../shared/checkin';
import type { ScanDecision } from '../../../shared/checkin';
import type { Db } from '../db/sql';
import { neutraliseCell } from '../roster/export';
import { bilingualTitle } from './attendance';
import type { Cell, Rendered } from './sheet-writer';
import { SheetWriter } from './sheet-writer';

/** A string cell that a spreadsheet never reads as a formula; numbers stay numbers, so a column can be summed. */
const cell = (v: Cell): Cell => (typeof v === 'string' ? neutraliseCell(v) : v);

/** A sheet's name: Excel allows 31 characters and none of []:*?/\ ; names are unique within a workbook. */
function sheetName(title: string, taken: Set<string>): string {
  const base = title.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 28) || 'sheet';
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base.slice(0, 26)} ${i}`;
  taken.add(name);
  return name;
}

const reasonText = (reason: string) => {
  const m = SCAN_MESSAGES[reason as ScanDecision['reason']] as (typeof SCAN_MESSAGES)[ScanDecision['reason']] | undefined;
  return m ? `${m.zh} / ${m.en}` : reason;
};

/** An attendee's columns as a person sheet shows them: id, names, organisation, category, region, phone. */
type PersonRow = [id: string, nameZh: string | null, nameEn: string | null, org: string | null, category: string, region: Region, phone: string | null];

/**
 * The attendance report as a workbook: a summary sheet (every activity's figures, the event by category and by
 * region, arrivals per quarter hour) and one sheet per activity listing who was expected and who came. Every text
 * cell is neutralised; phone numbers are masked unless `unmasked` (an admin's audited choice).
 */
export async function attendanceXlsx(db: Db, report: AttendanceReport, people: Map<string, AttendeeAttendance[]>, { unmasked }: { unmasked: boolean }): Promise<Buffer> {
  const book = new SheetWriter();
  // A text the person sheets repeat, neutralised and kept once in the workbook's string table.
  const once = (v: string | null): Rendered => book.shared(v === null ? null : neutraliseCell(v));
  const YES = once('是 yes');
  const NO = once('否 no');
  const taken = new Set<string>();
  book.sheet(sheetName('汇总 Summary', taken), [44, ...Array.from({ length: 12 }, () => 14)]);
  const add = (values: Cell[]) => book.row(values.map(cell));
  add([`${report.event.name.zh} ${report.event.name.en}`]);
  add([`范围 Scope: ${report.scope.day ?? '全部日期 all days'} · ${report.scope.activityId ?? '全部活动 all activities'} · ${report.event.timezone}`]);
  add([]);
  add(['活动 Activity', '报名 Registered', '到场 Attended', '报名且到场 Registered & came', '缺席 No-shows', '再次入场 Re-entries', '首次入场 First entry', '最后离场 Last exit', '场内分钟 Minutes inside', '拒绝 Refused', '放行 Overrides', '容量 Capacity']);
  for (const a of report.activities) {
    add([bilingualTitle(a.title), a.registered, a.attended, a.registeredAttended, a.noShows, a.reentries, a.firstEntry, a.lastExit, a.minutesInside, a.refused, a.overrides, a.capacity]);
  }
  add([]);
  add(['全场 Whole event', '在册 Active', '签到 Arrived at a desk', '入场 Admitted anywhere']);
  add(['', report.overall.registered, report.overall.arrived, report.overall.attendedAny]);
  const groupRows = (title: string, groups: GroupCount[]) => {
    add([]);
    add([title, '报名/在册 Registered', '到场 Attended']);
    for (const g of groups) add([bilingualTitle(g.name), g.registered, g.attended]);
  };
  groupRows('类别 Category', report.overall.byCategory);
  groupRows('地区 Region', report.overall.byRegion);
  for (const day of report.arrivals) {
    add([]);
    add([`到达（每15分钟）Arrivals per 15 minutes · ${day.day}`, '服务台 Desk', '首次入场 First room entry']);
    for (const b of day.buckets) add([b.start, b.desk, b.firstEntry]);
  }
  const reasons = report.activities.flatMap((a) => a.reasons.map((r) => [bilingualTitle(a.shortTitle), reasonText(r.reason), r.count] as Cell[]));
  if (reasons.length > 0) {
    add([]);
    add(['拒绝原因 Refusals', '原因 Reason', '次数 Count']);
    for (const r of reasons) add(r);
  }

  // Everyone named on a sheet, read in one pass (a lookup per line cost a second at 100,000 attendees).
  const named = new Set<string>();
  for (const lines of people.values()) for (const line of lines) named.add(line.attendeeId);
  // Each person's cells rendered once (neutralised, escaped) for every sheet they are on; the phone masked unless asked.
  const persons = new Map<string, Rendered[]>();
  // Rows as arrays, not an object each (100,000 of them).
  const rows = db.statement('SELECT a.id, a.name_zh, a.name_en, a.org_zh, c.name_zh AS category, a.region, a.phone FROM attendee a JOIN category c ON c.id = a.category_id').raw(true);
  for (const [id, nameZh, nameEn, org, category, region, phone] of rows.iterate() as IterableIterator<PersonRow>) {
    if (named.has(id)) persons.set(id, [once(nameZh), once(nameEn), once(org), once(category), once(REGION_NAMES[region].zh), once(unmasked ? phone : maskPhone(phone))]);
  }
  const nobody: Rendered[] = Array.from({ length: 6 }, () => once(null));
  for (const a of report.activities) {
    book.sheet(sheetName(a.shortTitle.zh, taken), [14, 18, 24, 28, 14, 14, 16, 10, 8, 18, 18, 10]);
    add(['姓名', 'Name', '单位 Organisation', '类别 Category', '地区 Region', '手机 Phone', '报名 Registered', '到场 Came', '入场次数 Entries', '首次入场 First entry', '最后离场 Last exit', '分钟 Minutes']);
    // Already in order of arrival (the report meets each person at their first entry), who never came at the end.
    for (const line of people.get(a.id) ?? []) {
      const p = persons.get(line.attendeeId) ?? nobody;
      // The times are to the minute: a few thousand of them, each kept once.
      book.row([p[0]!, p[1]!, p[2]!, p[3]!, p[4]!, p[5]!, line.registered ? YES : NO, line.entries > 0 ? YES : NO, line.entries, once(line.firstEntry), once(line.lastExit), line.minutes]);
    }
  }
  return book.finish();
}
