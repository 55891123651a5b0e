import type { BadgeBox, BadgeContent, BadgeField, BadgeLayout, BadgePage, FontWeight } from '../../../shared/badge';
import { badgePageSize } from '../../../shared/badge';

/** Text measurement, injected so that layout stays pure: widths of text at 1 pt, and the font's extent per em. */
export interface FontMetrics {
  /** Advance width of `text` at a size of 1 pt. */
  width(text: string, weight: FontWeight): number;
  /** Above the baseline, per em. */
  ascent: number;
  /** Below the baseline, per em (positive). */
  descent: number;
}

export const LINE_SPACING = 1.15;
/** Between the entries of the access line: 主论坛 · 平行论坛二/五. */
export const ACCESS_SEPARATOR = ' · ';
const ELLIPSIS = '…';

interface Fit {
  size: number;
  lines: string[];
}

const isCjk = (cp: number) =>
  (cp >= 0x2e80 && cp <= 0x9fff) || (cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xff00 && cp <= 0xffef) || (cp >= 0x20000 && cp <= 0x3134f);
export const hasCjk = (text: string) => [...text].some((c) => isCjk(c.codePointAt(0)!));
// Punctuation that may not start a line (kinsoku): it stays with what comes before it.
const NO_LINE_START = new Set([...'，。、；：！？）》」』】〕…·,.;:!?)]}%']);
// And punctuation that may not end one: it goes with what follows.
const NO_LINE_END = new Set([...'（《「『【〔([{“‘']);

/**
 * Where a line may break: between any two Chinese characters, after a space or a hyphen in Latin text. Each unit
 * keeps its trailing spaces, so joining units gives the text back.
 */
export function breakUnits(text: string): string[] {
  const units: string[] = [];
  let word = '';
  const flush = () => {
    if (word !== '') units.push(word);
    word = '';
  };
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (word === '' && units.length > 0 && (NO_LINE_START.has(char) || char === ' ' || NO_LINE_END.has(units[units.length - 1]!.slice(-1)))) {
      units[units.length - 1] += char;
    } else if (char === ' ') {
      word += char;
      flush();
    } else if (isCjk(cp)) {
      flush();
      word = char;
      flush();
    } else {
      if (word.endsWith(' ')) flush();
      word += char;
      if (char === '-' || char === '/') flush();
    }
  }
  flush();
  return units;
}

/** A break unit with its widths in em: as laid (trailing spaces included) and as ending a line. */
interface Unit {
  text: string;
  width: number;
  trimmed: number;
}

const measure = (units: readonly string[], weight: FontWeight, metrics: FontMetrics): Unit[] => units.map((text) => ({ text, width: metrics.width(text, weight), trimmed: metrics.width(text.trimEnd(), weight) }));

/**
 * Greedy line filling at one size; null if the text needs more than `maxLines`. A unit wider than a line is split by
 * character. Widths are measured once per text (in em, whatever the size) and summed per unit, not per candidate line.
 */
function wrap(units: readonly Unit[], width: number, size: number, weight: FontWeight, maxLines: number, metrics: FontMetrics): string[] | null {
  const limit = width / size;
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  for (const unit of units) {
    if (lineWidth + unit.trimmed <= limit) {
      line += unit.text;
      lineWidth += unit.width;
      continue;
    }
    if (line !== '') {
      lines.push(line.trimEnd());
      line = '';
      lineWidth = 0;
      if (lines.length > maxLines) return null;
    }
    if (unit.trimmed <= limit) {
      line += unit.text;
      lineWidth += unit.width;
      continue;
    }
    for (const char of unit.text) {
      const w = metrics.width(char, weight);
      if (line !== '' && lineWidth + w > limit) {
        lines.push(line.trimEnd());
        line = '';
        lineWidth = 0;
        if (lines.length > maxLines) return null;
      }
      line += char;
      lineWidth += w;
    }
  }
  if (line.trim() !== '') {
    lines.push(line.trimEnd());
    if (lines.length > maxLines) return null;
  }
  return lines;
}

