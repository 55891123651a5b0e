import PDFDocument from 'pdfkit';
import type { BadgePage } from '../../../shared/badge';
import { QR_QUIET_ZONE } from '../../../shared/badge';
import type { BadgeFonts } from './fonts';
import type { QrForm } from './qr';
import type { SheetLayout } from './sheet';

type Doc = InstanceType<typeof PDFDocument>;

/** One badge ready to draw: its page, and its QR as a form (see qrForm). */
export interface MadeBadge {
  page: BadgePage;
  qr: QrForm;
}

function drawPage(doc: Doc, { page, qr }: MadeBadge, at: { x: number; y: number }, formName: string): void {
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
        if (box.payload !== qr.payload) throw new Error(`a badge drawn with the QR form of another payload (${qr.payload.slice(0, 12)}…)`);
        // Vectors in module units, all runs in one path filled once, so adjacent modules join without hairline seams
        // at any scale; a form of its own, compressed where it was made.
        const form = doc.ref({ Type: 'XObject', Subtype: 'Form', BBox: [0, 0, qr.modules, qr.modules], Filter: 'FlateDecode' });
        form.end(Buffer.from(qr.content.buffer, qr.content.byteOffset, qr.content.byteLength));
        (doc.page as unknown as { xobjects: Record<string, unknown> }).xobjects[formName] = form;
        const m = box.size / (qr.modules + 2 * QR_QUIET_ZONE);
        doc.save();
        doc.transform(m, 0, 0, m, box.x + QR_QUIET_ZONE * m, box.y + QR_QUIET_ZONE * m);
        doc.addContent(`/${formName} Do`);
        doc.restore();
        break;
      }
    }
  }
  doc.restore();
}

/** The badges of a batch, made on this thread or as a badge thread sends them. */
export type Badges = Iterable<MadeBadge> | AsyncIterable<MadeBadge>;

/**
 * Writes badges into one PDF with the fonts subset into it, as they come: one badge per page, or several per sheet
 * with cut marks when a sheet layout is given (a batch mixing sizes starts a new sheet where the size changes).
 */
export async function renderPdf(badges: Badges, fonts: BadgeFonts, options: { sheet?: (badge: { width: number; height: number }) => SheetLayout; title?: string } = {}): Promise<{ pdf: Buffer; pages: number; badges: number }> {
  const doc = new PDFDocument({ autoFirstPage: false, font: null as unknown as string, compress: true, info: { Title: options.title ?? 'Badges', Producer: 'Lanyard', Creator: 'Lanyard' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', fonts.faces.regular as unknown as string);
  doc.registerFont('bold', fonts.faces.bold as unknown as string);
  let pages = 0;
  let count = 0;
  let open: { width: number; height: number; sheet: SheetLayout; placed: number } | null = null;
  const closeSheet = () => {
    if (open === null) return;
    doc.lineWidth(0.5).strokeColor('#000000');
    for (const mark of open.sheet.marks) doc.moveTo(mark.x1, mark.y1).lineTo(mark.x2, mark.y2);
    doc.stroke();
    open = null;
  };
  for await (const badge of badges) {
    const { width, height } = badge.page;
    const formName = `QR${++count}`;
    if (options.sheet === undefined) {
      doc.addPage({ size: [width, height], margin: 0 });
      pages++;
      drawPage(doc, badge, { x: 0, y: 0 }, formName);
      continue;
    }
    if (open === null || open.placed === open.sheet.slots.length || open.width !== width || open.height !== height) {
      closeSheet();
      open = { width, height, sheet: options.sheet({ width, height }), placed: 0 };
      doc.addPage({ size: [open.sheet.width, open.sheet.height], margin: 0 });
      pages++;
    }
    drawPage(doc, badge, open.sheet.slots[open.placed++]!, formName);
  }
  closeSheet();
  doc.end();
  return { pdf: await done, pages, badges: count };
}
