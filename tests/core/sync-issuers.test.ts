import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { afterAll, describe, expect, it } from 'vitest';
import type { AttendeeRecord } from '../../src/shared/attendee';
import { DESK_CREDENTIAL_LENGTH } from '../../src/shared/credential';
import { credentialChecker, issueCredential } from '../../src/main/core/credentials/credentials';
import { certifyIssuer, issuerKeyFile, newIssuerKey, revokeIssuer } from '../../src/main/core/credentials/issuers';
import { vaultFor } from '../../src/main/core/credentials/keys';
import { openDatabase } from '../../src/main/core/db/open';
import type { Db } from '../../src/main/core/db/sql';
import { sql } from '../../src/main/core/db/sql';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import { newId } from '../../src/main/core/ids';
import { insertWalkIn } from '../../src/main/core/roster/repo';
import { initEvent } from '../../src/main/core/services';
import type { LogEntry } from '../../src/main/core/sync/log';
import { applyFromHub, entriesAfter, recordAcks, sequenceEntries, unsentEntries } from '../../src/main/core/sync/log';
import { bodyForRole } from '../../src/main/core/sync/rows';
import { installRowTriggers } from '../../src/main/core/sync/triggers';

/**
 * Badges a desk issues while the hub is away (issue 14, point 6): the desk signs with its own key, which the hub
 * certified with the event's key when it paired; a door checks both offline, tells a desk's badge for someone it has
 * not received yet from a forgery, and, once a desk's revocation reaches it, refuses what the hub had not placed first.
 * Files on disk (a desk's key is a file beside its database), exchanged by hand as StationSync does.
 */

