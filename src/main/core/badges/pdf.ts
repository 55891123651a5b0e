import PDFDocument from 'pdfkit';
import type { BadgePage } from '../../../shared/badge';
import { QR_QUIET_ZONE } from '../../../shared/badge';
import type { BadgeFonts } from './fonts';
import { qrRuns } from './qr';
import type { SheetLayout } from './sheet';

type Doc = InstanceType<typeof PDFDocument>;

function drawPage(doc: Doc, page: BadgePage, at: { x: number; y: number }): void {
  doc.save();
  doc.translate(at.x, at.y);
  if (page.background.toUpperCase() !== '#FFFFFF') doc.rect(0, 0, page.width, page.height).fill(page.background);
  for (const box of page.boxes) {
    switch (box.kind) {
      case 'rect':
        doc.rect(box.x, box.y, box.width, box.height).fill(box.fill);
        break;
      case 'text':
        doc.font(box.weight).fontSize(box.size).fillColor(box.colour);
        for (const line of box.lines) doc.text(line.text, line.x, line.baseline, { baseline: 'alphabetic', lineBreak: false });
        break;
      case 'qr': {
        // Vectors, all runs in one path filled once, so adjacent modules join without hairline seams at any scale.
        const { modules, runs } = qrRuns(box.payload);
        const m = box.size / (modules + 2 * QR_QUIET_ZONE);
        // In module units, so each run is four small integers (compact, and no float formatting per module).
        doc.save();
        doc.transform(m, 0, 0, m, box.x + QR_QUIET_ZONE * m, box.y + QR_QUIET_ZONE * m);
        doc.addContent(runs.map((r) => `${r.column} ${r.row} ${r.length} 1 re`).join('\n'));
        doc.fillColor('#000000').fill();
        doc.restore();
        break;
      }
    }
  }
  doc.restore();
}

/**
 * Writes badge pages into one PDF with the fonts subset into it: one badge per page, or several per sheet with cut
 * marks when a sheet layout is given.
 */
export function renderPdf(pages: readonly BadgePage[], fonts: BadgeFonts, options: { sheet?: (badge: { width: number; height: number }) => SheetLayout; title?: string } = {}): Promise<{ pdf: Buffer; pages: number }> {
  const doc = new PDFDocument({ autoFirstPage: false, font: null as unknown as string, compress: true, info: { Title: options.title ?? 'Badges', Producer: 'Lanyard', Creator: 'Lanyard' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  let sheets = 0;
  const done = new Promise<{ pdf: Buffer; pages: number }>((resolve, reject) => {
    doc.on('end', () => resolve({ pdf: Buffer.concat(chunks), pages: sheets }));
    doc.on('error', reject);
  });
  doc.registerFont('regular', fonts.faces.regular as unknown as string);
  doc.registerFont('bold', fonts.faces.bold as unknown as string);
  if (options.sheet === undefined) {
    for (const page of pages) {
      doc.addPage({ size: [page.width, page.height], margin: 0 });
      sheets++;
      drawPage(doc, page, { x: 0, y: 0 });
    }
  } else {
    // Badges of one size share sheets; a batch mixing layouts starts a new sheet where the size changes.
    let i = 0;
    while (i < pages.length) {
      const { width, height } = pages[i]!;
      const sheet = options.sheet({ width, height });
      const onSheet: BadgePage[] = [];
      while (i < pages.length && onSheet.length < sheet.slots.length && pages[i]!.width === width && pages[i]!.height === height) onSheet.push(pages[i++]!);
      doc.addPage({ size: [sheet.width, sheet.height], margin: 0 });
      sheets++;
      onSheet.forEach((page, j) => drawPage(doc, page, sheet.slots[j]!));
      doc.lineWidth(0.5).strokeColor('#000000');
      for (const mark of sheet.marks) doc.moveTo(mark.x1, mark.y1).lineTo(mark.x2, mark.y2);
      doc.stroke();
    }
  }
  doc.end();
  return done;
}
