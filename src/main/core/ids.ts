import { randomBytes } from 'node:crypto';

// Crockford base32: uppercase, no I/L/O/U, so ids survive QR alphanumeric mode and being read aloud.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

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
