import type PDFDocument from 'pdfkit';
import { arrivalsChart, attendanceChart, regionChart } from '../../../shared/charts';
import type { AttendanceReport, GroupCount } from '../../../shared/report';
import { fontPath } from '../badges/fonts';
import { onFirstUse } from '../lazy';

const pdfkit = onFirstUse<typeof PDFDocument>('pdfkit');
const echarts = onFirstUse<typeof import('echarts')>('echarts');
type SvgToPdf = (doc: PDFKit.PDFDocument, svg: string, x: number, y: number, options?: { width?: number; height?: number; fontCallback?: () => string; assumePt?: boolean }) => void;
const svgToPdf = onFirstUse<SvgToPdf>('svg-to-pdfkit');

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 40;
const WIDTH = A4.width - 2 * MARGIN;

/** An ECharts option drawn to SVG on this side (server-side rendering: no DOM, no canvas), at `width`×`height` pt. */
function chartSvg(option: Record<string, unknown>, width: number, height: number): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * The organiser's end-of-day brief: one bilingual A4 summary of the report — the event's totals, every activity's
 * attendance as a table and a chart, arrivals per quarter hour for each day, who came by region and by category.
 * Set in Noto Sans SC (pdfkit subsets it into the file, as for badges); the charts are ECharts' own SVG, drawn as
 * vectors.
 */
export function attendancePdf(report: AttendanceReport, generatedAt: string): Promise<Buffer> {
  const doc = new (pdfkit())({ size: 'A4', margin: MARGIN, info: { Title: `${report.event.name.zh} 出席报告 Attendance`, Author: 'Lanyard' } });
  doc.registerFont('regular', fontPath('regular'));
  doc.registerFont('bold', fontPath('bold'));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const chart = (option: Record<string, unknown>, height: number) => {
    if (doc.y + height > A4.height - MARGIN) doc.addPage();
    const y = doc.y;
    svgToPdf()(doc, chartSvg(option, WIDTH, height), MARGIN, y, { width: WIDTH, height, assumePt: true, fontCallback: () => 'regular' });
    doc.x = MARGIN;
    doc.y = y + height + 8;
  };
  const heading = (zh: string, en: string) => {
    if (doc.y > A4.height - MARGIN - 80) doc.addPage();
    doc.moveDown(0.6).font('bold').fontSize(13).fillColor('#111').text(`${zh}  ${en}`, MARGIN, doc.y);
    doc.moveDown(0.3);
  };
  /** A table: the first column left, the rest right-aligned figures. */
  const table = (header: string[], rows: Array<Array<string | number | null>>, widths: number[]) => {
    const line = (cells: Array<string | number | null>, bold: boolean) => {
      if (doc.y > A4.height - MARGIN - 20) doc.addPage();
      const y = doc.y;
      let x = MARGIN;
      doc.font(bold ? 'bold' : 'regular').fontSize(8.5).fillColor('#111');
      let bottom = y;
      cells.forEach((c, i) => {
        const w = widths[i]!;
        doc.text(c === null ? '—' : String(c), x, y, { width: w - 4, align: i === 0 ? 'left' : 'right' });
        bottom = Math.max(bottom, doc.y);
        x += w;
      });
      doc.y = bottom + 2;
      doc.moveTo(MARGIN, doc.y - 1).lineTo(MARGIN + WIDTH, doc.y - 1).lineWidth(0.3).strokeColor('#ccc').stroke();
    };
    line(header, true);
    for (const r of rows) line(r, false);
    doc.x = MARGIN;
  };

  // The brief's head: the event, what the report covers, the three totals.
  doc.font('bold').fontSize(18).fillColor('#111').text(report.event.name.zh, MARGIN, MARGIN);
  doc.font('regular').fontSize(11).fillColor('#444').text(report.event.name.en);
  doc.moveDown(0.4).fontSize(9).text(`出席报告 Attendance report · ${report.scope.day ?? '全部日期 all days'}${report.scope.activityId ? ` · ${report.scope.activityId}` : ''} · ${report.event.timezone} · 生成 generated ${generatedAt}`);
  doc.moveDown(0.8);
  const totals: Array<[string, number]> = [
    ['在册 Active attendees', report.overall.registered],
    ['服务台签到 Arrived at a desk', report.overall.arrived],
    ['入场 Admitted anywhere', report.overall.attendedAny],
  ];
  const boxY = doc.y;
  totals.forEach(([label, value], i) => {
    const x = MARGIN + (i * WIDTH) / 3;
    doc.font('bold').fontSize(20).fillColor('#1f6feb').text(String(value), x, boxY, { width: WIDTH / 3 - 8 });
    doc.font('regular').fontSize(8.5).fillColor('#444').text(label, x, boxY + 26, { width: WIDTH / 3 - 8 });
  });
  doc.x = MARGIN;
  doc.y = boxY + 46;

  heading('各活动出席', 'Attendance per activity');
  table(
    ['活动 Activity', '报名\nReg.', '到场\nCame', '缺席\nNo-show', '再入场\nRe-entry', '首次入场\nFirst in', '最后离场\nLast out'],
    report.activities.map((a) => [`${a.title.zh}\n${a.title.en}`, a.registered, a.attended, a.noShows, a.reentries, a.firstEntry?.slice(5) ?? null, a.lastExit?.slice(5) ?? null]),
    [185, 42, 42, 48, 48, 75, 75],
  );
  chart(attendanceChart(report), Math.max(160, 26 * report.activities.length + 50));

  for (const day of report.arrivals) {
    heading(`到达（每15分钟）· ${day.day}`, 'Arrivals per quarter hour');
    chart(arrivalsChart(day), 200);
  }

  const groups = (zh: string, en: string, list: GroupCount[]) => {
    heading(zh, en);
    table(['', '在册\nRegistered', '到场\nAttended', '到场率\nRate'], list.map((g) => [`${g.name.zh} ${g.name.en}`, g.registered, g.attended, g.registered === 0 ? null : `${Math.round((100 * g.attended) / g.registered)}%`]), [255, 80, 80, 80]);
  };
  groups('按地区', 'By region', report.overall.byRegion);
  chart(regionChart(report), 180);
  groups('按类别', 'By category', report.overall.byCategory);
  doc.end();
  return done;
}

