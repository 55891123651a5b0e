import { hostname } from 'node:os';
import type { StationConfig } from '../../../shared/station';
import { STATION_MODES } from '../../../shared/station';
import type { Db } from '../db/sql';
import { sql } from '../db/sql';

// Until someone names it, a station goes by its computer's name: language-neutral and unique on the venue LAN.
const defaultName = (): string => hostname().slice(0, 40) || 'Lanyard';

/** This station's own settings, kept in its database (they never sync: each laptop has its own screen). */
export function getStationConfig(db: Db): StationConfig {
  const rows = db.all<{ key: string; value: string }>(sql`SELECT key, value FROM station_setting`);
  const stored = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  const mode = STATION_MODES.find((m) => m === stored.mode) ?? null;
  return {
    name: stored.name ?? defaultName(),
    mode,
    activityId: mode === 'door' ? (stored.activityId ?? null) : null,
    language: stored.language === 'en' ? 'en' : 'zh',
  };
}

export function setStationConfig(db: Db, patch: Partial<StationConfig>): void {
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) writeSetting(db, key, value === null ? null : String(value));
}

/** One of this laptop's settings (the station's own, or another part's such as the hub's address), or null. */
export const readSetting = (db: Db, key: string): string | null => db.get<{ value: string }>(sql`SELECT value FROM station_setting WHERE key = ${key}`)?.value ?? null;

/** Sets one of this laptop's settings; null removes it. */
export function writeSetting(db: Db, key: string, value: string | null): void {
  if (value === null) db.run(sql`DELETE FROM station_setting WHERE key = ${key}`);
  else db.run(sql`INSERT INTO station_setting (key, value) VALUES (${key}, ${value}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
}
