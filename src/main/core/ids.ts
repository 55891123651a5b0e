import { randomBytes } from 'node:crypto';
import { CROCKFORD_BASE32 as ALPHABET } from '../../shared/credential';

// Crockford base32 (no I/L/O/U): ids survive QR alphanumeric mode and being read aloud.

/** A random id of `length` Crockford base32 characters (10 → 50 bits). */
export function newId(length = 10): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! & 31];
  return out;
}

/** The same alphabet from a caller's random source, for deterministic demo data. */
export function idFrom(next: () => number, length = 10): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[Math.floor(next() * 32) & 31];
  return out;
}
