import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { issueCredential } from '../../src/main/core/credentials/credentials';
import { vaultFor } from '../../src/main/core/credentials/keys';
import { openDatabase } from '../../src/main/core/db/open';
import { sql } from '../../src/main/core/db/sql';
import { generateDemoAttendees } from '../../src/main/core/demo/generate';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import { insertAttendees } from '../../src/main/core/roster/repo';
import { createServices, initEvent } from '../../src/main/core/services';

const dir = mkdtempSync(join(tmpdir(), 'lanyard-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a door process and kills it with SIGKILL once `after` scans were answered; returns the answered scan ids. */
function burstThenKill(db: string, codes: string, prefix: string, after: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/scan-burst.ts', db, 'tech-expo', codes, prefix], { stdio: ['ignore', 'pipe', 'pipe'] });
    const answered: string[] = [];
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') return;
      answered.push(line);
      if (answered.length === after) process.kill(child.pid!, 'SIGKILL');
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(answered) : reject(new Error(`the door process ended with ${code ?? signal} before it was killed: ${stderr}`))));
  });
}

describe('a door killed in the middle of a burst of scans', () => {
  it('keeps every scan it answered, and the database is intact, kill after kill', async () => {
    const db = join(dir, 'event.db');
    const event = cnmc2024();
    const setup = openDatabase(db);
    initEvent(setup, event, new Date('2024-10-14T00:00:00Z'));
    const attendees = generateDemoAttendees({ event, count: 2_000, seed: 11 });
    setup.tx(() => insertAttendees(setup, attendees, new Date('2024-10-14T00:00:00Z')));
    const codes = join(dir, 'codes.json');
    writeFileSync(codes, JSON.stringify(attendees.slice(0, 1_000).map((a) => issueCredential(setup, vaultFor(setup), a.id).payload)));
    setup.close();

    const answered: string[] = [];
    // Killed at different points of a 1,000-scan burst, four times over on the same file.
    for (const [round, after] of [137, 512, 901, 64].entries()) answered.push(...(await burstThenKill(db, codes, `r${round}`, after)));

    const after = openDatabase(db);
    try {
      expect(after.raw.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = new Set(after.all<{ id: string }>(sql`SELECT id FROM scan`).map((r) => r.id));
      expect(answered.length).toBeGreaterThanOrEqual(137 + 512 + 901 + 64);
      expect(answered.filter((id) => !stored.has(id))).toEqual([]);
      // A door started on the file counts from the log: everyone answered admitted, each once, nothing half-written.
      const counts = await createServices({ db: after, logger: { error: () => undefined }, badgeThreads: null }).call('scan:counts', { activityId: 'tech-expo' }, { transport: 'cli' });
      const distinct = after.get<{ n: number }>(sql`SELECT count(DISTINCT attendee_id) AS n FROM scan WHERE activity_id = 'tech-expo' AND outcome <> 'refused'`);
      expect(distinct!.n).toBeGreaterThanOrEqual(901);
      expect(counts).toMatchObject({ ok: true, value: { inside: distinct!.n, admitted: distinct!.n } });
    } finally {
      after.close();
    }
  }, 120_000);
});
