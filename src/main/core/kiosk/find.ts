import { createHmac, randomBytes } from 'node:crypto';
import type { CredentialCheck } from '../../../shared/credential';
import type { KioskCard, KioskDeskReason, KioskRules } from '../../../shared/kiosk';
import { SURNAME_CHOICES } from '../../../shared/kiosk';
import { maskDocument, maskPhone } from '../../../shared/mask';
import { COMPOUND_SURNAMES } from '../badges/content';
import type { Db } from '../db/sql';
import { readSetting, writeSetting } from '../station/repo';

/** What a kiosk reads of one person: enough to decide and to show their own card. */
interface Person {
  id: string;
  name_zh: string | null;
  name_en: string | null;
  org_zh: string | null;
  org_en: string | null;
  category_id: string;
  category_zh: string;
  category_en: string;
  colour: string;
  phone: string | null;
  document_number: string | null;
  status: string;
  attention: string | null;
  badge_collected_at: string | null;
  badge_printed_count: number;
  /** Print jobs of the current badge anywhere (this station or another) not failed or cancelled. */
  jobs: number;
}

const PERSON = `SELECT a.id, a.name_zh, a.name_en, a.org_zh, a.org_en, a.category_id, c.name_zh AS category_zh, c.name_en AS category_en, c.colour,
  a.phone, a.document_number, a.status, a.attention, a.badge_collected_at, a.badge_printed_count,
  (SELECT count(*) FROM print_job j WHERE j.attendee_id = a.id AND j.badge_version = a.badge_version AND j.state IN ('queued', 'sent', 'printed')) AS jobs
  FROM attendee a JOIN category c ON c.id = a.category_id`;

export const readPerson = (db: Db, id: string): Person | undefined => db.statement(`${PERSON} WHERE a.id = ?`).get(id) as Person | undefined;

/** The people whose phone ends in these four digits (the indexed tail: no part of a phone is searched otherwise). */
const byPhoneTail = (db: Db, tail: string): Person[] => db.statement(`${PERSON} WHERE a.phone_tail = ?`).all(tail) as Person[];

const HAN = /\p{Script=Han}/u;

/**
 * The surnames a person may pick for themselves: a Chinese name's surname (a compound one such as 欧阳 as one), or,
 * for a name in Latin letters only, its first and its last word — a Hong Kong "Chan Tai Man" and a "Jane Doe" alike —
 * compared without case.
 */
export function surnamesOf(p: { name_zh: string | null; name_en: string | null }): string[] {
  const zh = p.name_zh?.trim() ?? '';
  if (zh !== '' && HAN.test(zh)) {
    const chars = [...zh];
    const two = chars.slice(0, 2).join('');
    return [COMPOUND_SURNAMES.has(two) && chars.length > 2 ? two : chars[0]!];
  }
  const words = (p.name_en ?? zh).trim().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return [];
  const first = words[0]!;
  const last = words.at(-1)!;
  return first.toLowerCase() === last.toLowerCase() ? [first] : [first, last];
}

const sameSurname = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

/** Common surnames the real ones hide among, in each script (the most frequent in mainland China; HK, Taiwan and English ones). */
const DECOYS_HAN = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹'];
const DECOYS_LATIN = ['Chan', 'Wong', 'Lee', 'Cheung', 'Lau', 'Ho', 'Smith', 'Brown', 'Wang', 'Li', 'Zhang', 'Lin', 'Huang', 'Garcia', 'Tan', 'Ng', 'Johnson', 'Kim'];

/**
 * The surname choices for a phone tail: the real surnames of the people with that tail among decoys, always
 * SURNAME_CHOICES of them, so the list tells nobody whether, or whose, the tail is. The decoys and the order follow a
 * keyed hash of the tail (this station's secret): the same tail shows the same list each time, so asking again and
 * comparing the lists reveals nothing either. More real surnames than fit: those the hash orders first.
 */
