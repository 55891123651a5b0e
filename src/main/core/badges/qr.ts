import { deflateSync } from 'node:zlib';
import type { QrRuns } from '../../../shared/badgeSvg';
import { onFirstUse } from '../lazy';

const qrcode = onFirstUse<typeof import('qrcode')>('qrcode');

/**
 * A badge's QR: qrcode encodes the data once with mask 0, and the mask is then chosen here, by the same penalty rules
 * qrcode applies (ISO/IEC 18004 §7.8.3, with qrcode's own reading of N4), all eight masks in one pass over a byte per
 * cell instead of qrcode's eight passes through its matrix object: 0.26 instead of 0.72 ms a symbol, and the same
 * symbol (a test compares them on random payloads). Half of a 1,000-badge batch's time was qrcode choosing masks.
 */

// Format information: the EC level and mask in 5 bits, BCH(15,5) protected, masked so it is never all zero.
const G15 = 0b10100110111;
const G15_MASK = 0b101010000010010;
const digits = (n: number) => 32 - Math.clz32(n);
const EC_M = 0;

function formatBits(mask: number): number {
  const data = (EC_M << 3) | mask;
  let d = data << 10;
  while (digits(d) - digits(G15) >= 0) d ^= G15 << (digits(d) - digits(G15));
  return ((data << 10) | d) ^ G15_MASK;
}

const MASKS: Array<(i: number, j: number) => boolean> = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_i, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i * j) % 3) + ((i + j) % 2)) % 2 === 0,
];

/** The format information's cells, as setFormat writes them, and the dark module beside them. */
const formatCells = (size: number): number[] => [
  ...Array.from({ length: 15 }, (_, i) => [(i < 6 ? i : i < 8 ? i + 1 : size - 15 + i) * size + 8, 8 * size + (i < 8 ? size - i - 1 : i < 9 ? 15 - i : 14 - i)]).flat(),
  (size - 8) * size + 8,
];

function setFormat(m: Uint8Array, size: number, mask: number): void {
  const bits = formatBits(mask);
  const cells = formatCells(size);
  for (let i = 0; i < 15; i++) {
    const bit = (bits >> i) & 1;
    m[cells[2 * i]!] = bit;
    m[cells[2 * i + 1]!] = bit;
  }
  m[cells[30]!] = 1;
}

// qrcode's penalty weights: runs of five or more (N1), 2×2 blocks (N2), finder-like patterns (N3), dark share (N4).
const N1 = 3;
const N2 = 3;
const N3 = 40;
const N4 = 10;

/**
 * The cells of all eight masked symbols at once, one byte a cell, bit k the cell under mask k: each penalty rule is a
 * few byte operations over all eight masks together, counted in histograms of byte values and split into the eight
 * masks' totals once at the end.
 */
interface Histograms {
  /** Uniform windows of 5 in a row or column: a run of L ≥ 5 holds L − 4 of them. */
  uniform5: Int32Array;
  /** …of which those starting a run: one per run of L ≥ 5, so N1 + (L − 5) = (L − 4) + 2 for each. */
  runStarts: Int32Array;
  blocks: Int32Array;
  finders: Int32Array;
  dark: Int32Array;
}

const histograms = (): Histograms => ({ uniform5: new Int32Array(256), runStarts: new Int32Array(256), blocks: new Int32Array(256), finders: new Int32Array(256), dark: new Int32Array(256) });

/** Rows of `x` (columns too, when given the transposed symbol): runs and finder-like patterns, qrcode's reading. */
function countLines(x: Uint8Array, size: number, h: Histograms): void {
  for (let r = 0; r < size; r++) {
    const at = r * size;
    for (let b = 0; b + 4 < size; b++) {
      const c = x[at + b]!;
      const u = ~(c ^ x[at + b + 1]!) & ~(c ^ x[at + b + 2]!) & ~(c ^ x[at + b + 3]!) & ~(c ^ x[at + b + 4]!) & 0xff;
      if (u === 0) continue;
      h.uniform5[u]!++;
      const start = b === 0 ? u : u & (c ^ x[at + b - 1]!);
      if (start !== 0) h.runStarts[start]!++;
    }
    // 1011101 0000 or 0000 1011101 in a window of 11 (qrcode's 0x5d0 and 0x05d).
    for (let b = 0; b + 10 < size; b++) {
      const o = at + b;
      const core = x[o + 4]! & ~x[o + 5]! & x[o + 6]!;
      if (core === 0) continue;
      const a = x[o]! & ~x[o + 1]! & x[o + 2]! & x[o + 3]! & core & ~x[o + 7]! & ~x[o + 8]! & ~x[o + 9]! & ~x[o + 10]! & 0xff;
      const z = ~x[o]! & ~x[o + 1]! & ~x[o + 2]! & ~x[o + 3]! & core & x[o + 7]! & x[o + 8]! & ~x[o + 9]! & x[o + 10]! & 0xff;
      if (a !== 0) h.finders[a]!++;
      if (z !== 0) h.finders[z]!++;
    }
  }
}

/** Each mask's total of one histogram. */
function perMask(histogram: Int32Array): number[] {
  const totals = [0, 0, 0, 0, 0, 0, 0, 0];
  for (let v = 1; v < 256; v++) {
    const n = histogram[v]!;
    if (n !== 0) for (let k = 0; k < 8; k++) if ((v >> k) & 1) totals[k]! += n;
  }
  return totals;
}

