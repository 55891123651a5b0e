import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lanyard } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'lanyard-cred-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lanyard credential and lanyard verify', () => {
  const db = join(dir, 'e.db');

  it('prints an attendee\'s badge payload, which verify accepts and a door station\'s copy accepts too', () => {
    expect(lanyard('init', '--db', db).code).toBe(0);
    expect(lanyard('demo', '--db', db, '--attendees', '20').code).toBe(0);
    const id = (JSON.parse(lanyard('search', 'a', '--db', db, '--limit', '1').stdout) as Array<{ id: string }>)[0]!.id;
    const issued = lanyard('credential', '--db', db, '--attendee', id);
    expect(issued.code, issued.stderr).toBe(0);
    const { payload, version } = JSON.parse(issued.stdout) as { payload: string; version: number };
    expect(version).toBe(1);
    expect(JSON.parse(lanyard('verify', '--db', db, '--code', payload).stdout)).toEqual({ valid: true, reason: 'valid', attendeeId: id });

    const door = join(dir, 'door.db');
    copyFileSync(db, door);
    expect(JSON.parse(lanyard('verify', '--db', door, '--code', payload).stdout)).toEqual({ valid: true, reason: 'valid', attendeeId: id });
    const refused = lanyard('credential', '--db', door, '--attendee', id);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/no signing key/);
  });

  it('prints a refusal with its reason, not an error, for garbage', () => {
    for (const [code, reason] of [['', 'empty'], ['L1ABC', 'truncated'], ['hello world', 'unknown_code']] as const) {
      const r = lanyard('verify', '--db', db, '--code', code);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({ valid: false, reason });
    }
    expect(lanyard('verify', '--db', db).code).toBe(2);
  });

  it('provisions a door station from the admin station\'s event file: it checks badges offline but cannot issue them', () => {
    const file = join(dir, 'event.json');
    expect(lanyard('event', 'export', '--db', db, '--out', file).code).toBe(0);
    const door = join(dir, 'provisioned.db');
    expect(lanyard('init', '--db', door, '--event', file).code).toBe(0);
    const id = (JSON.parse(lanyard('search', 'a', '--db', db, '--limit', '1').stdout) as Array<{ id: string }>)[0]!.id;
    const { payload } = JSON.parse(lanyard('credential', '--db', db, '--attendee', id).stdout) as { payload: string };
    // The door's roster is empty: the badge is genuine (signature and event accepted), its holder unknown there.
    expect(JSON.parse(lanyard('verify', '--db', door, '--code', payload).stdout)).toEqual({ valid: false, reason: 'unknown_attendee', attendeeId: id });
    expect(lanyard('verify', '--db', join(dir, 'other.db'), '--code', payload).code).toBe(2);
    expect(lanyard('init', '--db', join(dir, 'other.db')).code).toBe(0);
    expect(JSON.parse(lanyard('verify', '--db', join(dir, 'other.db'), '--code', payload).stdout)).toEqual({ valid: false, reason: 'other_event' });
    expect(existsSync(`${door}.signing-key`)).toBe(false);
    const refused = lanyard('event', 'import', '--db', join(dir, 'other.db'), file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/another signing key/);
  });
});
