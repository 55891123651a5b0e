import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/open';
import { insertAttendees } from '../../src/main/core/roster/repo';
import { BADGE_PEOPLE } from '../helpers/badges';
import { lanyard } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'lanyard-badges-'));
const db = join(dir, 'e.db');
const ARTIFACTS = join('tests', 'e2e', 'artifacts', 'badges');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  expect(lanyard('init', '--db', db).code).toBe(0);
  const handle = openDatabase(db);
  handle.tx(() => insertAttendees(handle, Object.values(BADGE_PEOPLE), new Date('2024-10-14T08:00:00Z')));
  handle.close();
});

const run = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const badge = (...args: string[]) => {
  const r = lanyard('badge', '--db', db, ...args);
  return { ...r, json: r.code === 0 ? (JSON.parse(r.stdout) as { badges: number; pages: number; skipped: Array<{ attendeeId: string; message: string }> }) : null };
};
/** The QR codes zbarimg finds on a rasterised page (an empty list when it finds none). */
function decodeQr(png: string): string[] {
  try {
    return execFileSync('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', png], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n').filter(Boolean);
  } catch {
    return [];
  }
}
const pageText = (pdf: string, page: number) => run('pdftotext', '-f', String(page), '-l', String(page), pdf, '-');

describe('badge PDFs', () => {
  it('names both names, embeds a subset of its font, and carries a QR that decodes to a credential verify accepts', () => {
    const pdf = join(dir, 'ouyang.pdf');
    const r = badge('--attendee', BADGE_PEOPLE.ouyang.id, '--out', pdf);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toEqual({ out: pdf, badges: 1, pages: 1, skipped: [] });

    const text = run('pdftotext', pdf, '-');
    expect(text).toContain('欧阳诸葛明');
    expect(text).toContain('Ouyang Zhugeming');
    expect(text).toContain('主论坛 · 平行论坛二/五');

    const fonts = run('pdffonts', pdf).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const row of fonts) expect(row).toMatch(/^[A-Z]{6}\+NotoSansSC-(Regular|Bold)\s+CID TrueType\s+Identity-H\s+yes yes yes/);

    run('pdftoppm', '-r', '200', '-png', '-singlefile', pdf, join(dir, 'ouyang'));
    const [payload, ...more] = decodeQr(join(dir, 'ouyang.png'));
    expect(more).toEqual([]);
    const issued = JSON.parse(lanyard('credential', '--db', db, '--attendee', BADGE_PEOPLE.ouyang.id).stdout) as { payload: string };
    expect(payload).toBe(issued.payload);
    expect(JSON.parse(lanyard('verify', '--db', db, '--code', payload!).stdout)).toEqual({ valid: true, reason: 'valid', attendeeId: BADGE_PEOPLE.ouyang.id });
  });

  it('refuses a badge with a character the font cannot draw, naming the character, instead of printing a blank', () => {
    const r = badge('--attendee', BADGE_PEOPLE.rare.id, '--out', join(dir, 'rare.pdf'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('“𠮷” (U+20BB7)');
    expect(r.stderr).toContain(BADGE_PEOPLE.rare.id);
  });

  it('prints everyone sorted by pinyin, leaving out the badge it cannot make and saying why', () => {
    const pdf = join(dir, 'all.pdf');
    const r = badge('--all', '--out', pdf);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json!.badges).toBe(6);
    expect(r.json!.skipped).toEqual([{ attendeeId: BADGE_PEOPLE.rare.id, message: expect.stringContaining('U+20BB7') }]);
    // Bartholomew, Chen, Lü, Ouyang, Shan (单 read as a surname), Wolfeschlegelsteinhausenbergerdorff.
    const order = ['Bartholomew', '陳大文', '吕洁', '欧阳诸葛明', '单雪', 'Wolfeschlegelstein'];
    order.forEach((name, i) => expect(pageText(pdf, i + 1)).toContain(name));
  });

  it('puts a batch on A4 sheets with cut marks, several badges a sheet', () => {
    const pdf = join(dir, 'sheet.pdf');
    const r = badge('--all', '--size', 'cr80', '--sheet', 'a4', '--out', pdf);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ badges: 6, pages: 1 });
    expect(run('pdfinfo', pdf)).toMatch(/Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)/);
    // Every QR decodes in one of two rasterisations: zbar misses a small symbol now and then at one pixel grid (a
    // CR80 badge's modules are ~0.4 mm), while the same symbol reads at the other (seen about once in 30 sheets).
    const read = new Set<string>();
    for (const dpi of ['200', '300']) {
      run('pdftoppm', '-r', dpi, '-png', '-singlefile', pdf, join(dir, `sheet-${dpi}`));
      for (const payload of decodeQr(join(dir, `sheet-${dpi}.png`))) read.add(payload);
    }
    expect(read.size).toBe(6);
  });

  it('refuses a selection that is not exactly one of attendees, a category, everyone or the unprinted', () => {
    expect(badge('--all', '--category', 'media', '--out', join(dir, 'x.pdf')).code).toBe(2);
    expect(badge('--all').code).toBe(2);
    const unknown = badge('--attendee', 'NOSUCH0000', '--out', join(dir, 'x.pdf'));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('NOSUCH0000');
  });

  it('saves rasterised badges of several categories in every stock size, each with a readable QR', () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const size of ['landscape-4x3', 'portrait-3x4', 'a6', 'cr80']) {
      const pdf = join(dir, `${size}.pdf`);
      expect(badge('--all', '--size', size, '--out', pdf).code).toBe(0);
      for (const old of readdirSync(ARTIFACTS).filter((f) => f.startsWith(`${size}-`))) rmSync(join(ARTIFACTS, old));
      run('pdftoppm', '-r', '150', '-png', pdf, join(ARTIFACTS, size));
      const pngs = readdirSync(ARTIFACTS).filter((f) => f.startsWith(`${size}-`));
      expect(pngs).toHaveLength(6);
      for (const png of pngs) expect(decodeQr(join(ARTIFACTS, png))).toHaveLength(1);
    }
  });
});
