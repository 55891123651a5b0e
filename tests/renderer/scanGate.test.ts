import { describe, expect, it } from 'vitest';
import { createScanGate, isTerminator } from '../../src/renderer/screens/door/scanGate';

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

  it('ends a burst on Enter or Tab, the two terminators scanners are set to send', () => {
    expect(isTerminator('Enter')).toBe(true);
    expect(isTerminator('Tab')).toBe(true);
    expect(isTerminator('A')).toBe(false);
  });
});
