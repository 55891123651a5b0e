import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { accessLine, badgeContent, eventDates, namePinyin } from '../../src/main/core/badges/content';
import { badgeFonts } from '../../src/main/core/badges/fonts';
import type { FontMetrics } from '../../src/main/core/badges/layout';
import { blockHeight, breakUnits, fitText, layoutBadge, textOn } from '../../src/main/core/badges/layout';
import { qrMatrix, qrRuns } from '../../src/main/core/badges/qr';
import { a4Sheet } from '../../src/main/core/badges/sheet';
import { badgeEventOf } from '../../src/main/core/badges/make';
import { badgeSvg } from '../../src/shared/badgeSvg';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import type { BadgeBox, BadgeContent, BadgeLayout, BadgeSize } from '../../src/shared/badge';
import { BADGE_SIZES, DEFAULT_BADGE_LAYOUT, MM, badgePageSize, layoutForCategory } from '../../src/shared/badge';
import { BADGE_PEOPLE } from '../helpers/badges';

const fonts = badgeFonts();
const event = cnmc2024();
const badgeEvent = badgeEventOf(event);
const PAYLOAD = `L1${'7'.repeat(119)}`;
const contentOf = (person: keyof typeof BADGE_PEOPLE): BadgeContent => badgeContent(badgeEvent, BADGE_PEOPLE[person], PAYLOAD);
const layoutOf = (size: BadgeSize): BadgeLayout => ({ ...DEFAULT_BADGE_LAYOUT, size, customMm: size === 'custom' ? { width: 90, height: 120 } : null });

/** Every glyph 1 em wide: layout arithmetic can be checked by hand. */
const monospace: FontMetrics = { width: (text) => [...text].length, ascent: 0.8, descent: 0.2 };

type TextBox = Extract<BadgeBox, { kind: 'text' }>;
const texts = (boxes: BadgeBox[]) => boxes.filter((b): b is TextBox => b.kind === 'text');
const field = (boxes: BadgeBox[], name: TextBox['field']) => texts(boxes).find((b) => b.field === name);
const EPS = 1e-6;

describe('line breaking', () => {
  it('breaks between Chinese characters and after Latin words, keeping closing punctuation with what it closes', () => {
    expect(breakUnits('欧阳诸葛明')).toEqual(['欧', '阳', '诸', '葛', '明']);
    expect(breakUnits('Radio Television Hong Kong')).toEqual(['Radio ', 'Television ', 'Hong ', 'Kong']);
    expect(breakUnits('湖南日报（新媒体），长沙')).toEqual(['湖', '南', '日', '报', '（新', '媒', '体），', '长', '沙']);
    expect(breakUnits('Featherstonehaugh-Smythe')).toEqual(['Featherstonehaugh-', 'Smythe']);
    expect(breakUnits('主论坛 · 技术展').join('')).toBe('主论坛 · 技术展');
  });
});

describe('fitting text to its box', () => {
  it('keeps the largest size that fits, in half points', () => {
    // 10 glyphs of 1 em in 100 pt: 10 pt fits on one line.
    expect(fitText('一二三四五六七八九十', { width: 100, height: 50 }, 'bold', { max: 30, min: 6, maxLines: 1 }, monospace)).toEqual({ size: 10, lines: ['一二三四五六七八九十'] });
    expect(fitText('一二三', { width: 100, height: 50 }, 'bold', { max: 30, min: 6, maxLines: 1 }, monospace).size).toBe(30);
  });

  it('uses a second line when that keeps the text larger, and never more lines than allowed', () => {
    const fit = fitText('Alpha Beta Gamma Delta', { width: 60, height: 40 }, 'regular', { max: 20, min: 4, maxLines: 2 }, monospace);
    expect(fit.lines).toHaveLength(2);
    expect(fit.size).toBeGreaterThan(60 / 22);
    for (const line of fit.lines) expect(line.length * fit.size).toBeLessThanOrEqual(60 + EPS);
    expect(blockHeight(2, fit.size, monospace)).toBeLessThanOrEqual(40 + EPS);
  });

  it('cuts with an ellipsis what the smallest size cannot hold, instead of running out of the box', () => {
    const fit = fitText('x'.repeat(200), { width: 50, height: 8 }, 'regular', { max: 12, min: 5, maxLines: 2 }, monospace);
    expect(fit.size).toBe(5);
    expect(fit.lines).toHaveLength(1);
    expect(fit.lines[0]!.endsWith('…')).toBe(true);
    expect([...fit.lines[0]!].length * 5).toBeLessThanOrEqual(50);
  });

  it('breaks the access line only between its entries', () => {
    const fit = fitText('主论坛 · 平行论坛二/五 · 马栏山时间 · 技术展', { width: 120, height: 100 }, 'bold', { max: 10, min: 5, maxLines: 2, breakAt: ' · ' }, monospace);
    expect(fit.lines).toEqual(['主论坛 · 平行论坛二/五 ·', '马栏山时间 · 技术展']);
  });
});

