import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Font } from 'fontkit';
import type { FontWeight } from '../../../shared/badge';
import { AppFailure } from '../../../shared/result';
import { onFirstUse } from '../lazy';
import type { FontMetrics } from './layout';

const fontkit = onFirstUse<typeof import('fontkit')>('fontkit');

/** The two faces every badge is set in, with their metrics and a glyph check; pdfkit subsets them into each PDF. */
export interface BadgeFonts extends FontMetrics {
  faces: Record<FontWeight, Font>;
  /** Characters of `text` the font cannot draw, each once, in order. */
  missing(text: string): string[];
}

const FILES: Record<FontWeight, string> = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
};

/** Where a face's TTF is installed. */
export const fontPath = (weight: FontWeight): string => createRequire(import.meta.url).resolve(FILES[weight]);

function openFace(weight: FontWeight): Font {
  const path = fontPath(weight);
  const font = fontkit().create(readFileSync(path));
  if (!('layout' in font)) throw new Error(`${path} is a font collection, not one font`);
  return font;
}

let loaded: BadgeFonts | null = null;

/** Noto Sans SC regular and bold, read from disk once per process (10 MB each; parsing is lazy). */
export function badgeFonts(): BadgeFonts {
  loaded ??= fontsFrom({ regular: openFace('regular'), bold: openFace('bold') });
  return loaded;
}

/** Ignorable for the glyph check: spacing and joiners that are never drawn. */
const invisible = (cp: number) => cp <= 0x20 || cp === 0x200b || cp === 0x200c || cp === 0x200d || cp === 0xfe0f || cp === 0xfe0e;

export function fontsFrom(faces: Record<FontWeight, Font>): BadgeFonts {
  const widths: Record<FontWeight, Map<string, number>> = { regular: new Map(), bold: new Map() };
  const regular = faces.regular;
  return {
    faces,
    ascent: regular.ascent / regular.unitsPerEm,
    descent: -regular.descent / regular.unitsPerEm,
    width(text, weight) {
      const cache = widths[weight];
      let w = cache.get(text);
      if (w === undefined) {
        const face = faces[weight];
        // The same shaping pdfkit applies when it writes the text, so a fitted line is exactly as wide when drawn.
        w = face.layout(text).advanceWidth / face.unitsPerEm;
        if (cache.size > 200_000) cache.clear();
        cache.set(text, w);
      }
      return w;
    },
    missing(text) {
      const out: string[] = [];
      for (const char of text) {
        const cp = char.codePointAt(0)!;
        if (invisible(cp) || out.includes(char)) continue;
        if (!faces.regular.hasGlyphForCodePoint(cp) || !faces.bold.hasGlyphForCodePoint(cp)) out.push(char);
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
