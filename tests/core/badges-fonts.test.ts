import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { badgeFonts, fontPath, layout } from '../../src/main/core/badges/fonts';
import { generateDemoAttendees } from '../../src/main/core/demo/generate';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import type { FontWeight } from '../../src/shared/badge';

const faces = new Map<FontWeight, fontkit.Font>();

/** fontkit's own shaping of the whole text, on a face of its own (so no cache of the badge fonts is shared). */
function layoutWhole(weight: FontWeight, text: string) {
  let face = faces.get(weight);
  if (!face) faces.set(weight, (face = fontkit.create(readFileSync(fontPath(weight))) as fontkit.Font));
  return layout(face, text);
}

describe('badge text shaping', () => {
  it('sets a text of Chinese characters exactly as fontkit sets it whole, in both weights', () => {
    const names = generateDemoAttendees({ event: cnmc2024(), count: 400, seed: 7 }).flatMap((a) => (a.nameZh ? [a.nameZh] : []));
    // Beyond the demo's names: runs across the common and the rarer blocks, and characters that often pair in names.
    const runs = ['欧阳诸葛明', '单雪', '陳大文', '龘靐齉', '㐀㐁㐂', '一二三四五六七八九十', ...Array.from({ length: 200 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919) % 20900), 0x4e00 + ((i * 104729) % 20900), 0x4e00 + ((i * 1299709) % 20900)))];
    const fonts = badgeFonts();
    for (const weight of ['regular', 'bold'] as const) {
      for (const text of [...names, ...runs]) {
        const { width, ...rest } = fonts.shape(text, weight);
        const whole = layoutWhole(weight, text);
        expect(rest, `${weight} ${text}`).toEqual({ glyphs: whole.glyphs, advances: whole.advances, kerned: whole.kerned, codePoints: whole.codePoints, offset: whole.offset });
        expect(width, `${weight} ${text}`).toBeCloseTo(whole.width, 9);
      }
    }
  });
});
