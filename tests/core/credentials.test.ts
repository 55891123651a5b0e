import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { afterEach, describe, expect, it } from 'vitest';
import { credentialChecker, issueCredential } from '../../src/main/core/credentials/credentials';
import { signingKeyFile, vaultFor } from '../../src/main/core/credentials/keys';
import { openDatabase } from '../../src/main/core/db/open';
import type { Db } from '../../src/main/core/db/sql';
import { sql } from '../../src/main/core/db/sql';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import { insertAttendees } from '../../src/main/core/roster/repo';
import { createServices, initEvent } from '../../src/main/core/services';
import { CREDENTIAL_LENGTH, CROCKFORD_BASE32, readCredential } from '../../src/shared/credential';
import { testStation } from '../helpers/core';
import { attendee } from './roster-fixtures';

const ZHANG = '0ZHANGSAN0';
const LI = '1PQXR00000';

function withRoster(db: Db, at = new Date('2024-10-15T01:30:00Z')) {
  db.tx(() =>
    insertAttendees(db, [
      attendee({ id: ZHANG, ticketCodes: ['TQ115A68V0H'] }),
      attendee({ id: LI, nameZh: '李四', nameEn: 'LI Si', phone: '13900001111', documentType: null, documentNumber: null, ticketCodes: ['tk-2024-0007'] }),
    ], at),
  );
  return db;
}

function memoryEvent(eventId = 'cnmc-2024') {
  const db = openDatabase(':memory:');
  const event = cnmc2024();
  initEvent(db, { ...event, event: { ...event.event, id: eventId } }, new Date('2024-10-01T00:00:00Z'));
  return withRoster(db);
}