/** The last line cut to fit with an ellipsis: what the smallest size still cannot hold. */
function truncate(units: readonly Unit[], width: number, size: number, weight: FontWeight, maxLines: number, metrics: FontMetrics): string[] {
  const lines = wrap(units, width, size, weight, Number.MAX_SAFE_INTEGER, metrics) ?? [];
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1]!;
  while (last !== '' && metrics.width(last + ELLIPSIS, weight) * size > width) last = [...last].slice(0, -1).join('').trimEnd();
  kept[maxLines - 1] = last + ELLIPSIS;
  return kept;
}

export const blockHeight = (lines: number, size: number, metrics: FontMetrics) => (lines - 1) * size * LINE_SPACING + (metrics.ascent + metrics.descent) * size;

/**
 * The largest size (in half points, from `max` down to `min`) at which `text` fits the box in at most `maxLines`
 * lines; below `min` the text is cut with an ellipsis rather than run out of its box.
 */
export function fitText(text: string, box: { width: number; height: number }, weight: FontWeight, limits: { max: number; min: number; maxLines: number; breakAt?: string }, metrics: FontMetrics): Fit {
  const clean = text.trim().replace(/\s+/g, ' ');
  // A list (the access line) breaks only between its entries; an entry wider than a line is still split.
  const units = measure(limits.breakAt === undefined ? breakUnits(clean) : clean.split(limits.breakAt).map((part, i, all) => (i < all.length - 1 ? part + limits.breakAt : part)), weight, metrics);
  const { min, maxLines } = limits;
  const attempt = (size: number): Fit | null => {
    for (let n = 1; n <= maxLines; n++) {
      if (blockHeight(n, size, metrics) > box.height) return null;
      const lines = wrap(units, box.width, size, weight, n, metrics);
      if (lines !== null) return { size, lines };
    }
    return null;
  };
  // Fitting is monotone in size: binary search over half-point steps.
  let lo = Math.round(min * 2);
  let hi = Math.round(Math.max(limits.max, min) * 2);
  let best: Fit | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const fit = attempt(mid / 2);
    if (fit) {
      best = fit;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (best) return best;
  const lines = Math.max(1, Math.min(maxLines, Math.floor((box.height - (metrics.ascent + metrics.descent) * min) / (min * LINE_SPACING)) + 1));
  return { size: min, lines: truncate(units, box.width, min, weight, lines, metrics) };
}

const DARK = '#1A1A1A';
const LIGHT = '#FFFFFF';

function luminance(colour: string): number {
  const channel = (i: number) => {
    const c = parseInt(colour.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** Dark or white text, whichever contrasts more with the band (WCAG contrast ratio). */
export function textOn(background: string): string {
  const l = luminance(background);
  return (l + 0.05) / (luminance(DARK) + 0.05) >= (1.05 / (l + 0.05)) ? DARK : LIGHT;
}

interface Slot {
  field: Extract<BadgeBox, { kind: 'text' }>['field'];
  text: string | null;
  weight: FontWeight;
  max: number;
  min: number;
  maxLines: number;
  breakAt?: string;
  /** The slot's height as a share of the text column, before unused slots give their room away. */
  share: number;
  colour?: string;
}

/**
 * Lays out one badge: category band on top, names, organisation, title, the QR, the access line and the event at the
 * foot. Landscape pages put the QR on the right of the text column, portrait ones under it. Every text box is fitted
 * to its own box, and no box overlaps the QR.
 */
export function layoutBadge(layout: BadgeLayout, content: BadgeContent, metrics: FontMetrics): BadgePage {
  const { width, height } = badgePageSize(layout);
  const landscape = width > height;
  const scale = Math.min(width, height) / 216;
  const pad = 10 * scale;
  const on = (field: BadgeField) => layout.fields[field];
  const boxes: BadgeBox[] = [];
  const text = layout.colours.text;

  const bandHeight = (landscape ? 34 : 40) * scale;
  boxes.push({ kind: 'rect', x: 0, y: 0, width, height: bandHeight, fill: content.category.colour });
  if (on('categoryName')) {
    boxes.push(textBox({ field: 'categoryName', text: content.category.name, weight: 'bold', max: 18 * scale, min: 6, maxLines: 1, share: 0, colour: textOn(content.category.colour) }, { x: pad, y: 0, width: width - 2 * pad, height: bandHeight }, 'center', metrics, 'middle'));
  }

  const footHeight = on('event') ? 16 * scale : 0;
  if (on('event')) {
    boxes.push(textBox({ field: 'event', text: content.event, weight: 'regular', max: 8 * scale, min: 5, maxLines: 1, share: 0, colour: text }, { x: pad, y: height - footHeight - pad / 2, width: width - 2 * pad, height: footHeight }, landscape ? 'left' : 'center', metrics, 'middle'));
  }

  const top = bandHeight + pad;
  const bottom = height - footHeight - pad;
  const slots: Slot[] = [
    // A Chinese name is never split over two lines; a long Latin one may be.
    { field: 'nameMain', text: content.nameMain, weight: 'bold', max: 32 * scale, min: 9, maxLines: hasCjk(content.nameMain) ? 1 : 2, share: 0.3 },
    { field: 'nameSecond', text: on('nameEn') ? content.nameSecond : null, weight: 'regular', max: 14 * scale, min: 6, maxLines: 2, share: 0.17 },
    { field: 'organisation', text: on('organisation') ? content.organisation : null, weight: 'regular', max: 11 * scale, min: 5.5, maxLines: 2, share: 0.2 },
    { field: 'title', text: on('title') ? content.title : null, weight: 'regular', max: 9 * scale, min: 5.5, maxLines: 1, share: 0.1 },
  ];
  const access: Slot = { field: 'access', text: on('access') ? content.access : null, weight: 'bold', max: 9 * scale, min: 5.5, maxLines: 2, breakAt: ACCESS_SEPARATOR, share: 0.18 };

  if (landscape) {
    const qr = Math.min(bottom - top, width * 0.4);
    const qrX = width - pad - qr;
    boxes.push({ kind: 'qr', x: qrX, y: top + (bottom - top - qr) / 2, size: qr, payload: content.payload });
    const column = { x: pad, width: qrX - 2 * pad + pad / 2 };
    stack(boxes, [...slots, access], column, top, bottom, 'left', text, metrics);
  } else {
    const accessHeight = access.text ? 0.12 * (bottom - top) : 0;
    const qr = Math.min(width * 0.5, (bottom - top) * 0.42);
    const qrY = bottom - accessHeight - qr;
    boxes.push({ kind: 'qr', x: (width - qr) / 2, y: qrY, size: qr, payload: content.payload });
    stack(boxes, slots, { x: pad, width: width - 2 * pad }, top, qrY - pad / 2, 'center', text, metrics);
    if (access.text) boxes.push(textBox({ ...access, colour: text }, { x: pad, y: bottom - accessHeight, width: width - 2 * pad, height: accessHeight }, 'center', metrics, 'top'));
  }
  return { width, height, background: layout.colours.background, boxes };
}

/** Fills a column top to bottom with the slots that have text, giving each its share of the height. */
function stack(boxes: BadgeBox[], slots: Slot[], column: { x: number; width: number }, top: number, bottom: number, align: 'left' | 'center', colour: string, metrics: FontMetrics): void {
  const used = slots.filter((s) => s.text !== null && s.text.trim() !== '');
  const total = used.reduce((sum, s) => sum + s.share, 0);
  let y = top;
  for (const slot of used) {
    const h = ((bottom - top) * slot.share) / total;
    boxes.push(textBox({ ...slot, colour: slot.colour ?? colour }, { x: column.x, y, width: column.width, height: h }, align, metrics, 'top'));
    y += h;
  }
}

function textBox(slot: Slot & { colour: string }, box: { x: number; y: number; width: number; height: number }, align: 'left' | 'center', metrics: FontMetrics, vertical: 'top' | 'middle'): BadgeBox {
  const fit = fitText(slot.text ?? '', box, slot.weight, slot, metrics);
  const used = blockHeight(fit.lines.length, fit.size, metrics);
  const first = box.y + (vertical === 'middle' ? (box.height - used) / 2 : 0) + metrics.ascent * fit.size;
  return {
    kind: 'text',
    field: slot.field,
    ...box,
    size: fit.size,
    weight: slot.weight,
    colour: slot.colour,
    align,
    lines: fit.lines.map((line, i) => {
      const w = metrics.width(line, slot.weight) * fit.size;
      return { text: line, x: align === 'center' ? box.x + (box.width - w) / 2 : box.x, baseline: first + i * fit.size * LINE_SPACING, width: w };
    }),
  };
}
