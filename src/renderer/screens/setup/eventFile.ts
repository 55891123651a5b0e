import type { EventView } from '../../../shared/contract';
import type { Activity, Category, EventFile } from '../../../shared/event';
import { activitySchema, categorySchema } from '../../../shared/event';
import type { AppError } from '../../../shared/result';
import type { Bilingual, FieldProblem } from '../../../shared/text';

export type RefusalCode = 'invalid_event' | 'conflict';

/** What the event file panel last has to say: a success, or why nothing was changed. */
export type EventFileOutcome =
  | { kind: 'imported'; file: string; activities: number; categories: number }
  | { kind: 'demoRemoved'; removed: number }
  | { kind: 'notJson'; file: string; detail: string }
  | { kind: 'unreadable'; file: string }
  /** Main refused the file; it names each wrong field in problems, or says why in message. */
  | { kind: 'refused'; file: string; code: RefusalCode; problems: FieldProblem[]; message: string }
  | { kind: 'failed'; error: AppError };

/** How a list in the file differs from the station's, matching items by id. */
export interface ListChange {
  added: number;
  removed: number;
  edited: number;
}

/** What the import dialog tells the organiser before anything is sent; null where the file does not say. */
export interface EventFileChanges {
  name: Bilingual | null;
  renamed: boolean;
  activities: { count: number | null; change: ListChange | null };
  categories: { count: number | null; change: ListChange | null };
}

const field = (value: unknown, key: string): unknown => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined);

/** Equal as JSON, whatever the order of the keys. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => sameJson(field(a, k), field(b, k)));
}

/** Only the fields the station keeps count: main drops anything else in the file. */
function compareById<T extends { id: string }>(current: readonly T[], next: unknown, kept: ReadonlyArray<keyof T & string>): ListChange | null {
  if (!Array.isArray(next)) return null;
  const byId = new Map(current.map((item) => [item.id, item]));
  const nextIds = new Set<unknown>(next.map((item) => field(item, 'id')));
  let added = 0;
  let edited = 0;
  for (const item of next) {
    const before = byId.get(String(field(item, 'id')));
    if (!before) added += 1;
    else if (kept.some((key) => !sameJson(before[key], field(item, key)))) edited += 1;
  }
  return { added, removed: current.filter((item) => !nextIds.has(item.id)).length, edited };
}

const ACTIVITY_FIELDS = Object.keys(activitySchema.shape) as Array<keyof Activity>;
const CATEGORY_FIELDS = Object.keys(categorySchema.shape) as Array<keyof Category>;

/** Reads only what the dialog shows; whether the file is a valid event is for main to say. */
export function compareEventFile(current: EventView, file: unknown): EventFileChanges {
  const name = field(field(file, 'event'), 'name');
  const zh = field(name, 'zh');
  const en = field(name, 'en');
  const nextName = typeof zh === 'string' && typeof en === 'string' ? { zh, en } : null;
  const list = (key: string) => {
    const items = field(file, key);
    return Array.isArray(items) ? items.length : null;
  };
  return {
    name: nextName,
    renamed: nextName !== null && !sameJson(nextName, current.event.name),
    activities: { count: list('activities'), change: compareById(current.activities, field(file, 'activities'), ACTIVITY_FIELDS) },
    categories: { count: list('categories'), change: compareById(current.categories, field(file, 'categories'), CATEGORY_FIELDS) },
  };
}

/** The `[{path, message}]` main attaches to invalid_event and to most conflicts. */
export function fieldProblemsOf(error: AppError): FieldProblem[] {
  if (!Array.isArray(error.details)) return [];
  return error.details.filter((d): d is FieldProblem => typeof field(d, 'path') === 'string' && typeof field(d, 'message') === 'string');
}

export function exportFileName(file: EventFile): string {
  return `${file.event.id}.lanyard-event.json`;
}
