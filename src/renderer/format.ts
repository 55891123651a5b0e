import type { Lang } from '../shared/text';
import { LOCALES } from './i18n';

/** Event dates are calendar days (YYYY-MM-DD), not instants: format them in UTC so no time zone shifts the day. */
const calendarDay = (iso: string) => new Date(`${iso}T00:00:00Z`);

export function formatDay(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'UTC', month: 'long', day: 'numeric', weekday: 'short' }).format(calendarDay(iso));
}

/** Which end of a range drops the fields both ends share: Chinese reads 2024年10月15日至16日, English 15 – 16 October 2024. */
const SHORTENED_END: Record<Lang, 'start' | 'end'> = { zh: 'end', en: 'start' };

/**
 * A span of calendar days. ICU's own interval format gives Chinese an all-digit 2024/10/15 – 2024/10/16, so the
 * range is built here and joined with the catalog's words.
 */
export function formatDateRange(start: string, end: string, lang: Lang, join: (start: string, end: string) => string): string {
  const format = (iso: string, fields: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'UTC', ...fields }).format(calendarDay(iso));
  const full: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', day: 'numeric' };
  if (start === end) return format(start, full);
  const shared: Intl.DateTimeFormatOptions =
    start.slice(0, 7) === end.slice(0, 7) ? { day: 'numeric' } : start.slice(0, 4) === end.slice(0, 4) ? { month: 'long', day: 'numeric' } : full;
  return SHORTENED_END[lang] === 'end' ? join(format(start, full), format(end, shared)) : join(format(start, shared), format(end, full));
}

/** Every day of the event, first to last, as YYYY-MM-DD. */
export function eventDays(start: string, end: string): string[] {
  const days: string[] = [];
  for (let d = calendarDay(start); d <= calendarDay(end) && days.length < 366; d = new Date(d.getTime() + 86_400_000)) {
    days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

export function formatTimestamp(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
}

export function formatCount(n: number, lang: Lang): string {
  return new Intl.NumberFormat(LOCALES[lang]).format(n);
}

/** A time of day as the top bar shows it: hours and minutes, on this computer's clock. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** A time of day on the event's clock (its time zone), as the dashboard counts its days and quarter hours. */
export function formatTimeIn(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}
