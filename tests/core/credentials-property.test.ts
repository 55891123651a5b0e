import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { credentialChecker, issueCredential } from '../../src/main/core/credentials/credentials';
import { vaultFor } from '../../src/main/core/credentials/keys';
import { openDatabase } from '../../src/main/core/db/open';
import { sql } from '../../src/main/core/db/sql';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import { insertAttendees } from '../../src/main/core/roster/repo';
import { initEvent } from '../../src/main/core/services';
import { CROCKFORD_BASE32 as ALPHABET, normaliseScan } from '../../src/shared/credential';
import { attendee } from './roster-fixtures';

const IDS = ['0ZHANGSAN0', '1PQXR00000', '2WANGWW000', '3CHENDAWEN'];

/** A roster of four with current badges, replaced badges, a cancelled attendee and ticket codes. */
function station() {
  const db = openDatabase(':memory:');
  const at = new Date('2024-10-01T00:00:00Z');
  initEvent(db, cnmc2024(), at);
  db.tx(() => insertAttendees(db, IDS.map((id, i) => attendee({ id, phone: `1380000000${i}`, documentNumber: null, documentType: null, ticketCodes: [`TK${i}2024`] })), at));
  const issue = (id: string) => issueCredential(db, vaultFor(db), id).payload;
  const replaced = IDS.map(issue);
  db.run(sql`UPDATE attendee SET badge_version = badge_version + 1`);
  const current = IDS.map(issue);
  db.run(sql`UPDATE attendee SET status = 'cancelled', badge_version = badge_version + 1 WHERE id = ${IDS[3]!}`);
  const other = openDatabase(':memory:');
  initEvent(other, cnmc2024(), at);
  other.tx(() => insertAttendees(other, [attendee({ id: IDS[0]!, documentNumber: null, documentType: null })], at));
  const foreign = issueCredential(other, vaultFor(other), IDS[0]!).payload;
  return { db, accepted: new Set([current[0]!, current[1]!, current[2]!]), tickets: new Set(['TK02024', 'TK12024', 'TK22024']), samples: [...replaced, ...current, foreign] };
}

const char = fc.oneof(fc.constantFrom(...ALPHABET), fc.constantFrom('I', 'L', 'O', 'U', '-', ' ', '\n', '\u0000', 'Ｌ', '１', 'ａ'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));

type Op = (s: string, samples: readonly string[]) => string;
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.tuple(fc.nat(), char).map(([i, c]): Op => (s) => s.slice(0, i % (s.length + 1)) + c + s.slice((i % (s.length + 1)) + 1)),
  fc.tuple(fc.nat(), char).map(([i, c]): Op => (s) => s.slice(0, i % (s.length + 1)) + c + s.slice(i % (s.length + 1))),
  fc.nat().map((i): Op => (s) => s.slice(0, i % (s.length + 1)) + s.slice((i % (s.length + 1)) + 1)),
  fc.tuple(fc.nat(), fc.nat()).map(([i, j]): Op => (s) => {
    const a = [...s];
    const x = i % Math.max(1, a.length);
    const y = j % Math.max(1, a.length);
    [a[x], a[y]] = [a[y]!, a[x]!];
    return a.join('');
  }),
  fc.nat().map((n): Op => (s) => s.slice(0, n % (s.length + 1))),
  // A genuine signature (or header) from another badge spliced onto this one.
  fc.tuple(fc.nat(), fc.nat(122)).map(([k, cut]): Op => (s, samples) => s.slice(0, cut) + samples[k % samples.length]!.slice(cut)),
);

describe('credential verification under 100,000 mutated and random codes', () => {
  it('never throws and never accepts a code it did not issue', () => {
    const { db, accepted, tickets, samples } = station();
    const check = credentialChecker(db);
    const mayAccept = (raw: string) => accepted.has(normaliseScan(raw)) || tickets.has(normaliseScan(raw));
    const verdict = (raw: string) => {
      const r = check(raw);
      if (r.valid) expect(mayAccept(raw), `accepted ${JSON.stringify(raw)}`).toBe(true);
      return r;
    };

    const mutated = fc.tuple(fc.nat(samples.length - 1), fc.array(op, { minLength: 1, maxLength: 4 })).map(([k, ops]) => ops.reduce((s, f) => f(s, samples), samples[k]!));
    fc.assert(fc.property(mutated, (raw) => void verdict(raw)), { numRuns: 70_000, seed: 20241015 });

    const random = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: 119, maxLength: 119 }).map((s) => `L1${s}`),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
      fc.string({ unit: 'grapheme', maxLength: 2000 }),
    );
    fc.assert(fc.property(random, (raw) => void verdict(raw)), { numRuns: 30_000, seed: 20241016 });

    // The oracle is not vacuous: every current badge and ticket code is accepted, every other sample refused.
    for (const code of [...accepted, ...tickets]) expect(check(code).valid).toBe(true);
    for (const code of samples.filter((s) => !accepted.has(s))) expect(check(code).valid).toBe(false);
  });
});
