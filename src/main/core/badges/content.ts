import type { AttendeeRecord } from '../../../shared/attendee';
import type { BadgeContent } from '../../../shared/badge';
import type { Activity, Category, EventInfo } from '../../../shared/event';
import { nameSyllables } from '../search/terms';
import { ACCESS_SEPARATOR } from './layout';

// Two-character surnames, read and written as one word: 欧阳诸葛明 is Ouyang Zhugeming, not Ou Yangzhugeming.
export const COMPOUND_SURNAMES = new Set([
  ...'欧阳 诸葛 司马 上官 东方 皇甫 尉迟 公孙 慕容 令狐 夏侯 长孙 宇文 司徒 澹台 端木 轩辕 呼延 独孤 南宫 西门 万俟 闻人 申屠 太史 钟离 赫连 公羊 濮阳 淳于'.split(' '),
]);

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** A Chinese name in pinyin as a badge prints it, surname first: 欧阳诸葛明 → Ouyang Zhugeming, 吕洁 → Lü Jie. */
export function namePinyin(nameZh: string): string | null {
  const syllables = nameSyllables(nameZh).map((s) => s.replaceAll('v', 'ü'));
  if (syllables.length === 0) return null;
  if (syllables.length === 1) return capitalise(syllables[0]!);
  const surnameLength = COMPOUND_SURNAMES.has([...nameZh.trim()].slice(0, 2).join('')) && syllables.length > 2 ? 2 : 1;
  return `${capitalise(syllables.slice(0, surnameLength).join(''))} ${capitalise(syllables.slice(surnameLength).join(''))}`;
}

function commonPrefix(texts: readonly string[]): string {
  let prefix = texts[0] ?? '';
  for (const t of texts) while (!t.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/**
 * The activities a badge opens, in event order, with parallel forums that share a name folded into one entry:
 * 主论坛 · 平行论坛二/五 · 专题培训班.
 */
export function accessLine(activities: readonly Activity[], opens: (a: Activity) => boolean, lang: 'zh' | 'en'): string | null {
  const parts: string[] = [];
  const open = activities.filter(opens);
  const folded = new Set<string>();
  for (const a of open) {
    if (folded.has(a.id)) continue;
    const siblings = open.filter((b) => b.kind === a.kind && b.kind === 'parallel_forum');
    const titles = siblings.map((b) => b.shortTitle[lang]);
    const prefix = commonPrefix(titles);
    if (siblings.length > 1 && prefix.trim() !== '' && titles.every((t) => t.length > prefix.length)) {
      siblings.forEach((b) => folded.add(b.id));
      parts.push(prefix + titles.map((t) => t.slice(prefix.length)).join('/'));
    } else parts.push(a.shortTitle[lang]);
  }
  return parts.length === 0 ? null : parts.join(ACCESS_SEPARATOR);
}

/** 2024.10.15–16, 2024.10.31–11.01, or one date. */
export function eventDates(start: string, end: string): string {
  const dotted = (d: string) => d.replaceAll('-', '.');
  if (start === end) return dotted(start);
  if (start.slice(0, 7) === end.slice(0, 7)) return `${dotted(start)}–${end.slice(8)}`;
  if (start.slice(0, 4) === end.slice(0, 4)) return `${dotted(start)}–${dotted(end.slice(5))}`;
  return `${dotted(start)}–${dotted(end)}`;
}

export type BadgeAttendee = Pick<AttendeeRecord, 'id' | 'nameZh' | 'nameEn' | 'orgZh' | 'orgEn' | 'title' | 'categoryId'> & { registrations: readonly string[] };

export interface BadgeEvent {
  event: EventInfo;
  activities: readonly Activity[];
  categories: ReadonlyMap<string, Category>;
}

/** What one attendee's badge says, in the attendee's language: Chinese first when there is a Chinese name. */
export function badgeContent(event: BadgeEvent, a: BadgeAttendee, payload: string): BadgeContent {
  const category = event.categories.get(a.categoryId);
  if (category === undefined) throw new Error(`attendee ${a.id} has category "${a.categoryId}", which the event does not have`);
  const zh = a.nameZh !== null && a.nameZh.trim() !== '';
  const lang = zh ? 'zh' : 'en';
  const registered = new Set(a.registrations);
  const opens = (activity: Activity) => {
    const level = category.access[activity.id];
    return level === 'allowed' || (level === 'registered' && registered.has(activity.id));
  };
  const e = event.event;
  return {
    attendeeId: a.id,
    nameMain: zh ? a.nameZh!.trim() : (a.nameEn ?? '').trim(),
    nameSecond: zh ? (a.nameEn?.trim() || namePinyin(a.nameZh!)) : null,
    organisation: (zh ? (a.orgZh ?? a.orgEn) : (a.orgEn ?? a.orgZh))?.trim() || null,
    title: a.title?.trim() || null,
    category: { name: `${category.name.zh}  ${category.name.en}`, colour: category.colour },
    access: accessLine(event.activities, opens, lang),
    event: `${e.name[lang]} · ${e.city[lang]} · ${eventDates(e.startDate, e.endDate)}`,
    payload,
  };
}