describe('badge content', () => {
  it('writes a Chinese name in pinyin surname first, compound surnames and ü included', () => {
    expect(namePinyin('欧阳诸葛明')).toBe('Ouyang Zhugeming');
    expect(namePinyin('吕洁')).toBe('Lü Jie');
    expect(namePinyin('单雪')).toBe('Shan Xue');
    expect(namePinyin('张三')).toBe('Zhang San');
  });

  it('folds parallel forums into one entry of the access line and lists what the category opens in event order', () => {
    const c = contentOf('ouyang');
    expect(c.access).toBe('主论坛 · 平行论坛二/五 · 马栏山时间 · 技术展');
    expect(contentOf('trainee').access).toBe('主论坛 · 平行论坛四 · 马栏山时间 · 技术展 · 专题培训班');
    expect(contentOf('longLatin').access).toBe('Main Forum · Parallel Forum 3 · Malanshan Time · Tech Exhibition');
    expect(accessLine(event.activities, () => false, 'zh')).toBeNull();
  });

  it('puts the Chinese name first with its pinyin under it, and a Latin-only name alone', () => {
    expect(contentOf('ouyang')).toMatchObject({ nameMain: '欧阳诸葛明', nameSecond: 'Ouyang Zhugeming', category: { name: '演讲嘉宾  Speaker' } });
    expect(contentOf('hongKong')).toMatchObject({ nameMain: '陳大文', nameSecond: 'CHAN Tai Man', organisation: '香港電台' });
    expect(contentOf('longLatin')).toMatchObject({ nameSecond: null, organisation: 'International Federation of Digital Journalism and Media Innovation', event: '2024 China New Media Conference · Changsha · 2024.10.15–16' });
  });

  it('writes event dates compactly', () => {
    expect(eventDates('2024-10-15', '2024-10-16')).toBe('2024.10.15–16');
    expect(eventDates('2024-10-31', '2024-11-01')).toBe('2024.10.31–11.01');
    expect(eventDates('2024-12-31', '2025-01-01')).toBe('2024.12.31–2025.01.01');
    expect(eventDates('2024-10-15', '2024-10-15')).toBe('2024.10.15');
  });
});