const issue = (db: Db, id: string) => issueCredential(db, vaultFor(db), id).payload;
const bumpBadge = (db: Db, id: string) => db.run(sql`UPDATE attendee SET badge_version = badge_version + 1 WHERE id = ${id}`);

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'lanyard-cred-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('badge credentials', () => {
  it('is 121 uppercase alphanumeric characters that fit a version 7 QR at error correction M, in alphanumeric mode', () => {
    const payload = issue(memoryEvent(), ZHANG);
    expect(payload).toHaveLength(CREDENTIAL_LENGTH);
    expect(payload).toMatch(/^[0-9A-Z]+$/);
    const qr = QRCode.create(payload, { errorCorrectionLevel: 'M' });
    expect(qr.version).toBeLessThanOrEqual(7);
    expect(qr.segments.map((s) => s.mode.id)).toEqual(['Alphanumeric']);
  });

  it('verifies offline as valid for the attendee and version it was issued for', () => {
    const db = memoryEvent();
    expect(credentialChecker(db)(issue(db, ZHANG))).toEqual({ valid: true, reason: 'valid', attendeeId: ZHANG, version: 1 });
  });

  it('reads what a scanner or an input method may have done to it: blanks, a trailing Enter, lower case, full-width forms', () => {
    const db = memoryEvent();
    const payload = issue(db, ZHANG);
    const check = credentialChecker(db);
    const fullWidth = [...payload].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    for (const scanned of [`  ${payload}\r\n`, payload.toLowerCase(), fullWidth]) expect(check(scanned)).toMatchObject({ valid: true, attendeeId: ZHANG });
  });

  it('answers "replaced" to the old badge after a reprint and accepts the new one', () => {
    const db = memoryEvent();
    const old = issue(db, ZHANG);
    bumpBadge(db, ZHANG);
    const reprint = issue(db, ZHANG);
    const check = credentialChecker(db);
    expect(check(old)).toEqual({ valid: false, reason: 'replaced', attendeeId: ZHANG });
    expect(check(reprint)).toEqual({ valid: true, reason: 'valid', attendeeId: ZHANG, version: 2 });
  });

  it('answers "cancelled" to a cancelled attendee\'s badge, and "replaced" once restored (the badge may have changed hands)', async () => {
    const s = testStation();
    withRoster(s.db);
    const admin = await s.admin();
    const payload = (await s.must('credential:issue', { attendeeId: ZHANG }, admin)).payload;
    await s.must('roster:cancel', { id: ZHANG, reason: 'registration withdrawn' }, admin);
    expect(await s.must('credential:verify', { code: payload }, admin)).toEqual({ valid: false, reason: 'cancelled', attendeeId: ZHANG });
    await s.must('roster:restore', { id: ZHANG, reason: 'reinstated by the organiser' }, admin);
    expect(await s.must('credential:verify', { code: payload }, admin)).toMatchObject({ valid: false, reason: 'replaced' });
    expect(await s.must('credential:verify', { code: (await s.must('credential:issue', { attendeeId: ZHANG }, admin)).payload }, admin)).toMatchObject({ valid: true });
  });

  it('answers "not_issued" to a badge newer than the roster it is checked against', () => {
    const db = memoryEvent();
    bumpBadge(db, ZHANG);
    const newer = issue(db, ZHANG);
    db.run(sql`UPDATE attendee SET badge_version = 1 WHERE id = ${ZHANG}`);
    expect(credentialChecker(db)(newer)).toEqual({ valid: false, reason: 'not_issued', attendeeId: ZHANG });
  });

  it('answers "other_event" to a badge of another event, and of the same event id made again with a new key', () => {
    const ours = memoryEvent();
    const check = credentialChecker(ours);
    expect(check(issue(memoryEvent('wuzhen-2024'), ZHANG))).toEqual({ valid: false, reason: 'other_event' });
    expect(check(issue(memoryEvent(), ZHANG))).toEqual({ valid: false, reason: 'other_event' });
  });

  it('answers "forged" to a valid signature on a changed payload: another attendee, another version', () => {
    const db = memoryEvent();
    const zhang = issue(db, ZHANG);
    const li = issue(db, LI);
    const check = credentialChecker(db);
    const header = 2 + 4;
    expect(check(zhang.slice(0, header) + LI + zhang.slice(header + 10))).toEqual({ valid: false, reason: 'forged' });
    expect(check(li.slice(0, header + 10) + zhang.slice(header + 10))).toEqual({ valid: false, reason: 'forged' });
    expect(check(zhang.slice(0, header + 10) + '02' + zhang.slice(header + 12))).toEqual({ valid: false, reason: 'forged' });
  });

  it('refuses a second spelling of the same signature (unused trailing bits set), so no variant of a badge verifies', () => {
    const db = memoryEvent();
    const payload = issue(db, ZHANG);
    const last = CROCKFORD_BASE32.indexOf(payload.at(-1)!);
    const variant = payload.slice(0, -1) + CROCKFORD_BASE32[last | 1];
    expect(credentialChecker(db)(variant)).toEqual({ valid: false, reason: 'malformed' });
  });

  it('answers "unknown_attendee" to a genuine badge of someone no longer on the roster', () => {
    const db = memoryEvent();
    const payload = issue(db, LI);
    db.run(sql`DELETE FROM attendee WHERE id = ${LI}`);
    expect(credentialChecker(db)(payload)).toEqual({ valid: false, reason: 'unknown_attendee', attendeeId: LI });
  });

  it('gives every kind of garbage its own reason and never throws', () => {
    const db = memoryEvent();
    const payload = issue(db, ZHANG);
    const check = credentialChecker(db);
    expect(check('')).toEqual({ valid: false, reason: 'empty' });
    expect(check(' \t\r\n')).toEqual({ valid: false, reason: 'empty' });
    expect(check('Z'.repeat(1_000_000))).toEqual({ valid: false, reason: 'too_long' });
    expect(check(payload.slice(0, 80))).toEqual({ valid: false, reason: 'truncated' });
    expect(check(`${payload}${payload}`)).toEqual({ valid: false, reason: 'malformed' });
    expect(check(`${payload.slice(0, 50)}-${payload.slice(51)}`)).toEqual({ valid: false, reason: 'malformed' });
    expect(check('\u0000\u0001\uFFFD\uD800binary')).toEqual({ valid: false, reason: 'unknown_code' });
    expect(check('https://example.com/ticket?id=1')).toEqual({ valid: false, reason: 'unknown_code' });
    expect(check('张三')).toEqual({ valid: false, reason: 'unknown_code' });
  });

  it('accepts a ticket code of the registration system, as imported or in another case, and refuses a cancelled holder\'s', () => {
    const db = memoryEvent();
    const check = credentialChecker(db);
    expect(check('TQ115A68V0H')).toEqual({ valid: true, reason: 'ticket_code', attendeeId: ZHANG, version: null });
    expect(check(' tk-2024-0007\n')).toEqual({ valid: true, reason: 'ticket_code', attendeeId: LI, version: null });
    expect(check('tq115a68v0h')).toMatchObject({ valid: true, attendeeId: ZHANG });
    db.run(sql`UPDATE attendee SET status = 'cancelled' WHERE id = ${LI}`);
    expect(check('tk-2024-0007')).toEqual({ valid: false, reason: 'cancelled', attendeeId: LI });
  });

  it('refuses to issue for a cancelled or unknown attendee', () => {
    const db = memoryEvent();
    db.run(sql`UPDATE attendee SET status = 'cancelled' WHERE id = ${LI}`);
    expect(() => issue(db, LI)).toThrow(/cancelled/);
    expect(() => issue(db, 'NOBODY0000')).toThrow(/no attendee/);
  });

  it('reads its own format only as itself: a tag, an id, a version and 64 signature bytes', () => {
    const read = readCredential(issue(memoryEvent(), ZHANG));
    expect(read.ok && read.parts.attendeeId === ZHANG && read.parts.version === 1 && read.parts.signature.length === 64).toBe(true);
  });
});

