import { z } from 'zod';
import type { Bilingual } from './text';

/**
 * A badge credential as its QR carries it: uppercase Crockford base32 only, so QR alphanumeric mode holds it and a
 * keyboard-wedge scanner or a Chinese input method cannot mangle it (no lower case, no punctuation).
 *
 *   L1 · event tag (4) · attendee id (10) · badge version (2) · Ed25519 signature (103)  = 121 characters
 *
 * 121 fits a version 7 QR at error correction M (122 alphanumeric characters). The tag names the event in 20 bits, so
 * another event's badge is told apart before its signature is checked; the signature covers the full event id, the
 * attendee id and the version. This module only reads and writes the text; signing and checking are in main.
 *
 * A badge a registration desk issued with its own key (issue #14: a desk prints while the hub is away, and no door
 * holds a key that can issue) names that key in one character after the tag, and so fills the QR exactly:
 *
 *   L2 · event tag (4) · issuer (1) · attendee id (10) · badge version (2) · Ed25519 signature (103)  = 122 characters
 *
 * The issuer's public key reaches every station through the replicated log, certified by the event's key.
 */
export const CREDENTIAL_PREFIX = 'L1';
export const DESK_CREDENTIAL_PREFIX = 'L2';
export const CREDENTIAL_LENGTH = 121;
export const DESK_CREDENTIAL_LENGTH = 122;
export const TAG_LENGTH = 4;
export const ATTENDEE_ID_LENGTH = 10;
export const VERSION_LENGTH = 2;
export const SIGNATURE_BYTES = 64;
/** The largest badge version two base32 characters hold; a reprint beyond it is refused. */
export const MAX_BADGE_VERSION = 32 ** VERSION_LENGTH - 1;
/** Longer input than this is refused before it is even normalised: a scanner never sends it. */
export const MAX_SCAN_LENGTH = 512;

/** Crockford base32: upper case, no I/L/O/U; attendee ids (main/core/ids.ts) are spelt in it too, so they go in a badge as they are. */
export const CROCKFORD_BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ALPHABET = CROCKFORD_BASE32;
// Each character code's base32 value, -1 outside the alphabet: a table, as a scan is decoded on every door's hot path.
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;
const valueAt = (text: string, i: number): number => {
  const code = text.charCodeAt(i);
  return code < 128 ? VALUE[code]! : -1;
};
const SIGNATURE_CHARS = Math.ceil((SIGNATURE_BYTES * 8) / 5);

/** Why a code was accepted or refused: stable codes the door screen, the CLI and the scan log share. */
export const CREDENTIAL_REASONS = [
  'valid',
  'ticket_code',
  'empty',
  'too_long',
  'malformed',
  'truncated',
  'unknown_code',
  'other_event',
  'forged',
  'unknown_attendee',
  'replaced',
  'not_issued',
  'cancelled',
  'not_yet_received',
  'issuer_unknown',
  'issuer_revoked',
] as const;
export type CredentialReason = (typeof CREDENTIAL_REASONS)[number];

export type CredentialCheck =
  | { valid: true; reason: 'valid' | 'ticket_code'; attendeeId: string; version: number | null }
  /** Signed by a desk's certified key for someone this station has not received yet: each activity's rules say whether it admits them. */
  | { valid: true; reason: 'not_yet_received'; attendeeId: string; version: number; issuer: string }
  | { valid: false; reason: Exclude<CredentialReason, 'valid' | 'ticket_code' | 'not_yet_received'>; attendeeId?: string };

export const CREDENTIAL_MESSAGES: Record<CredentialReason, Bilingual> = {
  valid: { zh: '证件有效', en: 'Valid badge' },
  ticket_code: { zh: '报名系统票号有效', en: 'Valid ticket code from the registration system' },
  empty: { zh: '未读到任何内容', en: 'Nothing was scanned' },
  too_long: { zh: '内容过长，不是本系统的证件', en: 'Far too long to be a badge code' },
  malformed: { zh: '含有证件不会出现的字符', en: 'Contains characters no badge code has' },
  truncated: { zh: '证件码不完整，请重新扫描', en: 'The badge code is incomplete; scan again' },
  unknown_code: { zh: '无法识别的证件码', en: 'Not a code this event issued' },
  other_event: { zh: '其他活动的证件', en: 'A badge of another event' },
  forged: { zh: '签名不符，证件可能被伪造', en: 'The signature does not match: the badge may be forged' },
  unknown_attendee: { zh: '名单中没有此人', en: 'This attendee is not on the roster' },
  replaced: { zh: '此证件已被补打的新证件取代', en: 'This badge was replaced by a reprint' },
  not_issued: { zh: '本站尚未同步此证件', en: 'This badge is newer than this station’s roster' },
  cancelled: { zh: '参会资格已取消', en: 'This registration was cancelled' },
  not_yet_received: { zh: '其他报到台新登记，本站尚未收到此人信息', en: 'Registered at another desk; this station has not received them yet' },
  issuer_unknown: { zh: '签发此证件的报到台本站尚不认识', en: 'Issued by a desk this station does not know yet' },
  issuer_revoked: { zh: '签发此证件的报到台已被停用', en: 'Issued by a desk whose right to issue was revoked' },
};

/** What a scanner may have typed, as a code: surrounding blanks gone, full-width forms folded (an IME in full-width mode), upper case. */
export function normaliseScan(raw: string): string {
  const trimmed = raw.trim();
  // NFKC leaves printable ASCII as it is: what a hand scanner types skips it.
  return (/[^ -~]/.test(trimmed) ? trimmed.normalize('NFKC') : trimmed).toUpperCase();
}

