import type { Migration } from './index';

/**
 * The self-service kiosk (issue #16): the event's kiosk rules — where the staffed desk is, said in both languages on
 * every "please go to the desk", and the categories whose badges are handed out there only — one JSON row that
 * travels to every station like the event's other rules (sync/triggers.ts).
 */
export const migration021: Migration = {
  version: 21,
  name: 'kiosk rules',
  sql: `
CREATE TABLE kiosk_rules (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  rules TEXT NOT NULL CHECK (json_valid(rules))
) STRICT;
`,
};
