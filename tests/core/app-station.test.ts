import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

async function start(file: string): Promise<Station> {
  const station = await openStation({ databaseFile: file, nativeBinding: undefined, logger: { error: () => undefined }, version: '0.1.0-test' });
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
});