export interface CredentialParts {
  tag: string;
  /** The desk key that signed it (one base32 character), or null for the event's own key. */
  issuer?: string | null;
  attendeeId: string;
  version: number;
  signature: Uint8Array;
}

function toBase32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  return bits > 0 ? out + ALPHABET[(buffer << (5 - bits)) & 31] : out;
}

/** Null unless `text` is exactly the canonical encoding of `length` bytes: unused trailing bits must be zero, so one signature has one spelling. */
function fromBase32(text: string, length: number): Uint8Array | null {
  if (text.length !== Math.ceil((length * 8) / 5)) return null;
  const out = new Uint8Array(length);
  let buffer = 0;
  let bits = 0;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const v = valueAt(text, i);
    if (v < 0) return null;
    buffer = (buffer << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (buffer >> bits) & 255;
      buffer &= (1 << bits) - 1;
    }
  }
  return buffer === 0 ? out : null;
}

function isBase32(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (valueAt(text, i) < 0) return false;
  return true;
}

/** Whether an attendee id can go in a credential: the 10 base32 characters every issued id has. */
export const isCredentialId = (id: string): boolean => id.length === ATTENDEE_ID_LENGTH && isBase32(id);

export function encodeCredential({ tag, issuer = null, attendeeId, version, signature }: CredentialParts): string {
  if (tag.length !== TAG_LENGTH || !isBase32(tag)) throw new Error(`an event tag is ${TAG_LENGTH} base32 characters`);
  if (issuer !== null && (issuer.length !== 1 || !isBase32(issuer))) throw new Error('an issuer is one base32 character');
  if (!isCredentialId(attendeeId)) throw new Error(`attendee id "${attendeeId}" cannot go in a credential`);
  if (!Number.isInteger(version) || version < 1 || version > MAX_BADGE_VERSION) throw new Error(`badge version ${version} is outside 1–${MAX_BADGE_VERSION}`);
  if (signature.length !== SIGNATURE_BYTES) throw new Error(`a signature is ${SIGNATURE_BYTES} bytes`);
  const v = ALPHABET[version >> 5]! + ALPHABET[version & 31]!;
  return issuer === null ? `${CREDENTIAL_PREFIX}${tag}${attendeeId}${v}${toBase32(signature)}` : `${DESK_CREDENTIAL_PREFIX}${tag}${issuer}${attendeeId}${v}${toBase32(signature)}`;
}

export type ReadCredential = { ok: true; parts: CredentialParts } | { ok: false; reason: 'empty' | 'too_long' | 'malformed' | 'truncated' | 'not_credential' };

/**
 * Reads a scanned code's shape, never throwing. `not_credential` means it is not in this format at all (it may still
 * be a ticket code of the registration system); the other refusals are final.
 */
export function readCredential(raw: string): ReadCredential {
  if (raw.length > MAX_SCAN_LENGTH) return { ok: false, reason: 'too_long' };
  const code = normaliseScan(raw);
  if (code === '') return { ok: false, reason: 'empty' };
  const desk = code.startsWith(DESK_CREDENTIAL_PREFIX);
  if (!desk && !code.startsWith(CREDENTIAL_PREFIX)) return { ok: false, reason: 'not_credential' };
  // The prefix's L is outside the base32 alphabet on purpose: no id or signature text can be mistaken for a badge code.
  if (!isBase32(code.slice(CREDENTIAL_PREFIX.length))) return { ok: false, reason: 'malformed' };
  const length = desk ? DESK_CREDENTIAL_LENGTH : CREDENTIAL_LENGTH;
  if (code.length < length) return { ok: false, reason: 'truncated' };
  if (code.length > length) return { ok: false, reason: 'malformed' };
  let at = CREDENTIAL_PREFIX.length;
  const take = (n: number) => code.slice(at, (at += n));
  const tag = take(TAG_LENGTH);
  const issuer = desk ? take(1) : null;
  const attendeeId = take(ATTENDEE_ID_LENGTH);
  const v = take(VERSION_LENGTH);
  const version = valueAt(v, 0) * 32 + valueAt(v, 1);
  const signature = fromBase32(take(SIGNATURE_CHARS), SIGNATURE_BYTES);
  if (signature === null || version < 1) return { ok: false, reason: 'malformed' };
  return { ok: true, parts: { tag, issuer, attendeeId, version, signature } };
}

/** The event's 20-bit tag from the first bytes of a digest of its id and public key (computed in main). */
export const tagOf = (digest: Uint8Array): string => toBase32(digest.subarray(0, 3)).slice(0, TAG_LENGTH);

/** The exact bytes an event's key signs for one badge version: a context string, so no other Lanyard signature can be replayed as one. */
export const signedText = (eventId: string, attendeeId: string, version: number): string => `lanyard-credential:1:${eventId}:${attendeeId}:${version}`;

/** What a desk's key signs for one badge version: its own context, naming the issuer, so a desk signature is never an event one. */
export const deskSignedText = (eventId: string, issuer: string, attendeeId: string, version: number): string => `lanyard-credential:2:${eventId}:${issuer}:${attendeeId}:${version}`;

/** What the event's key signs to certify a desk's issuing key: the issuer character, its public key and the station holding it. */
export const issuerCertText = (eventId: string, issuer: string, publicKey: string, stationId: string): string => `lanyard-issuer:1:${eventId}:${issuer}:${publicKey}:${stationId}`;

export interface IssuedCredential {
  attendeeId: string;
  version: number;
  payload: string;
}

export const credentialIssueSchema = z.object({ attendeeId: z.string().min(1).max(40) }).strict();
/** Any text a scanner could send, however long or strange: the check, not the schema, says what is wrong with it. */
export const credentialVerifySchema = z.object({ code: z.string().max(1_000_000) }).strict();
