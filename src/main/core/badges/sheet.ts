import { MM } from '../../../shared/badge';

export interface SheetLayout {
  width: number;
  height: number;
  /** Top-left corner of each badge on the sheet, row by row. */
  slots: Array<{ x: number; y: number }>;
  /** Cut marks, in the margin only, so none is printed on a badge. */
  marks: Array<{ x1: number; y1: number; x2: number; y2: number }>;
}

const A4 = { width: 210 * MM, height: 297 * MM };
// Office printers do not print the outer 4–5 mm; the marks need the margin beyond the badges.
const MIN_MARGIN = 8 * MM;
const MARK_GAP = 1.5 * MM;
const MARK_LENGTH = 5 * MM;

/**
 * Badges of one size laid out on A4 without gaps (one guillotine cut between neighbours), in whichever orientation
 * holds more, centred, with cut marks in the margin on the line of every badge edge.
 */
export function a4Sheet(badge: { width: number; height: number }): SheetLayout {
  const fit = (sheet: { width: number; height: number }) => ({
    sheet,
    columns: Math.max(1, Math.floor((sheet.width - 2 * MIN_MARGIN) / badge.width)),
    rows: Math.max(1, Math.floor((sheet.height - 2 * MIN_MARGIN) / badge.height)),
  });
  const portrait = fit(A4);
  const landscape = fit({ width: A4.height, height: A4.width });
  const best = landscape.columns * landscape.rows > portrait.columns * portrait.rows ? landscape : portrait;
  const { sheet, columns, rows } = best;
  const left = (sheet.width - columns * badge.width) / 2;
  const top = (sheet.height - rows * badge.height) / 2;
  const right = left + columns * badge.width;
  const bottom = top + rows * badge.height;

  const slots: SheetLayout['slots'] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) slots.push({ x: left + c * badge.width, y: top + r * badge.height });

  const marks: SheetLayout['marks'] = [];
  // A mark stops short of the badges and of the paper edge, shortened when the margin is narrow.
  const length = (margin: number) => Math.max(0, Math.min(MARK_LENGTH, margin - MARK_GAP - 2 * MM));
  for (let c = 0; c <= columns; c++) {
    const x = left + c * badge.width;
    const l = length(top);
    if (l > 0) {
      marks.push({ x1: x, y1: top - MARK_GAP - l, x2: x, y2: top - MARK_GAP });
      marks.push({ x1: x, y1: bottom + MARK_GAP, x2: x, y2: bottom + MARK_GAP + l });
    }
  }
  for (let r = 0; r <= rows; r++) {
    const y = top + r * badge.height;
    const l = length(left);
    if (l > 0) {
      marks.push({ x1: left - MARK_GAP - l, y1: y, x2: left - MARK_GAP, y2: y });
      marks.push({ x1: right + MARK_GAP, y1: y, x2: right + MARK_GAP + l, y2: y });
    }
  }
  return { width: sheet.width, height: sheet.height, slots, marks };
}
