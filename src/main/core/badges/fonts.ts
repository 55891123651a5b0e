import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Font } from 'fontkit';
import type { FontWeight } from '../../../shared/badge';
import { AppFailure } from '../../../shared/result';
import { onFirstUse } from '../lazy';
import type { FontMetrics } from './layout';

const fontkit = onFirstUse<typeof import('fontkit')>('fontkit');

/** A text as the font sets it, in font units: each glyph's id, advance and kerned advance, and the characters it draws. */
export interface ShapedText {
  /** The kerned advances' sum per em: the width at 1 pt. */
  width: number;
  glyphs: number[];
  advances: number[];
  kerned: number[];
  codePoints: number[][];
  /** Some glyph sits off its advance (a combining mark): the line is left to pdfkit's own text drawing. */
  offset: boolean;
}

/** The two faces every badge is set in, with their metrics and a glyph check; pdfkit subsets them into each PDF. */
export interface BadgeFonts extends FontMetrics {
  /** What pdfkit subsets, apart from what shapes text: a glyph fontkit first loads for a subset keeps no characters. */
  faces: Record<FontWeight, Font>;
  /** Characters of `text` the font cannot draw, each once, in order. */
  missing(text: string): string[];
  /** `text` shaped once, for its width and for the PDF, which draws the very glyphs that were measured. */
  shape(text: string, weight: FontWeight): ShapedText;
}

const FILES: Record<FontWeight, string> = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
};

/** Where a face's TTF is installed. */
export const fontPath = (weight: FontWeight): string => createRequire(import.meta.url).resolve(FILES[weight]);

/** A face opened twice over the same bytes: one object for pdfkit to subset, one to shape text. */
interface Face {
  embedded: Font;
  shaping: Font;
}

function openFace(weight: FontWeight): Face {
  const path = fontPath(weight);
  const bytes = readFileSync(path);
  const [embedded, shaping] = [fontkit().create(bytes), fontkit().create(bytes)];
  if (!('layout' in embedded) || !('layout' in shaping)) throw new Error(`${path} is a font collection, not one font`);
  return { embedded, shaping };
}

let loaded: BadgeFonts | null = null;

/** Noto Sans SC regular and bold, read from disk once per process (10 MB each; parsing is lazy). */
export function badgeFonts(): BadgeFonts {
  loaded ??= fontsFrom({ regular: openFace('regular'), bold: openFace('bold') });
  return loaded;
}

/** Ignorable for the glyph check: spacing and joiners that are never drawn. */
const invisible = (cp: number) => cp <= 0x20 || cp === 0x200b || cp === 0x200c || cp === 0x200d || cp === 0xfe0f || cp === 0xfe0e;

/** A whole text as fontkit sets it: what every text but a Chinese-only one is, and what that one must equal. */
export function layout(face: Font, text: string): ShapedText {
  const run = face.layout(text);
  return {
    width: run.advanceWidth / face.unitsPerEm,
    glyphs: run.glyphs.map((g) => g.id),
    advances: run.glyphs.map((g) => g.advanceWidth),
    kerned: run.positions.map((p) => p.xAdvance),
    codePoints: run.glyphs.map((g) => g.codePoints),
    offset: run.positions.some((p) => p.xOffset !== 0 || p.yOffset !== 0),
  };
}

/**
 * Chinese characters only: Noto Sans SC neither substitutes nor kerns between ideographs set horizontally, so such a
 * text is its characters' shapes side by side, each shaped once per process (a name is new on every badge; its
 * characters are not). tests/core/badges-fonts.test.ts holds this against fontkit's own layout.
 */
const IDEOGRAPHS = /^[\u3400-\u4dbf\u4e00-\u9fff]+$/;

const joined = (parts: readonly ShapedText[]): ShapedText => ({
  width: parts.reduce((sum, p) => sum + p.width, 0),
  glyphs: parts.flatMap((p) => p.glyphs),
  advances: parts.flatMap((p) => p.advances),
  kerned: parts.flatMap((p) => p.kerned),
  codePoints: parts.flatMap((p) => p.codePoints),
  offset: parts.some((p) => p.offset),
});

function fontsFrom(faces: Record<FontWeight, Face>): BadgeFonts {
  const shaped: Record<FontWeight, Map<string, ShapedText>> = { regular: new Map(), bold: new Map() };
  const regular = faces.regular.shaping;
  const bold = faces.bold.shaping;
  const shape = (text: string, weight: FontWeight): ShapedText => {
    const cache = shaped[weight];
    let s = cache.get(text);
    if (s === undefined) {
      s = text.length > 1 && IDEOGRAPHS.test(text) ? joined([...text].map((c) => shape(c, weight))) : layout(faces[weight].shaping, text);
      if (cache.size > 200_000) cache.clear();
      cache.set(text, s);
    }
    return s;
  };
  return {
    faces: { regular: faces.regular.embedded, bold: faces.bold.embedded },
    ascent: regular.ascent / regular.unitsPerEm,
    descent: -regular.descent / regular.unitsPerEm,
    shape,
    width: (text, weight) => shape(text, weight).width,
    missing(text) {
      const out: string[] = [];
      for (const char of text) {
        const cp = char.codePointAt(0)!;
        if (invisible(cp) || out.includes(char)) continue;
        if (!regular.hasGlyphForCodePoint(cp) || !bold.hasGlyphForCodePoint(cp)) out.push(char);
      }
      return out;
    },
  };
}

const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Refuses a badge whose text has a character the font cannot draw, naming it, rather than print a blank. */
export function assertDrawable(fonts: BadgeFonts, attendeeId: string, fields: Record<string, string | null>): void {
  for (const [field, text] of Object.entries(fields)) {
    if (text === null) continue;
    const missing = fonts.missing(text);
    if (missing.length > 0) {
      throw new AppFailure(
        'missing_glyph',
        `the badge font has no glyph for ${missing.map((c) => `“${c}” (${codePoint(c)})`).join(', ')} in the ${field} of attendee ${attendeeId}; correct the spelling or use a common variant before printing`,
        { attendeeId, field, characters: missing },
      );
    }
  }
}
