import type { KeyObject } from 'node:crypto';
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { AppFailure } from '../../../shared/result';
import type { Db } from '../db/sql';
import { sql } from '../db/sql';

/**
 * Where a station keeps the event's private signing key. It is never in the database (which door stations copy) nor in
 * the event JSON: beside a database file it is `<file>.signing-key`, PKCS#8 PEM, readable by its owner only.
 */
export interface KeyVault {
  /** Null when this station holds no private key: a door station checks badges but cannot issue them. */
  read(): KeyObject | null;
  /** Stores a new private key; an existing one is never overwritten. */
  create(key: KeyObject): void;
  /** Where the key lives, for messages. */
  readonly where: string;
}

export const signingKeyFile = (dbFile: string): string => `${dbFile}.signing-key`;

/** Reads the key file once per vault (a batch of badges signs from memory), checking its mode as it does. */
export function fileVault(file: string): KeyVault {
  let key: KeyObject | null = null;
  return {
    where: file,
    read: () => {
      if (key !== null) return key;
      if (!existsSync(file)) return null;
      // Windows has no owner-only mode bits to check; the file sits in the user's own profile there.
      if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
        throw new AppFailure('conflict', `the signing key ${file} is readable by other users; run \`chmod 600 ${file}\``);
      }
      key = createPrivateKey(readFileSync(file));
      return key;
    },
    create: (key) => {
      writeFileSync(file, key.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
    },
  };
}

// An in-memory database (tests) keeps its key in memory too, for as long as the database object lives.
const memoryKeys = new WeakMap<Db, KeyObject>();

function memoryVault(db: Db): KeyVault {
  return {
    where: 'memory',
    read: () => memoryKeys.get(db) ?? null,
    create: (key) => {
      if (memoryKeys.has(db)) throw new Error('this database has a signing key already');
      memoryKeys.set(db, key);
    },
  };
}

/** The vault that belongs with a database: the file beside it, or memory for an in-memory database. */
export function vaultFor(db: Db): KeyVault {
  const name = db.raw.name;
  return db.raw.memory || name === '' || name === ':memory:' ? memoryVault(db) : fileVault(signingKeyFile(name));
}

/** A public key as stored and exported: the raw 32 bytes, base64url. */
export const publicKeyText = (key: KeyObject): string => {
  const x = key.export({ format: 'jwk' }).x;
  if (typeof x !== 'string') throw new Error('not an Ed25519 key');
  return x;
};

export const publicKeyFrom = (text: string): KeyObject => createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: text }, format: 'jwk' });

export function storedPublicKey(db: Db): string | null {
  return db.get<{ public_key: string }>(sql`SELECT public_key FROM event_key`)?.public_key ?? null;
}

/**
 * Makes the event's key pair when the event has none (a new event, or a database from before keys): the private
 * half into the vault, the public half into the database. A private key already in the vault (a database made again
 * at the same path) is kept rather than replaced. The caller holds the transaction.
 */
export function ensureEventKey(db: Db, vault: KeyVault, at: Date): void {
  if (storedPublicKey(db) !== null) return;
  let key = vault.read();
  if (key === null) {
    key = generateKeyPairSync('ed25519').privateKey;
    vault.create(key);
  }
  db.run(sql`INSERT INTO event_key (singleton, public_key, created_at) VALUES (1, ${publicKeyText(createPublicKey(key))}, ${at.toISOString()})`);
}

const publicHalves = new WeakMap<KeyObject, string>();
const publicHalf = (key: KeyObject): string => {
  let text = publicHalves.get(key);
  if (text === undefined) publicHalves.set(key, (text = publicKeyText(createPublicKey(key))));
  return text;
};

/** The private key that signs badges for the event's stored public key: refused on a station without it, or with another event's. */
export function signingKey(vault: KeyVault, stored: string | null): KeyObject {
  const key = vault.read();
  if (stored === null || key === null) {
    throw new AppFailure('forbidden', 'this station holds no signing key for the event: badges are issued on the admin station that created it');
  }
  if (publicHalf(key) !== stored) {
    throw new AppFailure('conflict', `the signing key at ${vault.where} is not this event's key`);
  }
  return key;
}
