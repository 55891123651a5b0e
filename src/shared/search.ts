import { z } from 'zod';
import type { AttendeeStatus } from './attendee';

/** Which part of the attendee the query matched, best first in the ranking. */
export const SEARCH_MATCHES = ['name', 'pinyin', 'english', 'initials', 'organisation', 'phone', 'ticket'] as const;
export type SearchMatch = (typeof SEARCH_MATCHES)[number];

/** One attendee found by a search; the phone leaves main masked. */
export interface SearchHit {
  id: string;
  nameZh: string | null;
  nameEn: string | null;
  orgZh: string | null;
  orgEn: string | null;
  categoryId: string;
  status: AttendeeStatus;
  phoneMasked: string | null;
  matched: SearchMatch;
}

export const SEARCH_LIMIT_DEFAULT = 20;
export const SEARCH_LIMIT_MAX = 200;

export const searchInputSchema = z
  .object({
    query: z.string().max(100),
    limit: z.number().int().min(1).max(SEARCH_LIMIT_MAX).default(SEARCH_LIMIT_DEFAULT),
  })
  .strict();
export type SearchInput = z.infer<typeof searchInputSchema>;