export function surnameChoices(db: Db, tail: string, secret: string): string[] {
  const weights = new Map<string, number>();
  const weigh = (text: string) => {
    let w = weights.get(text);
    if (w === undefined) weights.set(text, (w = createHmac('sha256', secret).update(`${tail}\u0000${text}`).digest().readUInt32BE(0)));
    return w;
  };
  const byWeight = (list: readonly string[]) => [...list].sort((x, y) => weigh(x) - weigh(y));
  const real: string[] = [];
  for (const p of byPhoneTail(db, tail)) for (const s of surnamesOf(p)) if (!real.some((r) => sameSurname(r, s))) real.push(s);
  const chosen = byWeight(real).slice(0, SURNAME_CHOICES);
  // Decoys of the scripts the real ones are in (Chinese when there are none): a lone Latin name among Chinese ones would stand out.
  const latin = chosen.filter((s) => !HAN.test(s)).length;
  const pools = latin === 0 ? [DECOYS_HAN] : latin === chosen.length ? [DECOYS_LATIN] : [DECOYS_HAN, DECOYS_LATIN];
  const decoys = pools.map((pool) => byWeight(pool.filter((d) => !chosen.some((c) => sameSurname(c, d)))));
  for (let i = 0; chosen.length < SURNAME_CHOICES; i++) {
    const pool = decoys[i % decoys.length]!;
    const next = pool.shift();
    if (next !== undefined) chosen.push(next);
    else if (decoys.every((d) => d.length === 0)) break;
  }
  return byWeight(chosen);
}

/** The one person with this tail and surname, or why not: nobody, or more than one. */
export function findByPhone(db: Db, tail: string, surname: string): Person | 'not_found' | 'several' {
  const found = byPhoneTail(db, tail).filter((p) => surnamesOf(p).some((s) => sameSurname(s, surname)));
  if (found.length === 0) return 'not_found';
  return found.length > 1 ? 'several' : found[0]!;
}

/** The person a scanned or typed code names, or why not; only an unknown or false code is a failed look-up. */
export function findByCode(db: Db, check: CredentialCheck): Person | KioskDeskReason {
  if (!check.valid) {
    if (check.reason === 'cancelled') return 'cancelled';
    // An old badge in their hand: they have one already, and the desk replaces a lost one.
    if (check.reason === 'replaced') return 'already_printed';
    return 'not_found';
  }
  if (check.reason === 'not_yet_received') return 'not_found';
  return readPerson(db, check.attendeeId) ?? 'not_found';
}

/**
 * Whether the kiosk may serve this person, or where it sends them: cancelled, flagged for staff, a category the
 * organiser hands out at the desk, a badge collected, printed or on its way at any station (a kiosk never reprints).
 */
export function kioskVerdict(p: Person, rules: KioskRules): KioskDeskReason | null {
  if (p.status === 'cancelled') return 'cancelled';
  if (p.attention !== null && p.attention.trim() !== '') return 'attention';
  if (rules.deskCategories.includes(p.category_id)) return 'category';
  if (p.badge_collected_at !== null) return 'already_collected';
  if (p.badge_printed_count > 0 || p.jobs > 0) return 'already_printed';
  return null;
}

/** Their own card: names, organisation, category, numbers masked. */
export const cardOf = (p: Person): KioskCard => ({
  nameZh: p.name_zh,
  nameEn: p.name_en,
  orgZh: p.org_zh,
  orgEn: p.org_en,
  category: { name: { zh: p.category_zh, en: p.category_en }, colour: p.colour },
  phone: maskPhone(p.phone),
  document: maskDocument(p.document_number),
});

/** This station's secret for the decoys' order, made once and kept in its settings (which never travel). */
export function kioskSecret(db: Db): string {
  const stored = readSetting(db, 'kiosk.secret');
  if (stored !== null) return stored;
  const secret = randomBytes(32).toString('hex');
  writeSetting(db, 'kiosk.secret', secret);
  return secret;
}
