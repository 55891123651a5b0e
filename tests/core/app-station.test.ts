import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/app/station';
import { DEFAULT_EVENT_ID, DEMO_ATTENDEES, openStation } from '../../src/main/app/station';
import type { AppStatus, AuditEntry } from '../../src/shared/contract';

const dirs: string[] = [];
const open: Station[] = [];

afterEach(() => {
  for (const station of open.splice(0)) station.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function databaseFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-station-'));
  dirs.push(dir);
  return join(dir, 'userData', 'events', `${DEFAULT_EVENT_ID}.db`);
}

async function start(file: string, relaunch?: () => void): Promise<Station> {
  const station = await openStation({ databaseFile: file, nativeBinding: undefined, logger: { error: () => undefined }, version: '0.1.0-test', ...(relaunch ? { relaunch } : {}) });
  open.push(station);
  return station;
}

async function status(station: Station): Promise<AppStatus> {
  const r = await station.services.call('app:status', {}, { transport: 'cli' });
  if (!r.ok) throw new Error(r.error.message);
  return r.value as AppStatus;
}

describe('opening the station', () => {
  it('creates the CNMC 2024 event with a demo roster of 3,000 on first start, waiting for its admin', async () => {
    const file = databaseFile();
    const station = await start(file);
    expect(existsSync(file)).toBe(true);
    const s = await status(station);
    expect(s.eventName.zh).toBe('2024中国新媒体大会');
    expect(s.attendees).toEqual({ total: DEMO_ATTENDEES, demo: DEMO_ATTENDEES });
    expect(s.needsAdmin).toBe(true);
    expect(s.version).toBe('0.1.0-test');
  });

  it('opens the same event on the next start without adding the roster again', async () => {
    const file = databaseFile();
    (await start(file)).close();
    const again = await start(file);
    expect((await status(again)).attendees.total).toBe(DEMO_ATTENDEES);
    const audit = await again.services.call('audit:list', { limit: 500 }, { transport: 'cli' });
    if (!audit.ok) throw new Error(audit.error.message);
    expect((audit.value as AuditEntry[]).filter((e) => e.action === 'demo.generate')).toHaveLength(1);
  });

  it('takes a database joined on screen as its own and starts the app again: the old file and its key kept beside, under a dated name', async () => {
    const file = databaseFile();
    const other = join(dirs.at(-1)!, 'joined.db');
    (await start(other)).close();
    let relaunched = 0;
    const station = await start(file, () => relaunched++);
    expect(existsSync(`${file}.signing-key`)).toBe(true);
    station.sync.adopt(other);
    await expect.poll(() => relaunched).toBe(1);
    expect(existsSync(other)).toBe(false);
    expect(existsSync(file)).toBe(true);
    const kept = readdirSync(dirname(file)).filter((f) => f.includes('.before-join-'));
    expect(kept.some((f) => f.endsWith('.signing-key'))).toBe(true);
    expect(kept.some((f) => /\.db\.before-join-[\d-]+T[\d-]+Z$/.test(f))).toBe(true);
  });
});
