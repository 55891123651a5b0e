import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/open';
import type { Db } from '../../src/main/core/db/sql';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import { initEvent } from '../../src/main/core/services';
import { writeSetting } from '../../src/main/core/station/repo';
import { becomeHub, createPairing } from '../../src/main/core/sync/hub';
import { LISTEN_SETTING, SyncRunner } from '../../src/main/core/sync/runner';
import { joinHub } from '../../src/main/core/sync/station';
import { freePort } from '../helpers/port';

const dir = mkdtempSync(join(tmpdir(), 'lanyard-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A runner on `file` whose own connection the test can read. */
function runnerOn(file: string): { runner: SyncRunner; connection: () => Db } {
  let opened: Db | null = null;
  const runner = new SyncRunner({ dbFile: file, open: (f) => (opened = openDatabase(f)) });
  return { runner, connection: () => opened! };
}

describe('the sync runner a station app hosts', () => {
  it("keeps the hub's commits flushed to disk and lets a station's sync commit without waiting for the disk", async () => {
    const hubFile = join(dir, 'hub.db');
    const setup = openDatabase(hubFile);
    initEvent(setup, cnmc2024(), new Date('2024-10-15T01:00:00Z'));
    await becomeHub(setup, hubFile, 'office');
    writeSetting(setup, LISTEN_SETTING, `127.0.0.1:${await freePort()}`);
    setup.close();
    const hub = runnerOn(hubFile);
    const started = await hub.runner.restart();
    try {
      expect(started.running).toBe('hub');
      // A place the hub answered must survive a power cut: the station holding the answer never sends that entry again.
      expect(hub.connection().raw.pragma('synchronous', { simple: true })).toBe(2);
      const pairing = openDatabase(hubFile);
      const { code } = createPairing(pairing, { role: 'door', activityId: 'main-forum', name: 'B门', at: new Date() });
      pairing.close();
      const doorFile = join(dir, 'door.db');
      await joinHub({ dbFile: doorFile, code, name: 'B门' });
      const door = runnerOn(doorFile);
      expect((await door.runner.restart()).running).toBe('station');
      try {
        // What a station's sync writes is on the hub already; a short commit leaves the door's scans the lock.
        expect(door.connection().raw.pragma('synchronous', { simple: true })).toBe(1);
      } finally {
        await door.runner.stop();
      }
    } finally {
      await hub.runner.stop();
    }
  });
});
