import type { KeyObject } from 'node:crypto';
import { createHash, sign, verify } from 'node:crypto';
import type { CredentialCheck, IssuedCredential } from '../../../shared/credential';
import { deskSignedText, encodeCredential, isCredentialId, MAX_BADGE_VERSION, readCredential, signedText, tagOf } from '../../../shared/credential';
import { AppFailure } from '../../../shared/result';
import type { Db } from '../db/sql';
import { sql } from '../db/sql';
import { deskIssuer, issuerLookup } from './issuers';
import type { KeyVault } from './keys';
import { publicKeyFrom, signingKey } from './keys';

/** The 4-character tag a badge of this event carries: 20 bits of a digest of the event id and its public key. */
export const eventTag = (eventId: string, publicKey: string): string => tagOf(createHash('sha256').update(`${eventId}\u0000${publicKey}`).digest());

interface EventKeyRow {
  event_id: string;
  public_key: string;
}

/** The event's id and public key; a database without its event or key yet has neither. */
const eventKeyRow = (db: Db): EventKeyRow | undefined => db.get<EventKeyRow>(sql`SELECT e.id AS event_id, k.public_key FROM event e, event_key k`);

/**
 * The QR payload of an attendee's current badge, signed with the event's key where this station holds it (the hub,
 * a station on its own), else with this desk's certified issuing key, recording the issue so it travels to the doors.
 */
export function issueCredential(db: Db, vault: KeyVault, attendeeId: string): IssuedCredential {
  const attendee = db.get<{ status: string; badge_version: number }>(sql`SELECT status, badge_version FROM attendee WHERE id = ${attendeeId}`);
  if (!attendee) throw new AppFailure('not_found', `no attendee "${attendeeId}"`);
  if (!isCredentialId(attendeeId)) throw new AppFailure('conflict', `attendee id "${attendeeId}" is not one Lanyard issued, so it cannot go in a badge`);
  if (attendee.status === 'cancelled') throw new AppFailure('conflict', `attendee ${attendeeId} is cancelled; restore them before issuing a badge`);
  if (attendee.badge_version > MAX_BADGE_VERSION) throw new AppFailure('conflict', `attendee ${attendeeId} has had more than ${MAX_BADGE_VERSION} badges`);
  const row = eventKeyRow(db);
  const version = attendee.badge_version;
  if (row !== undefined && vault.read() === null) {
    const desk = deskIssuer(db);
    if (desk !== null) {
      const signature = sign(null, Buffer.from(deskSignedText(row.event_id, desk.issuer, attendeeId, version)), desk.key);
      db.run(sql`INSERT OR IGNORE INTO badge_issue (attendee_id, version, issuer, at) VALUES (${attendeeId}, ${version}, ${desk.issuer}, ${new Date().toISOString()})`);
      return { attendeeId, version, payload: encodeCredential({ tag: eventTag(row.event_id, row.public_key), issuer: desk.issuer, attendeeId, version, signature }) };
    }
  }
  const key = signingKey(vault, row?.public_key ?? null);
  if (row === undefined) throw new AppFailure('not_found', 'this database holds no event yet');
  const signature = sign(null, Buffer.from(signedText(row.event_id, attendeeId, version)), key);
  return { attendeeId, version, payload: encodeCredential({ tag: eventTag(row.event_id, row.public_key), attendeeId, version, signature }) };
}

/**
 * Checks scanned codes offline against the event's public key and the roster, never throwing on what was scanned:
 * every refusal has its own reason. Badges of this format are checked by signature; anything else may be a ticket code
 * of the registration system. The key is read once and again only when the event or its key changes.
 */