const AT = new Date('2024-10-15T01:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'lanyard-issuers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The hub: an event with its signing key beside the file. A station starts as a copy of it, as a snapshot does. */
function hubFile(): { hub: Db; file: string } {
  const file = join(dir, `hub-${newId(6)}.db`);
  const hub = openDatabase(file);
  initEvent(hub, cnmc2024(), AT);
  hub.run(sql`INSERT INTO sync_state (one, role, station_id, station_name, epoch) VALUES (1, 'hub', 'hub-1', 'hub', 'E1')`);
  installRowTriggers(hub);
  return { hub, file };
}

function stationFrom(hub: Db, role: 'desk' | 'door', id: string): { db: Db; file: string } {
  const file = join(dir, `${id}-${newId(6)}.db`);
  hub.raw.exec(`VACUUM INTO '${file}'`);
  const db = openDatabase(file);
  db.run(sql`DELETE FROM sync_state`);
  db.run(sql`INSERT INTO sync_state (one, role, station_id, station_name, epoch, applied_through) VALUES (1, ${role}, ${id}, ${id}, 'E1', (SELECT coalesce(max(hub_seq), 0) FROM sync_log))`);
  return { db, file };
}

function exchange(hub: Db, db: Db, role: 'desk' | 'door'): void {
  recordAcks(db, sequenceEntries(hub, unsentEntries(db, 1000), AT));
  const through = db.get<{ n: number }>(sql`SELECT applied_through AS n FROM sync_state`)!.n;
  applyFromHub(db, entriesAfter(hub, through, 1000).map((e) => ({ ...e, body: bodyForRole(e.kind, e.body, role) })), AT);
}

/** A desk paired as `join` does it: its key certified by the hub, the private half beside its file. */
function pairDesk(hub: Db, id: string): { db: Db; file: string; issuer: string } {
  const key = newIssuerKey();
  const issuer = hub.tx(() => certifyIssuer(hub, vaultFor(hub), id, key.publicKey, AT));
  expect(issuer).toMatch(/^[0-9A-Z]$/);
  const desk = stationFrom(hub, 'desk', id);
  writeFileSync(issuerKeyFile(desk.file), key.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  return { ...desk, issuer: issuer! };
}

const walkIn = (id: string): AttendeeRecord => ({
  id, nameZh: '黄志明', nameEn: 'Wong Chi-ming', orgZh: '香港电台', orgEn: 'RTHK', title: null, categoryId: 'hkmt-media', region: 'hong_kong',
  phone: '+85291112222', email: null, documentType: null, documentNumber: null, externalId: null, attention: null, status: 'active', source: 'walk_in',
  isDemo: false, registrations: ['main-forum'], ticketCodes: [],
});

describe('badges a desk issues with its own certified key', () => {
  it('prints a walk-in’s badge at a desk with no hub in reach: 122 characters in a version 7 QR at M; a door that has not received the person says so, never “forged”', () => {
    const { hub } = hubFile();
    const door = stationFrom(hub, 'door', 'door-1');
    const desk = pairDesk(hub, 'desk-1');
    exchange(hub, door.db, 'door'); // the desk's certified key reaches the door
    const id = newId();
    desk.db.tx(() => insertWalkIn(desk.db, walkIn(id), AT));
    // The desk has no event key and the hub is not asked: the badge is signed here.
    expect(existsSync(`${desk.file}.signing-key`)).toBe(false);
    const { payload } = issueCredential(desk.db, vaultFor(desk.db), id);
    expect(payload).toHaveLength(DESK_CREDENTIAL_LENGTH);
    expect(payload.startsWith(`L2`)).toBe(true);
    const qr = QRCode.create(payload, { errorCorrectionLevel: 'M' });
    expect(qr.version).toBeLessThanOrEqual(7);
    expect(qr.segments.map((s) => s.mode.id)).toEqual(['Alphanumeric']);

    expect(credentialChecker(door.db)(payload)).toEqual({ valid: true, reason: 'not_yet_received', attendeeId: id, version: 1, issuer: desk.issuer });
    // A badge of the same shape whose signature is not the desk's is forged.
    const tampered = payload.slice(0, -2) + (payload.at(-2) === 'A' ? 'B' : 'A') + payload.at(-1);
    expect(credentialChecker(door.db)(tampered).reason).toBe('forged');
    // Once the walk-in and the issue reach the door through the hub, the badge is simply valid.
    exchange(hub, desk.db, 'desk');
    exchange(hub, door.db, 'door');
    expect(credentialChecker(door.db)(payload)).toEqual({ valid: true, reason: 'valid', attendeeId: id, version: 1 });
    // The door's file holds no key that can issue.
    expect(existsSync(issuerKeyFile(door.file))).toBe(false);
    expect(readFileSync(door.file).includes(Buffer.from('PRIVATE KEY'))).toBe(false);
  });

  it('after a desk is revoked, a door honours the badges the hub had placed before and refuses the ones after', () => {
    const { hub } = hubFile();
    const door = stationFrom(hub, 'door', 'door-1');
    const desk = pairDesk(hub, 'desk-1');
    const before = newId();
    const after = newId();
    const never = newId();
    desk.db.tx(() => insertWalkIn(desk.db, walkIn(before), AT));
    const early = issueCredential(desk.db, vaultFor(desk.db), before).payload;
    exchange(hub, desk.db, 'desk');
    // A stolen laptop: the admin revokes the desk; the thief's badges, issued afterwards, still reach the hub by some link.
    hub.tx(() => revokeIssuer(hub, 'desk-1', AT));
    desk.db.tx(() => insertWalkIn(desk.db, walkIn(after), AT));
    const late = issueCredential(desk.db, vaultFor(desk.db), after).payload;
    desk.db.tx(() => insertWalkIn(desk.db, walkIn(never), AT));
    const unseen = issueCredential(desk.db, vaultFor(desk.db), never).payload;
    recordAcks(desk.db, sequenceEntries(hub, unsentEntries(desk.db, 1000).filter((e) => !e.body.includes(never)), AT));
    exchange(hub, door.db, 'door');
    const check = credentialChecker(door.db);
    expect(check(early)).toMatchObject({ valid: true, reason: 'valid' });
    expect(check(late)).toMatchObject({ valid: false, reason: 'issuer_revoked' });
    expect(check(unseen)).toMatchObject({ valid: false, reason: 'issuer_revoked' });
  });

  it('a station that writes its own issuer into the log cannot make a door accept its badges: the certificate is the event’s', () => {
    const { hub } = hubFile();
    const door = stationFrom(hub, 'door', 'door-1');
    const desk = pairDesk(hub, 'desk-1');
    const rogue = newIssuerKey();
    // The desk swaps in a key of its own under a new character, with its own certificate copied over.
    const own = desk.db.get<{ certificate: string }>(sql`SELECT certificate FROM issuer_key WHERE issuer = ${desk.issuer}`)!;
    const entry: LogEntry = {
      id: 'row-rogue', origin: 'desk-1', kind: 'row', at: AT.toISOString(), seq: null,
      body: JSON.stringify({ t: 'issuer_key', op: 'insert', k: ['Z'], set: { station_id: 'desk-1', public_key: rogue.publicKey, certificate: own.certificate, created_at: AT.toISOString(), revoked_at: null, revoked_through: null }, seen: 0 }),
    };
    sequenceEntries(hub, [entry], AT);
    exchange(hub, door.db, 'door');
    expect(door.db.get(sql`SELECT 1 AS one FROM issuer_key WHERE issuer = 'Z'`)).toBeDefined();
    writeFileSync(issuerKeyFile(desk.file), rogue.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    desk.db.run(sql`DELETE FROM issuer_key`);
    desk.db.run(sql`INSERT INTO issuer_key (issuer, station_id, public_key, certificate, created_at) VALUES ('Z', 'desk-1', ${rogue.publicKey}, ${own.certificate}, ${AT.toISOString()})`);
    const id = newId();
    desk.db.tx(() => insertWalkIn(desk.db, walkIn(id), AT));
    expect(credentialChecker(door.db)(issueCredential(desk.db, vaultFor(desk.db), id).payload).reason).toBe('forged');
    // And a character no certificate names is an issuer the door does not know.
    expect(credentialChecker(door.db)(issueCredential(desk.db, vaultFor(desk.db), id).payload.replace(/^L2(.{4})Z/, 'L2$1Y')).reason).toBe('issuer_unknown');
  });
});
