import { migration001 } from './001_event';
import { migration002 } from './002_roster';
import { migration003 } from './003_search';
import { migration004 } from './004_roster_sort';
import { migration005 } from './005_search_lean';
import { migration006 } from './006_search_id';
import { migration007 } from './007_event_key';
import { migration008 } from './008_badges';
import { migration009 } from './009_scans';
import { migration010 } from './010_scan_ledger';
import { migration011 } from './011_ticket_code_folded';
import { migration012 } from './012_sync';
import { migration013 } from './013_phone_tail';
import { migration014 } from './014_sync_epoch_base';
import { migration015 } from './015_sync_flags';
import { migration016 } from './016_scan_clock_offset';
import { migration017 } from './017_sync_badge_version';
import { migration018 } from './018_sync_rows';
import { migration019 } from './019_desk_issuers';
import { migration020 } from './020_station_health';
import { migration021 } from './021_kiosk';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** In order; each file's version is its position. Add a file, never edit a shipped one. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010, migration011, migration012, migration013, migration014, migration015, migration016, migration017, migration018, migration019, migration020, migration021];

export const SCHEMA_VERSION = MIGRATIONS.length;
