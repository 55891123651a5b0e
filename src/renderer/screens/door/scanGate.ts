/**
 * What a USB hand scanner typing as a keyboard sends, made into scans: a burst of keys ended by Enter or Tab. The same
 * code again within `repeatMs` (a badge held under the scanner, a double trigger) is one scan, not two.
 */
export function createScanGate(repeatMs = 3_000): (code: string, now: number) => boolean {
  let last: { code: string; at: number } | null = null;
  return (code, now) => {
    const trimmed = code.trim();
    if (trimmed === '') return false;
    if (last !== null && last.code === trimmed && now - last.at < repeatMs) return false;
    last = { code: trimmed, at: now };
    return true;
  };
}

/** Keys that end a scanner's burst. */
export const isTerminator = (key: string): boolean => key === 'Enter' || key === 'Tab';