describe('badge layout', () => {
  const overlaps = (a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; size: number }) =>
    a.x < b.x + b.size - EPS && b.x < a.x + a.width - EPS && a.y < b.y + b.size - EPS && b.y < a.y + a.height - EPS;

  for (const size of BADGE_SIZES) {
    for (const person of ['ouyang', 'longLatin', 'oneWord', 'hongKong', 'committee'] as const) {
      it(`fits every text box and keeps clear of the QR: ${person} on ${size}`, () => {
        const page = layoutBadge(layoutOf(size), contentOf(person), fonts);
        const qr = page.boxes.find((b) => b.kind === 'qr')!;
        expect(qr).toBeDefined();
        for (const box of texts(page.boxes)) {
          expect(box.x).toBeGreaterThanOrEqual(0);
          expect(box.y).toBeGreaterThanOrEqual(0);
          expect(box.x + box.width).toBeLessThanOrEqual(page.width + EPS);
          expect(box.y + box.height).toBeLessThanOrEqual(page.height + EPS);
          if (box.field !== 'categoryName') expect(overlaps(box, qr)).toBe(false);
          for (const line of box.lines) {
            expect(line.width).toBeLessThanOrEqual(box.width + EPS);
            expect(fonts.width(line.text, box.weight) * box.size).toBeCloseTo(line.width, 6);
            expect(line.baseline - fonts.ascent * box.size).toBeGreaterThanOrEqual(box.y - EPS);
            expect(line.baseline + fonts.descent * box.size).toBeLessThanOrEqual(box.y + box.height + EPS);
          }
        }
        // Modules of at least 0.5 mm even at version 7 (53 modules with the quiet zone): what a hand scanner reads at arm's length.
        expect(qr.size / 53).toBeGreaterThanOrEqual(0.5 * MM);
        expect(qr.x + qr.size).toBeLessThanOrEqual(page.width);
        expect(qr.y + qr.size).toBeLessThanOrEqual(page.height);
      });
    }
  }

  it('sets 欧阳诸葛明 large on one line and the 47-letter Latin name whole, without an ellipsis', () => {
    const ouyang = field(layoutBadge(layoutOf('landscape-4x3'), contentOf('ouyang'), fonts).boxes, 'nameMain')!;
    expect(ouyang.lines.map((l) => l.text)).toEqual(['欧阳诸葛明']);
    expect(ouyang.size).toBeGreaterThanOrEqual(24);
    for (const size of BADGE_SIZES) {
      const page = layoutBadge(layoutOf(size), contentOf('longLatin'), fonts);
      const name = field(page.boxes, 'nameMain')!;
      expect(name.lines.join(' ')).not.toContain('…');
      expect(name.lines.map((l) => l.text).join(' ')).toBe('Bartholomew Maximilian Featherstonehaugh-Smythe');
      expect(name.size).toBeGreaterThanOrEqual(9);
    }
  });

  it('leaves out the fields a layout turns off and gives their room to the others', () => {
    const full = layoutBadge(layoutOf('landscape-4x3'), contentOf('ouyang'), fonts);
    const bare = layoutBadge({ ...layoutOf('landscape-4x3'), fields: { categoryName: false, nameEn: false, organisation: false, title: false, access: false, event: false } }, contentOf('ouyang'), fonts);
    expect(texts(bare.boxes).map((b) => b.field)).toEqual(['nameMain']);
    expect(field(bare.boxes, 'nameMain')!.height).toBeGreaterThan(field(full.boxes, 'nameMain')!.height);
    expect(bare.boxes.filter((b) => b.kind === 'rect')).toHaveLength(1);
  });

  it('paints the band in the category colour with readable text on it', () => {
    const page = layoutBadge(layoutOf('portrait-3x4'), contentOf('hongKong'), fonts);
    expect(page.boxes.find((b) => b.kind === 'rect')).toMatchObject({ x: 0, y: 0, width: page.width, fill: '#B8860B' });
    expect(textOn('#B8860B')).toBe('#1A1A1A');
    expect(textOn('#1F4E9E')).toBe('#FFFFFF');
    expect(textOn('#FFFFFF')).toBe('#1A1A1A');
  });

  it('sizes pages as the stock is sold, a custom size included', () => {
    expect(badgePageSize(layoutOf('landscape-4x3')).width).toBeCloseTo(288, 9);
    expect(badgePageSize(layoutOf('landscape-4x3')).height).toBeCloseTo(216, 9);
    expect(badgePageSize(layoutOf('cr80')).width / MM).toBeCloseTo(85.6, 6);
    expect(badgePageSize(layoutOf('custom')).height / MM).toBeCloseTo(120, 6);
  });

  it('prints a category with the layout that lists it, else the first', () => {
    const card: BadgeLayout = { ...layoutOf('cr80'), id: 'card', categories: ['staff', 'volunteer'] };
    expect(layoutForCategory([DEFAULT_BADGE_LAYOUT, card], 'staff').id).toBe('card');
    expect(layoutForCategory([DEFAULT_BADGE_LAYOUT, card], 'delegate').id).toBe('standard');
  });
});

