import type PDFDocument from 'pdfkit';
import type { BadgePage, FontWeight } from '../../../shared/badge';
import { QR_QUIET_ZONE } from '../../../shared/badge';
import type { BadgeFonts, ShapedText } from './fonts';
import type { QrForm } from './qr';
import { onFirstUse } from '../lazy';
import type { SheetLayout } from './sheet';

const pdfkit = onFirstUse<typeof PDFDocument>('pdfkit');

type Doc = InstanceType<typeof PDFDocument>;

/** One badge ready to draw: its page, its QR as a form (see qrForm), and its text lines, in order, as the font shapes them. */
export interface MadeBadge {
  page: BadgePage;
  qr: QrForm;
  text: ShapedText[];
}

/**
 * pdfkit's embedded font, as the page writer uses it: its resource name and object, the subset that numbers its glyphs,
 * and the widths and characters it writes for each (what its own `encode` fills in, from text it shapes again).
 */
interface PdfFont {
  id: string;
  ref(): unknown;
  subset: { includeGlyph(glyphId: number): number };
  widths: number[];
  unicode: number[][];
  /** Font units to the thousandths of text space. */
  scale: number;
}

/** Fills as PDF writes them: `r g b rg` from `#RRGGBB`. */
const rgb = (hex: string) => [1, 3, 5].map((i) => n(parseInt(hex.slice(i, i + 2), 16) / 255)).join(' ');
const n = (v: number) => String(Math.round(v * 1000) / 1000);

/** A line as one text object: the glyphs it was measured with, numbered in the font's subset and kerned as shaped. */
function textOp(font: PdfFont, size: number, x: number, baseline: number, text: ShapedText): string | null {
  // A mark placed off its advance (not in names and organisations set in Noto Sans SC): pdfkit writes that line.
  if (text.offset) return null;
  let tj = '';
  for (let i = 0; i < text.glyphs.length; i++) {
    const gid = font.subset.includeGlyph(text.glyphs[i]!);
    font.widths[gid] ??= text.advances[i]! * font.scale;
    font.unicode[gid] ??= text.codePoints[i]!;
    tj += `<${gid.toString(16).padStart(4, '0')}>`;
    if (text.kerned[i] !== text.advances[i]) tj += ` ${n((text.advances[i]! - text.kerned[i]!) * font.scale)} `;
  }
  // The page's space runs downwards (pdfkit's), so the text matrix flips y back for upright glyphs.
  return `BT /${font.id} ${n(size)} Tf 1 0 0 -1 ${n(x)} ${n(baseline)} Tm [${tj}] TJ ET`;
}

/**
 * Writes one badge as one piece of page content: rectangles, text and the QR form, the operators written here rather
 * than through pdfkit's drawing calls, each of which turns a few characters into a buffer of their own. pdfkit still
 * owns the document: pages, the fonts (subset with their ToUnicode maps, so the text stays searchable) and the forms.
 */
function drawPage(doc: Doc, fonts: Record<FontWeight, PdfFont>, { page, qr, text }: MadeBadge, at: { x: number; y: number }, formName: string): void {
  let shaped = 0;
  const resources = doc.page as unknown as { fonts: Record<string, unknown>; xobjects: Record<string, unknown> };
  const ops: string[] = ['q', `1 0 0 1 ${n(at.x)} ${n(at.y)} cm`];
  if (page.background.toUpperCase() !== '#FFFFFF') ops.push(`${rgb(page.background)} rg 0 0 ${n(page.width)} ${n(page.height)} re f`);
  for (const box of page.boxes) {
    switch (box.kind) {
      case 'rect':
        ops.push(`${rgb(box.fill)} rg ${n(box.x)} ${n(box.y)} ${n(box.width)} ${n(box.height)} re f`);
        break;
      case 'text': {
        const font = fonts[box.weight];
        resources.fonts[font.id] ??= font.ref();
        ops.push(`${rgb(box.colour)} rg`);
        for (const line of box.lines) {
          const op = textOp(font, box.size, line.x, line.baseline, text[shaped++]!);
          if (op !== null) {
            ops.push(op);
            continue;
          }
          doc.addContent(ops.join('\n'));
          ops.length = 0;
          doc.font(box.weight).fontSize(box.size).fillColor(box.colour).text(line.text, line.x, line.baseline, { baseline: 'alphabetic', lineBreak: false });
        }
        break;
      }
      case 'qr': {
        if (box.payload !== qr.payload) throw new Error(`a badge drawn with the QR form of another payload (${qr.payload.slice(0, 12)}…)`);
        // Vectors in module units, all runs in one path filled once, so adjacent modules join without hairline seams
        // at any scale; a form of its own, compressed where it was made.
        const form = doc.ref({ Type: 'XObject', Subtype: 'Form', BBox: [0, 0, qr.modules, qr.modules], Filter: 'FlateDecode' });
        form.end(Buffer.from(qr.content.buffer, qr.content.byteOffset, qr.content.byteLength));
        resources.xobjects[formName] = form;
        const m = box.size / (qr.modules + 2 * QR_QUIET_ZONE);
        ops.push(`q ${n(m)} 0 0 ${n(m)} ${n(box.x + QR_QUIET_ZONE * m)} ${n(box.y + QR_QUIET_ZONE * m)} cm /${formName} Do Q`);
        break;
      }
    }
  }
  ops.push('Q');
  doc.addContent(ops.join('\n'));
}

/** The badges of a batch, made on this thread or as a badge thread sends them. */
export type Badges = Iterable<MadeBadge> | AsyncIterable<MadeBadge>;

/**
 * Writes badges into one PDF with the fonts subset into it, as they come: one badge per page, or several per sheet
 * with cut marks when a sheet layout is given (a batch mixing sizes starts a new sheet where the size changes).
 */
export async function renderPdf(badges: Badges, fonts: BadgeFonts, options: { sheet?: (badge: { width: number; height: number }) => SheetLayout; title?: string } = {}): Promise<{ pdf: Buffer; pages: number; badges: number }> {
  const doc = new (pdfkit())({ autoFirstPage: false, font: null as unknown as string, compress: true, info: { Title: options.title ?? 'Badges', Producer: 'Lanyard', Creator: 'Lanyard' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', fonts.faces.regular as unknown as string);
  doc.registerFont('bold', fonts.faces.bold as unknown as string);
  // pdfkit's embedded font objects, each made once by selecting it: the page writer encodes text with them.
  const embedded = (weight: FontWeight) => (doc.font(weight) as unknown as { _font: PdfFont })._font;
  const fontsOf = { regular: embedded('regular'), bold: embedded('bold') };
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
      drawPage(doc, fontsOf, badge, { x: 0, y: 0 }, formName);
      continue;
    }
    if (open === null || open.placed === open.sheet.slots.length || open.width !== width || open.height !== height) {
      closeSheet();
      open = { width, height, sheet: options.sheet({ width, height }), placed: 0 };
      doc.addPage({ size: [open.sheet.width, open.sheet.height], margin: 0 });
      pages++;
    }
    drawPage(doc, fontsOf, badge, open.sheet.slots[open.placed++]!, formName);
  }
  closeSheet();
  doc.end();
  return { pdf: await done, pages, badges: count };
}