describe('the event signing key', () => {
  it('is made with the event: the public half in the database, the private half beside it, readable by its owner only', () => {
    const dir = tempDir();
    const file = join(dir, 'event.db');
    const db = openDatabase(file);
    initEvent(db, cnmc2024(), new Date('2024-10-01T00:00:00Z'));
    const key = signingKeyFile(file);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(readFileSync(key, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const stored = db.get<{ public_key: string }>(sql`SELECT public_key FROM event_key`)!.public_key;
    expect(stored).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const dump = db.all<{ sql: string | null }>(sql`SELECT sql FROM sqlite_schema`).map((r) => r.sql).join('\n') + readFileSync(file).toString('latin1');
    expect(dump).not.toContain('PRIVATE KEY');
    db.close();
  });

  it('lets a door station with a copy of the database check badges but not issue them', async () => {
    const dir = tempDir();
    const admin = join(dir, 'admin.db');
    const db = openDatabase(admin);
    initEvent(db, cnmc2024(), new Date('2024-10-01T00:00:00Z'));
    withRoster(db);
    const payload = issue(db, ZHANG);
    db.raw.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const door = join(dir, 'door.db');
    copyFileSync(admin, door);
    const doorDb = openDatabase(door);
    const services = createServices({ db: doorDb });
    expect(existsSync(signingKeyFile(door))).toBe(false);
    expect(credentialChecker(doorDb)(payload)).toMatchObject({ valid: true, attendeeId: ZHANG });
    expect(() => issueCredential(doorDb, vaultFor(doorDb), ZHANG)).toThrow(/no signing key/);
    expect(services.db).toBe(doorDb);
    doorDb.close();
  });

  it('refuses a private key other users can read, and one that is not the event\'s', () => {
    const dir = tempDir();
    const file = join(dir, 'event.db');
    const db = openDatabase(file);
    initEvent(db, cnmc2024(), new Date('2024-10-01T00:00:00Z'));
    withRoster(db);
    chmodSync(signingKeyFile(file), 0o644);
    expect(() => issue(db, ZHANG)).toThrow(/readable by other users/);
    chmodSync(signingKeyFile(file), 0o600);
    const other = join(dir, 'other.db');
    initEvent(openDatabase(other), cnmc2024(), new Date('2024-10-01T00:00:00Z'));
    copyFileSync(signingKeyFile(other), signingKeyFile(file));
    expect(() => issue(db, ZHANG)).toThrow(/not this event's key/);
    db.close();
  });
});