describe('A4 sheets', () => {
  for (const size of ['landscape-4x3', 'portrait-3x4', 'cr80', 'a6'] as const) {
    it(`places ${size} badges inside the sheet without overlap, with cut marks only in the margin`, () => {
      const badge = badgePageSize(layoutOf(size));
      const sheet = a4Sheet(badge);
      expect(sheet.slots.length).toBeGreaterThanOrEqual(size === 'a6' ? 2 : 4);
      for (const [i, a] of sheet.slots.entries()) {
        expect(a.x).toBeGreaterThanOrEqual(8 * MM - EPS);
        expect(a.y).toBeGreaterThanOrEqual(8 * MM - EPS);
        expect(a.x + badge.width).toBeLessThanOrEqual(sheet.width - 8 * MM + EPS);
        expect(a.y + badge.height).toBeLessThanOrEqual(sheet.height - 8 * MM + EPS);
        for (const b of sheet.slots.slice(i + 1)) expect(Math.abs(a.x - b.x) >= badge.width - EPS || Math.abs(a.y - b.y) >= badge.height - EPS).toBe(true);
      }
      const inside = (x: number, y: number) => sheet.slots.some((s) => x > s.x + EPS && x < s.x + badge.width - EPS && y > s.y + EPS && y < s.y + badge.height - EPS);
      expect(sheet.marks.length).toBeGreaterThan(0);
      for (const m of sheet.marks) {
        expect(inside(m.x1, m.y1) || inside(m.x2, m.y2) || inside((m.x1 + m.x2) / 2, (m.y1 + m.y2) / 2)).toBe(false);
        expect(Math.min(m.x1, m.x2, m.y1, m.y2)).toBeGreaterThan(0);
        expect(Math.max(m.x1, m.x2)).toBeLessThan(sheet.width);
        expect(Math.max(m.y1, m.y2)).toBeLessThan(sheet.height);
      }
    });
  }
});

describe('the QR as vectors', () => {
  it('is the very symbol qrcode makes, mask choice included, for random badge payloads and other text', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const masks = new Set<number>();
    for (let n = 0; n < 300; n++) {
      const payload = n % 50 === 49 ? `ticket-${n}-票号` : `L1${Array.from({ length: 119 }, () => alphabet[Math.floor(random() * 32)]).join('')}`;
      const expected = QRCode.create(payload, { errorCorrectionLevel: 'M' });
      masks.add(expected.maskPattern as number);
      const ours = qrMatrix(payload);
      expect(ours.size).toBe(expected.modules.size);
      expect(Buffer.from(ours.dark).equals(Buffer.from(expected.modules.data))).toBe(true);
    }
    // Random data leads qrcode to several masks, so the comparison covered the choice, not one fixed mask.
    expect(masks.size).toBeGreaterThanOrEqual(6);
  });

  it('covers exactly the dark modules with horizontal runs, and the SVG preview draws every run and every fitted line', () => {
    const { modules, runs } = qrRuns(PAYLOAD);
    // 121 alphanumeric characters at M need version 5 (37 modules), inside the version-7 bound.
    expect(modules).toBe(37);
    const dark = new Set<string>();
    for (const r of runs) for (let c = r.column; c < r.column + r.length; c++) dark.add(`${r.row},${c}`);
    expect(dark.size).toBe(runs.reduce((n, r) => n + r.length, 0));
    // The finder pattern's top row: seven dark modules from the corner.
    expect(runs.find((r) => r.row === 0 && r.column === 0)?.length).toBe(7);
    const page = layoutBadge(layoutOf('landscape-4x3'), contentOf('hongKong'), fonts);
    const svg = badgeSvg(page, qrRuns);
    expect(svg.match(/<text /g)).toHaveLength(texts(page.boxes).reduce((n, b) => n + b.lines.length, 0));
    expect(svg.match(/h[\d.]+v/g)).toHaveLength(runs.length);
    expect(svg).toContain('>陳大文</text>');
    expect(badgeSvg({ ...page, boxes: [{ ...texts(page.boxes)[1]!, lines: [{ text: 'A<B & "C"', x: 0, baseline: 10, width: 5 }] }] }, qrRuns)).toContain('A&lt;B &amp; &quot;C&quot;');
  });
});
