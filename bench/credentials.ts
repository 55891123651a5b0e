import { verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentialChecker, issueCredential } from '../src/main/core/credentials/credentials';
import { publicKeyFrom, storedPublicKey, vaultFor } from '../src/main/core/credentials/keys';
import { getEventInfo } from '../src/main/core/event/repo';
import { readCredential, signedText } from '../src/shared/credential';
import type { Measurement, Scenario } from './harness';
import { benchEvent, ms, percentile, round } from './harness';

const ROSTER = 100_000;
const BADGES = 5_000;
const SCENARIO = 'credentials.100k';

/** Issues badges for a spread of a 100k roster and checks them as a door would: signature, then the attendee's row. */
export const credentialScenario: Scenario = {
  name: SCENARIO,
  run: (): Measurement[] => {
    const dir = mkdtempSync(join(tmpdir(), 'lanyard-bench-cred-'));
    try {
      const { db, attendees } = benchEvent(dir, ROSTER);
      const vault = vaultFor(db);
      const step = Math.floor(ROSTER / BADGES);
      const issueMs: number[] = [];
      const payloads: string[] = [];
      for (let i = 0; i < ROSTER; i += step) {
        const t = process.hrtime.bigint();
        payloads.push(issueCredential(db, vault, attendees[i]!.id).payload);
        issueMs.push(ms(t));
      }
      const check = credentialChecker(db);
      for (const p of payloads.slice(0, 200)) check(p);
      const verifyMs: number[] = [];
      let accepted = 0;
      for (const p of payloads) {
        const t = process.hrtime.bigint();
        if (check(p).valid) accepted++;
        verifyMs.push(ms(t));
      }
      const forgedMs: number[] = [];
      for (const p of payloads) {
        const forged = `${p.slice(0, -2)}${p.at(-2) === '0' ? '1' : '0'}${p.at(-1)}`;
        const t = process.hrtime.bigint();
        check(forged);
        forgedMs.push(ms(t));
      }
      // The floor under any offline check: OpenSSL's Ed25519 verify of the same signatures, nothing else.
      const key = publicKeyFrom(storedPublicKey(db)!);
      const eventId = getEventInfo(db).id;
      const signed = payloads.map((p) => {
        const read = readCredential(p);
        if (!read.ok) throw new Error('an issued payload did not read back');
        return { text: Buffer.from(signedText(eventId, read.parts.attendeeId, read.parts.version)), signature: read.parts.signature };
      });
      const opensslMs: number[] = [];
      for (const { text, signature } of signed) {
        const t = process.hrtime.bigint();
        verify(null, text, key, signature);
        opensslMs.push(ms(t));
      }
      db.close();
      const m = (metric: string, value: number, unit: string): Measurement => ({ scenario: SCENARIO, metric, value, unit });
      return [
        m('issue a badge credential (Ed25519 sign) p50', round(percentile(issueMs, 50)), 'ms'),
        m(`verify a badge credential offline (signature + roster row), ${BADGES} badges over 100k attendees p50`, round(percentile(verifyMs, 50)), 'ms'),
        {
          ...m('verify a badge credential p99 (target ≤ 0.2)', round(percentile(verifyMs, 99)), 'ms'),
          reference: `OpenSSL Ed25519 verify alone (node:crypto) p50 ${round(percentile(opensslMs, 50))} ms, p99 ${round(percentile(opensslMs, 99))} ms`,
          ratio: round(percentile(verifyMs, 99) / percentile(opensslMs, 99), 2),
        },
        m('verify a forged credential p99', round(percentile(forgedMs, 99)), 'ms'),
        m('badges accepted', accepted, `of ${payloads.length}`),
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