export function credentialChecker(db: Db): (raw: string) => CredentialCheck {
  let cached: (EventKeyRow & { key: KeyObject; tag: string }) | null = null;
  const attendeeRow = db.statement('SELECT status, badge_version FROM attendee WHERE id = ?');
  const ticketRow = db.statement('SELECT a.id, a.status FROM ticket_code t JOIN attendee a ON a.id = t.attendee_id WHERE t.code = ?');
  // Where the hub placed a desk's issue: the log's own place for the row (sync/triggers.ts names it so).
  const issued = db.statement("SELECT hub_seq AS seq FROM sync_log WHERE entity = 'badge_issue' || json_array(?, CAST(? AS INTEGER), ?)");
  const issuerOf = issuerLookup(db);
  const ticketRowFolded = db.statement('SELECT a.id, a.status FROM ticket_code t JOIN attendee a ON a.id = t.attendee_id WHERE upper(t.code) = upper(?) LIMIT 1');

  const eventKey = () => {
    const row = eventKeyRow(db);
    if (row === undefined) return null;
    if (cached === null || cached.event_id !== row.event_id || cached.public_key !== row.public_key) {
      cached = { ...row, key: publicKeyFrom(row.public_key), tag: eventTag(row.event_id, row.public_key) };
    }
    return cached;
  };

  // A ticket code as the registration system wrote it, else in any letter case (a scanner's caps lock, an IME).
  const byTicket = (raw: string): CredentialCheck | null => {
    const asWritten = raw.trim().normalize('NFKC');
    const found = (ticketRow.get(asWritten) ?? ticketRowFolded.get(asWritten)) as { id: string; status: string } | undefined;
    if (found === undefined) return null;
    return found.status === 'cancelled' ? { valid: false, reason: 'cancelled', attendeeId: found.id } : { valid: true, reason: 'ticket_code', attendeeId: found.id, version: null };
  };

  return (raw) => {
    const read = readCredential(raw);
    if (!read.ok) {
      if (read.reason === 'empty' || read.reason === 'too_long') return { valid: false, reason: read.reason };
      // Not a well-formed badge code: a ticket code of the registration system may look like anything.
      return byTicket(raw) ?? { valid: false, reason: read.reason === 'not_credential' ? 'unknown_code' : read.reason };
    }
    const { tag, issuer = null, attendeeId, version, signature } = read.parts;
    const event = eventKey();
    if (event === null) return { valid: false, reason: 'unknown_code' };
    if (tag !== event.tag) return { valid: false, reason: 'other_event' };
    if (issuer === null) {
      if (!verify(null, Buffer.from(signedText(event.event_id, attendeeId, version)), event.key, signature)) return { valid: false, reason: 'forged' };
    } else {
      // A desk's badge: its key certified by the event's, its signature, and, for a desk since revoked, an issue the hub placed first.
      const desk = issuerOf(event.event_id, event.key, issuer);
      if (desk === null) return { valid: false, reason: 'issuer_unknown' };
      if (desk === 'forged' || !verify(null, Buffer.from(deskSignedText(event.event_id, issuer, attendeeId, version)), desk.key, signature)) return { valid: false, reason: 'forged' };
      if (desk.revokedThrough !== null) {
        const seq = (issued.get(attendeeId, version, issuer) as { seq: number | null } | undefined)?.seq ?? null;
        if (seq === null || seq > desk.revokedThrough) return { valid: false, reason: 'issuer_revoked', attendeeId };
      }
    }
    const attendee = attendeeRow.get(attendeeId) as { status: string; badge_version: number } | undefined;
    if (attendee === undefined) return issuer === null ? { valid: false, reason: 'unknown_attendee', attendeeId } : { valid: true, reason: 'not_yet_received', attendeeId, version, issuer };
    if (attendee.status === 'cancelled') return { valid: false, reason: 'cancelled', attendeeId };
    if (version < attendee.badge_version) return { valid: false, reason: 'replaced', attendeeId };
    // A reprint a desk signed before its new version reached this station: the desk's certified signature says it is issued.
    if (version > attendee.badge_version) return issuer === null ? { valid: false, reason: 'not_issued', attendeeId } : { valid: true, reason: 'valid', attendeeId, version };
    return { valid: true, reason: 'valid', attendeeId, version };
  };
}
