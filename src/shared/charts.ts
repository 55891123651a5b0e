import type { AttendanceReport } from './report';

/**
 * The charts of attendance as ECharts options: plain data, the same for the office's dashboard (drawn in the
 * renderer) and the PDF summary (drawn to SVG on the main side). ECharts is what Chinese organisers read every day;
 * its options are data, so the same figures give the same picture on screen and on paper. Only the type differs:
 * the PDF embeds Noto Sans SC under its own name, the renderer ships the same face as 'Lanyard Sans SC', and a wall
 * screen wants it larger.
 */
export const CHART_FONT = 'Noto Sans SC';
const COLOURS = ['#9aa5b1', '#1f6feb', '#e8710a'];

/** The face and size a chart's words are set in. */
export interface ChartType {
  font: string;
  size: number;
}
const PAPER: ChartType = { font: CHART_FONT, size: 11 };

function common({ font, size }: ChartType) {
  const text = { fontFamily: font, fontSize: size };
  return {
    base: {
      animation: false,
      color: COLOURS,
      textStyle: text,
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { top: 4, textStyle: text },
    },
    axisLabel: text,
    /** A bar's own figure, a little smaller than the rest. */
    label: { fontFamily: font, fontSize: Math.max(9, size - 2) },
  };
}

/** Registered against attended, one pair of bars per activity. */
export function attendanceChart(report: AttendanceReport, type: ChartType = PAPER): Record<string, unknown> {
  const { base, axisLabel, label } = common(type);
  const activities = report.activities.slice().reverse();
  return {
    ...base,
    xAxis: { type: 'value', minInterval: 1, axisLabel },
    yAxis: { type: 'category', data: activities.map((a) => a.shortTitle.zh), axisLabel },
    series: [
      { name: '报名 Registered', type: 'bar', data: activities.map((a) => a.registered) },
      { name: '到场 Attended', type: 'bar', data: activities.map((a) => a.attended), label: { show: true, position: 'right', ...label } },
    ],
  };
}

/** One day's arrivals per quarter hour: at a desk, and first into a room. */
export function arrivalsChart(day: AttendanceReport['arrivals'][number], type: ChartType = PAPER): Record<string, unknown> {
  const { base, axisLabel } = common(type);
  // Every quarter from the first to the last that had anyone, the quiet ones as zero, so the time axis is even.
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const byStart = new Map(day.buckets.map((b) => [b.start, b]));
  const first = day.buckets.length === 0 ? 0 : minutes(day.buckets[0]!.start);
  const last = day.buckets.length === 0 ? -15 : minutes(day.buckets[day.buckets.length - 1]!.start);
  const buckets = [];
  for (let m = first; m <= last; m += 15) {
    const start = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    buckets.push(byStart.get(start) ?? { start, desk: 0, firstEntry: 0 });
  }
  return {
    ...base,
    color: [COLOURS[1], COLOURS[2]],
    xAxis: { type: 'category', data: buckets.map((b) => b.start), axisLabel },
    yAxis: { type: 'value', minInterval: 1, axisLabel },
    series: [
      { name: '服务台签到 Desk arrivals', type: 'bar', stack: 'arrivals', barMaxWidth: 28, data: buckets.map((b) => b.desk) },
      { name: '首次入场 First room entry', type: 'bar', stack: 'arrivals', barMaxWidth: 28, data: buckets.map((b) => b.firstEntry) },
    ],
  };
}

/** Who came, by region: the first CNMC with media from Hong Kong, Macao and Taiwan. */
export function regionChart(report: AttendanceReport, type: ChartType = PAPER): Record<string, unknown> {
  const { base, axisLabel, label } = common(type);
  const regions = report.overall.byRegion;
  return {
    ...base,
    xAxis: { type: 'category', data: regions.map((r) => r.name.zh), axisLabel },
    yAxis: { type: 'value', minInterval: 1, axisLabel },
    series: [
      { name: '在册 Registered', type: 'bar', barMaxWidth: 36, data: regions.map((r) => r.registered) },
      { name: '到场 Attended', type: 'bar', barMaxWidth: 36, data: regions.map((r) => r.attended), label: { show: true, position: 'top', ...label } },
    ],
  };
}

/** Badges printed per hour of the day, for the office's dashboard. */
export function badgesPerHourChart(perHour: ReadonlyArray<{ hour: string; printed: number }>, type: ChartType = PAPER): Record<string, unknown> {
  const { base, axisLabel } = common(type);
  return {
    ...base,
    color: [COLOURS[1]],
    legend: { ...base.legend, show: false },
    grid: { ...base.grid, top: 12 },
    xAxis: { type: 'category', data: perHour.map((h) => h.hour), axisLabel },
    yAxis: { type: 'value', minInterval: 1, axisLabel },
    series: [{ name: '打印 Printed', type: 'bar', barMaxWidth: 28, data: perHour.map((h) => h.printed) }],
  };
}
