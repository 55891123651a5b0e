import type { BadgePage, BadgePreview } from './badge';
import { QR_QUIET_ZONE } from './badge';

export type QrRuns = BadgePreview['qr'];

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const n = (v: number) => Number(v.toFixed(2));

/** The QR's dark runs as one SVG path inside its box, quiet zone included. */
export function qrPath(box: { x: number; y: number; size: number }, { modules, runs }: QrRuns): string {
  const m = box.size / (modules + 2 * QR_QUIET_ZONE);
  return runs.map((r) => `M${n(box.x + (QR_QUIET_ZONE + r.column) * m)} ${n(box.y + (QR_QUIET_ZONE + r.row) * m)}h${n(r.length * m)}v${n(m)}h${n(-r.length * m)}z`).join('');
}

/**
 * A laid-out badge as SVG in PDF points: the preview the desk sees (with the badge font loaded as `family`), and the
 * HTML reference the bench prints through Chromium. Nothing is measured here: lines and sizes come fitted.
 */
export function badgeSvg(page: BadgePage, qr: (payload: string) => QrRuns, family = 'Noto Sans SC'): string {
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${n(page.width)}pt" height="${n(page.height)}pt" viewBox="0 0 ${n(page.width)} ${n(page.height)}">`];
  parts.push(`<rect width="${n(page.width)}" height="${n(page.height)}" fill="${page.background}"/>`);
  for (const box of page.boxes) {
    switch (box.kind) {
      case 'rect':
        parts.push(`<rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" fill="${box.fill}"/>`);
        break;
      case 'text':
        for (const line of box.lines) {
          parts.push(
            `<text x="${n(line.x)}" y="${n(line.baseline)}" font-family="${family}" font-size="${n(box.size)}" font-weight="${box.weight === 'bold' ? 700 : 400}" fill="${box.colour}">${escape(line.text)}</text>`,
          );
        }
        break;
      case 'qr':
        parts.push(`<path d="${qrPath(box, qr(box.payload))}" fill="#000"/>`);
        break;
    }
  }
  parts.push('</svg>');
  return parts.join('');
}
