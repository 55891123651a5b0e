import { describe, expect, it } from 'vitest';
import { createScanGate, isTerminator } from '../../src/renderer/screens/door/scanGate';
import { tonesFor } from '../../src/renderer/screens/door/sounds';

describe('the door\'s scan gate', () => {
  it('takes a code once, and the same code again within three seconds as the same scan', () => {
    const accept = createScanGate(3_000);
    expect(accept('L1ABC', 1_000)).toBe(true);
    expect(accept('L1ABC', 2_500)).toBe(false);
    expect(accept(' L1ABC ', 3_999)).toBe(false);
    expect(accept('L1ABC', 4_000)).toBe(true);
  });

  it('takes another code at once, and ignores an empty burst', () => {
    const accept = createScanGate(3_000);
    expect(accept('L1ABC', 1_000)).toBe(true);
    expect(accept('L1XYZ', 1_010)).toBe(true);
    expect(accept('L1ABC', 1_020)).toBe(true);
    expect(accept('   ', 1_030)).toBe(false);
  });

  it('for a camera, takes a badge held in view once, and again only after it was out of view for three seconds', () => {
    const seen = createScanGate(3_000, { held: true });
    expect(seen('L1ABC', 1_000)).toBe(true);
    // Frame after frame for ten seconds: one scan.
    for (let at = 1_125; at <= 11_000; at += 125) expect(seen('L1ABC', at)).toBe(false);
    expect(seen('L1ABC', 13_999)).toBe(false);
    expect(seen('L1ABC', 17_000)).toBe(true);
  });

  it('ends a burst on Enter or Tab, the two terminators scanners are set to send', () => {
    expect(isTerminator('Enter')).toBe(true);
    expect(isTerminator('Tab')).toBe(true);
    expect(isTerminator('A')).toBe(false);
  });
});

describe('the door\'s sounds', () => {
  it('gives each outcome a sound of its own: one high chirp, two middle beeps, one long low buzz', () => {
    const [ok, warn, no] = (['admitted', 'admitted_with_warning', 'refused'] as const).map(tonesFor);
    expect(ok!.filter((t) => t.hz > 0)).toHaveLength(1);
    expect(warn!.filter((t) => t.hz > 0)).toHaveLength(2);
    expect(no!.filter((t) => t.hz > 0)).toHaveLength(1);
    expect(ok![0]!.hz).toBeGreaterThan(warn![0]!.hz);
    expect(warn![0]!.hz).toBeGreaterThan(no![0]!.hz);
    expect(no![0]!.ms).toBeGreaterThan(ok![0]!.ms * 3);
  });
});
