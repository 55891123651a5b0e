import type { ActivityPatch, Activity } from '../../../shared/event';

export const ACTIVITY_FIELDS = ['room', 'day', 'startTime', 'endTime', 'capacity'] as const;
export type ActivityField = (typeof ACTIVITY_FIELDS)[number];

export type ActivityDraft = Record<ActivityField, string>;

export type ActivityProblem = 'roomTooLong' | 'timeFormat' | 'endBeforeStart' | 'capacityFormat';

export function draftOf(a: Pick<Activity, ActivityField>): ActivityDraft {
  return { room: a.room ?? '', day: a.day ?? '', startTime: a.startTime ?? '', endTime: a.endTime ?? '', capacity: a.capacity === null ? '' : String(a.capacity) };
}

/** Chinese input methods type full-width digits and colons; the desk should not have to switch them off. */
const halfWidth = (s: string) => s.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[：．.]/g, ':');

function parseTime(raw: string): string | null | 'invalid' {
  const s = halfWidth(raw);
  if (s === '') return null;
  const m = /^(\d{1,2}):(\d{2})$/.exec(s);
  if (!m) return 'invalid';
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  return hours < 24 && minutes < 60 ? `${String(hours).padStart(2, '0')}:${m[2]}` : 'invalid';
}

/** Turns the form into the patch main expects, or names what is wrong with each field. */
export function readDraft(id: string, draft: ActivityDraft): { patch: ActivityPatch } | { problems: Partial<Record<ActivityField, ActivityProblem>> } {
  const problems: Partial<Record<ActivityField, ActivityProblem>> = {};
  const room = draft.room.trim();
  if (room.length > 100) problems.room = 'roomTooLong';
  const startTime = parseTime(draft.startTime);
  const endTime = parseTime(draft.endTime);
  if (startTime === 'invalid') problems.startTime = 'timeFormat';
  if (endTime === 'invalid') problems.endTime = 'timeFormat';
  if (startTime !== 'invalid' && endTime !== 'invalid' && startTime !== null && endTime !== null && endTime <= startTime) problems.endTime = 'endBeforeStart';
  const capacityText = halfWidth(draft.capacity);
  const capacity = capacityText === '' ? null : Number(capacityText);
  if (capacity !== null && (!/^\d+$/.test(capacityText) || capacity < 1 || capacity > 1_000_000)) problems.capacity = 'capacityFormat';
  if (Object.keys(problems).length > 0 || startTime === 'invalid' || endTime === 'invalid') return { problems };
  return { patch: { id, room: room === '' ? null : room, day: draft.day === '' ? null : draft.day, startTime, endTime, capacity } };
}

/** The form field a problem reported by main belongs to: `capacity` or `activities[3].endTime` → its last name. */
export function fieldOfPath(path: string): ActivityField | null {
  const last = path.split('.').pop() ?? '';
  return ACTIVITY_FIELDS.find((f) => f === last) ?? null;
}
