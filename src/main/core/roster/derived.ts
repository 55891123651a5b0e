import type { AttendeeRecord } from '../../../shared/attendee';
import type { SearchEntry, SearchSource } from '../search/terms';
import { searchEntry } from '../search/terms';
import { attendeeSortKeys } from './sortKey';

/**
 * What an attendee's fields give it before it is written: its sort keys and its search entry. Pure and about a third
 * of an import's work (pinyin), so an import computes it on its parse thread, off the thread that writes.
 */
export interface DerivedKeys {
  nameSort: string;
  orgSort: string;
  search: SearchEntry;
}

/** An attendee to write, with its derived keys when they were computed ahead. */
export type WritableAttendee = AttendeeRecord & { derived?: DerivedKeys | undefined };

export function deriveKeys(a: Omit<SearchSource, 'id'>): DerivedKeys {
  const keys = attendeeSortKeys(a);
  return { nameSort: keys.name, orgSort: keys.org, search: searchEntry(a) };
}
