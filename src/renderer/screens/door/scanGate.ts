/**
 * What a USB hand scanner typing as a keyboard sends, made into scans: a burst of keys ended by Enter or Tab. The same
 * code again within `repeatMs` (a badge held under the scanner, a double trigger) is one scan, not two. A camera sees
 * a badge held up in frame after frame: with `held`, every sighting restarts the wait, so the badge is scanned again
 * only after it has been out of view for `repeatMs`.
 */
export function createScanGate(repeatMs = 3_000, { held = false } = {}): (code: string, now: number) => boolean {
  let last: { code: string; at: number } | null = null;
  return (code, now) => {
    const trimmed = code.trim();
    if (trimmed === '') return false;
    if (last !== null && last.code === trimmed && now - last.at < repeatMs) {
      if (held) last.at = now;
      return false;
    }
    last = { code: trimmed, at: now };
    return true;
  };
}

/** Keys that end a scanner's burst. */
export const isTerminator = (key: string): boolean => key === 'Enter' || key === 'Tab';
