import type { KeyObject } from 'node:crypto';
import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { CROCKFORD_BASE32, issuerCertText } from '../../../shared/credential';
import { AppFailure } from '../../../shared/result';
import type { Db } from '../db/sql';
import { sql } from '../db/sql';
import type { KeyVault } from './keys';
import { fileVault, publicKeyFrom, publicKeyText, signingKey, storedPublicKey } from './keys';

/**
 * Desks' issuing keys (migration 019). The hub certifies a desk's public key with the event's key when the desk
 * pairs; the desk signs badges with its own key while the hub is away; every station checks the certificate and the
 * badge offline. No door ever holds a key that can issue.
 */

/** Where a desk keeps its issuing key: beside its database, PKCS#8 PEM, readable by its owner only. */
export const issuerKeyFile = (dbFile: string): string => `${dbFile}.issuer-key`;

/** A new issuing key pair for a station about to pair: the public half goes to the hub, the private half to `issuerKeyFile` once certified. */
export function newIssuerKey(): { privateKey: KeyObject; publicKey: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey: publicKeyText(createPublicKey(privateKey)) };
}

const isPublicKey = (text: unknown): text is string => typeof text === 'string' && /^[A-Za-z0-9_-]{43}$/.test(text);

/**
 * The hub certifies a desk's key under the next free issuer character (one a revoked desk had stays taken): null when
 * this hub holds no event key (the event came from another station's file) or all 32 characters are taken: that desk
 * then cannot sign badges, and says so when it tries. Call inside the pairing's transaction.
 */
export function certifyIssuer(db: Db, vault: KeyVault, stationId: string, publicKey: unknown, at: Date): string | null {
  if (!isPublicKey(publicKey)) return null;
  const stored = storedPublicKey(db);
  let eventKey: KeyObject;
  try {
    eventKey = signingKey(vault, stored);
  } catch {
    return null;
  }
  const taken = new Set(db.all<{ issuer: string }>(sql`SELECT issuer FROM issuer_key`).map((r) => r.issuer));
  const issuer = [...CROCKFORD_BASE32].find((c) => !taken.has(c));
  if (issuer === undefined) return null;
  const eventId = db.get<{ id: string }>(sql`SELECT id FROM event`)!.id;
  const certificate = sign(null, Buffer.from(issuerCertText(eventId, issuer, publicKey, stationId)), eventKey).toString('base64url');
  db.run(sql`INSERT INTO issuer_key (issuer, station_id, public_key, certificate, created_at) VALUES (${issuer}, ${stationId}, ${publicKey}, ${certificate}, ${at.toISOString()})`);
  return issuer;
}

/**
 * Revokes a station's right to issue: its badges the hub had placed up to now stay good at every door, any later one
 * is refused once this change reaches the door. Logged like any row, so it travels.
 */
export function revokeIssuer(db: Db, stationId: string, at: Date): void {
  db.run(sql`UPDATE issuer_key SET revoked_at = ${at.toISOString()}, revoked_through = (SELECT coalesce(max(hub_seq), 0) FROM sync_log)
    WHERE station_id = ${stationId} AND revoked_at IS NULL`);
}

/** This desk's own issuing key and character, or null when it has none (a door, a desk the hub did not certify, one revoked). */
export function deskIssuer(db: Db): { issuer: string; key: KeyObject } | null {
  const file = db.raw.name;
  if (db.raw.memory || file === '' || file === ':memory:') return null;
  const own = db.get<{ issuer: string; public_key: string; revoked_at: string | null }>(
    sql`SELECT k.issuer, k.public_key, k.revoked_at FROM issuer_key k JOIN sync_state s ON s.station_id = k.station_id AND s.role = 'desk'`,
  );
  if (!own) return null;
  if (own.revoked_at !== null) throw new AppFailure('forbidden', `this desk's right to issue badges was revoked at ${own.revoked_at}`);
  const vault: KeyVault = fileVault(issuerKeyFile(file));
  const key = vault.read();
  if (key === null) return null;
  if (publicKeyText(createPublicKey(key)) !== own.public_key) throw new AppFailure('conflict', `the issuing key at ${vault.where} is not the one the hub certified for this desk`);
  return { issuer: own.issuer, key };
}

export interface IssuerCheck {
  key: KeyObject;
  revokedThrough: number | null;
}

/**
 * An issuer as a door checks it: its public key once its certificate verifies under the event's key, else null.
 * Certificates are checked once per issuer row and kept while the row is unchanged.
 */
export function issuerLookup(db: Db): (eventId: string, eventKey: KeyObject, issuer: string) => IssuerCheck | null | 'forged' {
  const cache = new Map<string, { stamp: string; check: IssuerCheck | 'forged' }>();
  const row = db.statement('SELECT station_id, public_key, certificate, revoked_through FROM issuer_key WHERE issuer = ?');
  return (eventId, eventKey, issuer) => {
    const r = row.get(issuer) as { station_id: string; public_key: string; certificate: string; revoked_through: number | null } | undefined;
    if (r === undefined) return null;
    const stamp = `${eventId}\u0000${r.station_id}\u0000${r.public_key}\u0000${r.certificate}`;
    const cached = cache.get(issuer);
    if (cached && cached.stamp === stamp) return cached.check === 'forged' ? 'forged' : { ...cached.check, revokedThrough: r.revoked_through };
    const valid = isPublicKey(r.public_key) && verify(null, Buffer.from(issuerCertText(eventId, issuer, r.public_key, r.station_id)), eventKey, Buffer.from(r.certificate, 'base64url'));
    const check: IssuerCheck | 'forged' = valid ? { key: publicKeyFrom(r.public_key), revokedThrough: r.revoked_through } : 'forged';
    cache.set(issuer, { stamp, check });
    return check;
  };
}
