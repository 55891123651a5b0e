import type { AttendanceReport } from './report';

/**
 * The charts of attendance as ECharts options: plain data, the same for the office's dashboard (drawn in the
 * renderer) and the PDF summary (drawn to SVG on the main side). ECharts is what Chinese organisers read every day;
 * its options are data, so the same figures give the same picture on screen and on paper.
 */
export const CHART_FONT = 'Noto Sans SC';
const COLOURS = ['#9aa5b1', '#1f6feb', '#e8710a'];

const base = {
  animation: false,
  color: COLOURS,
  textStyle: { fontFamily: CHART_FONT, fontSize: 11 },
  grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
  legend: { top: 4, textStyle: { fontFamily: CHART_FONT, fontSize: 11 } },
};

/** Registered against attended, one pair of bars per activity. */
export function attendanceChart(report: AttendanceReport): Record<string, unknown> {
  const activities = report.activities.slice().reverse();
  return {
    ...base,
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: activities.map((a) => a.shortTitle.zh), axisLabel: { fontFamily: CHART_FONT } },
    series: [
      { name: '报名 Registered', type: 'bar', data: activities.map((a) => a.registered) },
      { name: '到场 Attended', type: 'bar', data: activities.map((a) => a.attended), label: { show: true, position: 'right', fontFamily: CHART_FONT, fontSize: 9 } },
    ],
  };
}

/** One day's arrivals per quarter hour: at a desk, and first into a room. */
export function arrivalsChart(day: AttendanceReport['arrivals'][number]): Record<string, unknown> {
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
    xAxis: { type: 'category', data: buckets.map((b) => b.start), axisLabel: { fontFamily: CHART_FONT } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '服务台签到 Desk arrivals', type: 'bar', stack: 'arrivals', barMaxWidth: 28, data: buckets.map((b) => b.desk) },
      { name: '首次入场 First room entry', type: 'bar', stack: 'arrivals', barMaxWidth: 28, data: buckets.map((b) => b.firstEntry) },
    ],
  };
}

/** Who came, by region: the first CNMC with media from Hong Kong, Macao and Taiwan. */
export function regionChart(report: AttendanceReport): Record<string, unknown> {
  const regions = report.overall.byRegion;
  return {
    ...base,
    xAxis: { type: 'category', data: regions.map((r) => r.name.zh), axisLabel: { fontFamily: CHART_FONT } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '在册 Registered', type: 'bar', barMaxWidth: 36, data: regions.map((r) => r.registered) },
      { name: '到场 Attended', type: 'bar', barMaxWidth: 36, data: regions.map((r) => r.attended), label: { show: true, position: 'top', fontFamily: CHART_FONT, fontSize: 9 } },
    ],
  };
}

/** Badges printed per hour of the day, for the office's dashboard. */
export function badgesPerHourChart(perHour: ReadonlyArray<{ hour: string; printed: number }>): Record<string, unknown> {
  return {
    ...base,
    color: [COLOURS[1]],
    legend: { show: false, textStyle: base.legend.textStyle },
    grid: { ...base.grid, top: 12 },
    xAxis: { type: 'category', data: perHour.map((h) => h.hour), axisLabel: { fontFamily: CHART_FONT } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: '打印 Printed', type: 'bar', barMaxWidth: 28, data: perHour.map((h) => h.printed) }],
  };
}
