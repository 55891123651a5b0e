import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StationRow } from '../../src/shared/sync';
import type { Running } from '../helpers/sync';
import { joinedStation, json, lanyardAsync, startLanyard, stop, waitFor } from '../helpers/sync';

/**
 * "End the event" reaches every station (issue #15, point 4), with real processes: `lanyard hub` and two stations
 * (a desk and a door) joined and synced by `lanyard station`. `lanyard forget` on the hub's file, while the hub runs,
 * removes the numbers there and logs a `forget` entry; each station applies it, deletes its copy of the roster
 * (numbers and names), rewrites its file, and the hub's Stations list says so. The test then greps every file for
 * the values it knew were there.
 */
const dir = mkdtempSync(join(tmpdir(), 'lanyard-forget-stations-'));
const hubDb = join(dir, 'office.db');
const deskDb = join(dir, 'desk.db');
const doorDb = join(dir, 'door.db');
let hub: Running | null = null;
const syncs: Running[] = [];

interface Known {
  id: string;
  phone: string | null;
  email: string | null;
  document: string | null;
  nameZh: string | null;
  nameEn: string | null;
}
let people: Known[] = [];

beforeAll(async () => {
  json(await lanyardAsync('init', '--db', hubDb));
  json(await lanyardAsync('import', join(import.meta.dirname, '../fixtures/registration-utf8-bom.csv'), '--db', hubDb));
  const raw = new BetterSqlite3(hubDb, { readonly: true });
  people = raw.prepare('SELECT id, phone, email, document_number AS document, name_zh AS nameZh, name_en AS nameEn FROM attendee ORDER BY id').all() as Known[];
  raw.close();
  hub = await startLanyard(['hub', '--db', hubDb, '--listen', '127.0.0.1:0']);
  syncs.push(await joinedStation(hubDb, deskDb, { role: 'desk', name: '报到台 1' }));
  syncs.push(await joinedStation(hubDb, doorDb, { role: 'door', activity: 'main-forum', name: '主论坛 A门' }));
}, 60_000);

afterAll(async () => {
  await Promise.all(syncs.map((s) => stop(s)));
  await stop(hub);
  rmSync(dir, { recursive: true, force: true });
});

/** Each known value found in a database's files (the file, its WAL, its shared memory), as "value in file". */
function leftIn(file: string, values: ReadonlyArray<string | null>): string[] {
  const found: string[] = [];
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (!existsSync(f)) continue;
    const bytes = readFileSync(f);
    for (const v of values) if (v !== null && Buffer.byteLength(v) >= 6 && bytes.includes(Buffer.from(v, 'utf8'))) found.push(`${v} in ${f.slice(dir.length + 1)}`);
  }
  return found;
}

const stations = async () => json<StationRow[]>(await lanyardAsync('stations', '--db', hubDb));
const numbers = () => people.flatMap((p) => [p.phone, p.email, p.document]);
/** The desk holds masked numbers (search needs the last four digits) and e-mail addresses; the door none of them. */
const deskCopies = () => people.flatMap((p) => [p.email, p.nameZh, p.nameEn]);

describe('ending the event on the hub', () => {
  it('tells the desk and the door, which delete their copies of the roster (numbers and names gone from their files), shown on the hub’s Stations list; the attendance counts unchanged', async () => {
    expect(numbers().filter((v) => v !== null).length).toBeGreaterThan(6);
    // A scan at the door, so the report has something to keep.
    const someone = people.find((p) => p.nameZh !== null)!;
    const code = json<{ payload: string }>(await lanyardAsync('credential', '--db', hubDb, '--attendee', someone.id)).payload;
    json(await lanyardAsync('scan', '--db', doorDb, '--activity', 'main-forum', '--code', code));
    type Figures = { activities: Array<{ id: string; registered: number; attended: number; noShows: number }>; attendedAny: number };
    const figures = async () => json<Figures>(await lanyardAsync('report', '--db', hubDb, '--out', join(dir, 'report.xlsx')));
    await waitFor('the door’s scan on the hub', async () => (await figures()).attendedAny === 1, 20_000, 300);
    // Both stations hold their copies to begin with: the desk the e-mails and names, both the names.
    await waitFor('both stations in sync', async () => (await stations()).every((s) => s.lastContact !== null && s.behind === 0), 20_000, 300);
    expect(leftIn(deskDb, deskCopies()).length).toBeGreaterThan(0);
    expect(leftIn(doorDb, people.flatMap((p) => [p.nameZh, p.nameEn])).length).toBeGreaterThan(0);
    expect((await stations()).map((s) => s.rosterDeleted)).toEqual([null, null]);
    const before = await figures();
    // A station does not end the event on its own: the hub does, and tells it.
    const refused = await lanyardAsync('forget', '--db', doorDb, '--confirm');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/paired with a hub/);
    expect(leftIn(doorDb, people.flatMap((p) => [p.nameZh, p.nameEn])).length).toBeGreaterThan(0);

    // The office ends the event on the hub's own file, while the hub runs.
    const forgot = json<{ phones: number; emails: number; documents: number; names: boolean }>(await lanyardAsync('forget', '--db', hubDb, '--confirm'));
    expect(forgot).toMatchObject({ names: false });
    expect(forgot.phones + forgot.emails + forgot.documents).toBeGreaterThan(6);
    await waitFor('both stations deleting their copies', async () => (await stations()).every((s) => s.rosterDeleted === true), 30_000, 300);

    expect(leftIn(hubDb, numbers())).toEqual([]);
    for (const file of [deskDb, doorDb]) {
      expect(leftIn(file, [...numbers(), ...people.flatMap((p) => [p.nameZh, p.nameEn])]), file).toEqual([]);
      const raw = new BetterSqlite3(file, { readonly: true });
      // What stays: each attendee by id, with category, region and registrations; and the scan log.
      expect(raw.prepare('SELECT count(*) AS n FROM attendee WHERE name_en = id AND name_zh IS NULL AND org_zh IS NULL AND phone IS NULL AND email IS NULL').get()).toEqual({ n: people.length });
      expect((raw.prepare('SELECT count(*) AS n FROM registration').get() as { n: number }).n).toBeGreaterThan(0);
      expect(raw.prepare("SELECT value FROM station_setting WHERE key = 'event.forgottenAt'").get()).toBeDefined();
      raw.close();
    }
    // The hub keeps names unless asked; every figure of the report is the same.
    expect(leftIn(hubDb, people.flatMap((p) => [p.nameZh])).length).toBeGreaterThan(0);
    expect(await figures()).toEqual(before);
  }, 120_000);
});