/** The mask qrcode would choose: the lowest penalty, the first of equals. */
function chooseMask(lanes: Uint8Array, size: number): number {
  const h = histograms();
  for (let k = 0; k < lanes.length; k++) h.dark[lanes[k]!]!++;
  for (let a = 0; a + 1 < size; a++) {
    for (let b = 0; b + 1 < size; b++) {
      const o = a * size + b;
      const p = lanes[o]!;
      const q = lanes[o + 1]!;
      const s = lanes[o + size]!;
      const t = lanes[o + size + 1]!;
      const uniform = (p & q & s & t) | (~(p | q | s | t) & 0xff);
      if (uniform !== 0) h.blocks[uniform]!++;
    }
  }
  countLines(lanes, size, h);
  const transposed = new Uint8Array(lanes.length);
  for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) transposed[j * size + i] = lanes[i * size + j]!;
  countLines(transposed, size, h);

  const [uniform5, runStarts, blocks, finders, dark] = [h.uniform5, h.runStarts, h.blocks, h.finders, h.dark].map(perMask);
  const cells = size * size;
  let best = 0;
  let lowest = Infinity;
  for (let k = 0; k < 8; k++) {
    const runs = uniform5![k]! + (N1 - 1) * runStarts![k]!;
    const points = runs + N2 * blocks![k]! + N3 * finders![k]! + Math.abs(Math.ceil((dark![k]! * 100) / cells / 5) - 10) * N4;
    if (points < lowest) {
      lowest = points;
      best = k;
    }
  }
  return best;
}

// Per symbol size: each cell's byte of mask flips (bit k: mask k flips it), and the format cells with their bits.
interface MaskPlan {
  flips: Uint8Array;
  format: Array<{ at: number; lanes: number }>;
}
const plans = new Map<number, MaskPlan>();
function maskPlan(size: number, reserved: Uint8Array): MaskPlan {
  let plan = plans.get(size);
  if (plan === undefined) {
    const flips = new Uint8Array(size * size);
    MASKS.forEach((at, k) => {
      for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) if (!reserved[i * size + j] && at(i, j)) flips[i * size + j]! |= 1 << k;
    });
    const format = new Map<number, number>();
    for (let k = 0; k < 8; k++) {
      const m = new Uint8Array(size * size);
      setFormat(m, size, k);
      formatCells(size).forEach((at) => format.set(at, (format.get(at) ?? 0) | (m[at]! << k)));
    }
    plan = { flips, format: [...format].map(([at, lanes]) => ({ at, lanes })) };
    plans.set(size, plan);
  }
  return plan;
}

/** The symbol's dark modules, row by row, and its size in modules. */
export function qrMatrix(payload: string): { size: number; dark: Uint8Array } {
  // A badge payload is alphanumeric by construction: naming the one segment skips qrcode's segment search.
  const data = /^[0-9A-Z $%*+\-./:]*$/.test(payload) ? [{ data: payload, mode: 'alphanumeric' as const }] : payload;
  const { modules } = qrcode().create(data, { errorCorrectionLevel: 'M', maskPattern: 0 });
  const size = modules.size;
  const { flips, format } = maskPlan(size, (modules as unknown as { reservedBit: Uint8Array }).reservedBit);
  const cells = size * size;
  // All eight candidates at once: qrcode's mask-0 symbol unmasked, then each mask's flips and format bits applied.
  const lanes = new Uint8Array(cells);
  const masked0 = modules.data;
  for (let k = 0; k < cells; k++) lanes[k] = (((masked0[k]! ^ flips[k]!) & 1) === 1 ? 0xff : 0) ^ flips[k]!;
  for (const f of format) lanes[f.at] = f.lanes;
  const mask = chooseMask(lanes, size);
  const dark = new Uint8Array(cells);
  for (let k = 0; k < cells; k++) dark[k] = (lanes[k]! >> mask) & 1;
  return { size, dark };
}

/** A QR's dark modules as horizontal runs, row by row: one rectangle per run instead of one per module. */
export function qrRuns(payload: string): QrRuns {
  const { size, dark } = qrMatrix(payload);
  const runs: QrRuns['runs'] = [];
  for (let row = 0; row < size; row++) {
    let start = -1;
    for (let column = 0; column <= size; column++) {
      const isDark = column < size && dark[row * size + column] === 1;
      if (isDark && start < 0) start = column;
      if (!isDark && start >= 0) {
        runs.push({ row, column: start, length: column - start });
        start = -1;
      }
    }
  }
  return { modules: size, runs };
}

/** A QR as a PDF form's content: its dark runs in module units, filled black in one path, already deflated. */
export interface QrForm {
  payload: string;
  modules: number;
  content: Uint8Array;
}

/**
 * Made wherever the badge is laid out (a batch's badge thread), so the thread writing the PDF only places it: the
 * runs are most of a badge's bytes, and compressing them most of the writing.
 */
export function qrForm(payload: string): QrForm {
  const { modules, runs } = qrRuns(payload);
  let content = '0 g\n';
  for (const r of runs) content += `${r.column} ${r.row} ${r.length} 1 re\n`;
  return { payload, modules, content: deflateSync(`${content}f\n`, { level: 4 }) };
}
