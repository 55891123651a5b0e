import type { AttendeeRecord, DocumentType, Region } from '../../../shared/attendee';
import type { Activity, Category, EventFile } from '../../../shared/event';
import { idFrom } from '../ids';
import { onFirstUse } from '../lazy';
import { gb11643CheckDigit } from '../../../shared/identity';
import {
  ATTENTION_NOTES,
  CATEGORY_PROFILES,
  DEFAULT_PROFILE,
  FOREIGN_MEDIA,
  FOREIGN_NAMES,
  FOREIGN_PHONES,
  FOREIGN_UNIVERSITIES,
  GIVEN_NAMES,
  ID_REGION_CODES,
  LONG_FOREIGN_NAMES,
  MAINLAND_ORGS,
  MAINLAND_SURNAMES,
  MOBILE_PREFIXES,
  REGIONAL_GIVEN_NAMES,
  REGIONAL_MEDIA,
  REGIONAL_SURNAMES,
  TITLES,
  WEBMAIL,
} from './data';
import type { CategoryProfile, Country, Gender, MainlandOrgKind, Organisation, Weighted } from './data';

const pinyinPro = onFirstUse<typeof import('pinyin-pro')>('pinyin-pro');

export interface DemoOptions {
  event: EventFile;
  count: number;
  seed?: number;
}

const DEFAULT_SEED = 2024;
const RARE_GIVEN_NAME_SHARE = 0.015;
const LONG_FOREIGN_NAME_SHARE = 1 / 200;
const ATTENTION_SHARE = 0.01;
const OPEN_ACTIVITY_CHANCE = 0.35;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const BASE36_5 = 36 ** 5;

type Random = () => number;

/** mulberry32: a 32-bit state is plenty for a few million draws of synthetic data. */
function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function pickerBy<T>(items: readonly T[], weightOf: (item: T) => number): (random: Random) => T {
  const cumulative: number[] = [];
  let total = 0;
  for (const item of items) cumulative.push((total += weightOf(item)));
  return (random) => {
    const x = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo]!;
  };
}

function weighted<T>(entries: Weighted<T>): (random: Random) => T {
  const pickEntry = pickerBy(entries, ([, weight]) => weight);
  return (random) => pickEntry(random)[0];
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function digits(random: Random, length: number): string {
  return pad(Math.floor(random() * 10 ** length), length);
}

function letters(random: Random, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

function shuffle<T>(random: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Draws until the value is new to this roster; redrawing keeps the result deterministic. */
function unique(used: Set<string>, draw: () => string): string {
  for (;;) {
    const value = draw();
    const size = used.size;
    // One hash lookup instead of has() then add(): the set grew only if the value was new.
    if (used.add(value).size > size) return value;
  }
}

interface Person {
  nameZh: string | null;
  nameEn: string;
  family: string;
  given: string;
}

interface Affiliation {
  zh: string | null;
  en: string | null;
  domain: string | null;
}

const pickMainlandSurname = pickerBy(MAINLAND_SURNAMES, ([, , weight]) => weight);
const pickRegionalSurname = {
  hong_kong: pickerBy(REGIONAL_SURNAMES.hong_kong, ([, , weight]) => weight),
  macao: pickerBy(REGIONAL_SURNAMES.macao, ([, , weight]) => weight),
  taiwan: pickerBy(REGIONAL_SURNAMES.taiwan, ([, , weight]) => weight),
};
const pickIdRegionCode = weighted(ID_REGION_CODES);

interface GivenName {
  zh: string;
  latin: string;
}

interface GivenNameTable {
  single: GivenName[];
  whole: GivenName[];
  composed: GivenName[];
  rare: GivenName[];
}

/** "明宇" → "Mingyu": pinyin-pro reads the whole given name, so a character is read in context. */
function romanisedGivenName(zh: string): GivenName {
  const syllables = pinyinPro().pinyin(zh, { toneType: 'none', type: 'array' }).join('');
  return { zh, latin: syllables.charAt(0).toUpperCase() + syllables.slice(1) };
}

function givenNameTable(gender: Gender): GivenNameTable {
  const { single, whole, first, second, rare } = GIVEN_NAMES[gender];
  const pairs = (ends: readonly string[]): string[] => first.flatMap((a) => ends.map((b) => a + b));
  return {
    single: single.map(romanisedGivenName),
    whole: whole.map(romanisedGivenName),
    composed: pairs(second).map(romanisedGivenName),
    rare: [...rare, ...pairs(rare)].map(romanisedGivenName),
  };
}

let givenNameTables: Record<Gender, GivenNameTable> | undefined;

/** Every given name the demo can draw, romanised once: a few thousand pinyin-pro calls instead of one per attendee. */
function givenNames(gender: Gender): GivenNameTable {
  givenNameTables ??= { m: givenNameTable('m'), f: givenNameTable('f') };
  return givenNameTables[gender];
}

function mainlandGivenName(random: Random, gender: Gender): GivenName {
  const table = givenNames(gender);
  if (random() < RARE_GIVEN_NAME_SHARE) return pick(random, table.rare);
  const shape = random();
  if (shape < 0.22) return pick(random, table.single);
  return pick(random, shape < 0.5 ? table.whole : table.composed);
}

function mainlandPerson(random: Random, gender: Gender): Person {
  const [surname, family] = pickMainlandSurname(random);
  const given = mainlandGivenName(random, gender);
  return { nameZh: surname + given.zh, nameEn: `${family} ${given.latin}`, family, given: given.latin };
}

function regionalPerson(random: Random, region: 'hong_kong' | 'macao' | 'taiwan'): Person {
  const [surname, family] = pickRegionalSurname[region](random);
  const [givenZh, given] = pick(random, REGIONAL_GIVEN_NAMES[region]);
  return { nameZh: surname + givenZh, nameEn: `${family} ${given}`, family, given };
}

function foreignPerson(random: Random, country: Country, long: boolean): Person {
  const [given, family] = long
    ? pick(random, LONG_FOREIGN_NAMES)
    : [pick(random, FOREIGN_NAMES[country].given), pick(random, FOREIGN_NAMES[country].family)];
  return { nameZh: null, nameEn: `${given} ${family}`, family, given };
}

/** A birth date as YYYYMMDD between 1 January of `from` and 31 December of `to`, by arithmetic as Date is slow at this volume. */
function birthDate(random: Random, [from, to]: readonly [number, number]): string {
  const year = from + Math.floor(random() * (to - from + 1));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  let day = Math.floor(random() * (leap ? 366 : 365));
  let month = 0;
  for (;;) {
    const length = MONTH_DAYS[month]! + (leap && month === 1 ? 1 : 0);
    if (day < length) break;
    day -= length;
    month += 1;
  }
  return `${year}${pad(month + 1, 2)}${pad(day + 1, 2)}`;
}

function residentIdNumber(random: Random, gender: Gender, birthYears: readonly [number, number]): string {
  // The order code is odd for men and even for women.
  const order = Math.floor(random() * 499) * 2 + (gender === 'm' ? 1 : 2);
  const first17 = pickIdRegionCode(random) + birthDate(random, birthYears) + pad(order, 3);
  return first17 + gb11643CheckDigit(first17);
}

function phoneNumber(random: Random, region: Region): string | null {
  switch (region) {
    case 'mainland':
      return random() < 0.02 ? null : pick(random, MOBILE_PREFIXES) + digits(random, 8);
    case 'hong_kong':
      return `+852 ${'569'[Math.floor(random() * 3)]}${digits(random, 7)}`;
    case 'macao':
      return `+853 6${digits(random, 7)}`;
    case 'taiwan':
      return `+886 9${digits(random, 8)}`;
    case 'abroad': {
      if (random() < 0.3) return null;
      const [prefix, length] = pick(random, FOREIGN_PHONES);
      return prefix + digits(random, length);
    }
  }
}

const mailNameCache = new Map<string, string>();

/** "Élodie" → "elodie", "Tai Man" → "taiman"; remembered as names repeat. */
function mailName(text: string): string {
  let name = mailNameCache.get(text);
  if (name === undefined) {
    name = text.normalize('NFD').toLowerCase().replace(/[^a-z]/g, '');
    mailNameCache.set(text, name);
  }
  return name;
}

function mailLocalPart(random: Random, person: Person): string {
  const family = mailName(person.family);
  const given = mailName(person.given);
  const style = random();
  if (style < 0.4) return family + given;
  return style < 0.7 ? `${given}.${family}` : `${family}.${given}`;
}

function emailAddress(random: Random, person: Person, affiliation: Affiliation, region: Region): string | null {
  const roll = random();
  if (roll < 0.1) return null;
  const local = mailLocalPart(random, person);
  if (affiliation.domain !== null && roll < 0.65) return `${local}@${affiliation.domain}`;
  if (region === 'mainland' && roll < 0.8) return `${Math.floor(random() * 9e8) + 1e8}@qq.com`;
  return `${local}${random() < 0.5 ? digits(random, 2) : ''}@${pick(random, WEBMAIL[region])}`;
}

/** How a category may come to be registered for one activity. */
type Slot = { id: string; role: 'member' | 'main' | 'parallel' | 'open' };

interface CategoryPlan {
  category: Category;
  profile: CategoryProfile;
  region: (random: Random) => Region;
  orgKind: (random: Random) => MainlandOrgKind;
  forumCount: (random: Random) => number;
  /** In the event's order; denied activities and those a badge alone opens are absent. */
  slots: Slot[];
  parallelForums: number;
}

function slotFor(activity: Activity, category: Category, event: EventFile): Slot | null {
  const access = category.access[activity.id];
  if (access === 'denied') return null;
  const deniedTo = event.categories.filter((c) => c.access[activity.id] === 'denied').length;
  // Staff-like categories, denied nothing, work everywhere and belong to no members-only activity.
  const deniedNothing = event.activities.every((a) => category.access[a.id] !== 'denied');
  if (deniedTo * 2 >= event.categories.length && !deniedNothing) return { id: activity.id, role: 'member' };
  if (access !== 'registered') return null;
  if (activity.kind === 'main_forum') return { id: activity.id, role: 'main' };
  return { id: activity.id, role: activity.kind === 'parallel_forum' ? 'parallel' : 'open' };
}

/** Registration options of a category, from the event's access matrix. */
function planFor(category: Category, event: EventFile): CategoryPlan {
  const profile = CATEGORY_PROFILES[category.id] ?? DEFAULT_PROFILE;
  const slots = event.activities.flatMap((a) => slotFor(a, category, event) ?? []);
  return {
    category,
    profile,
    region: weighted(profile.regions),
    orgKind: weighted(profile.orgs),
    forumCount: weighted(profile.forumCounts.map((weight, count) => [count, weight] as const)),
    slots,
    parallelForums: slots.filter((slot) => slot.role === 'parallel').length,
  };
}

/** Members always, the main forum usually, a few parallel forums drawn without repeats (selection sampling, in order). */
function registrationsFor(random: Random, plan: CategoryPlan): string[] {
  let forumsLeft = plan.parallelForums;
  let forumsWanted = Math.min(plan.forumCount(random), forumsLeft);
  const registrations: string[] = [];
  for (const { id, role } of plan.slots) {
    switch (role) {
      case 'member':
        registrations.push(id);
        break;
      case 'main':
        if (random() < plan.profile.mainForumChance) registrations.push(id);
        break;
      case 'parallel':
        if (random() * forumsLeft < forumsWanted) {
          registrations.push(id);
          forumsWanted -= 1;
        }
        forumsLeft -= 1;
        break;
      case 'open':
        if (random() < OPEN_ACTIVITY_CHANCE) registrations.push(id);
        break;
    }
  }
  return registrations;
}

/** Exact head counts per category from their shares (largest remainder), in shuffled order. */
function categorySequence(random: Random, plans: CategoryPlan[], count: number): CategoryPlan[] {
  const total = plans.reduce((sum, p) => sum + p.profile.share, 0);
  const exact = plans.map((p) => (p.profile.share * count) / total);
  const heads = exact.map(Math.floor);
  let left = count - heads.reduce((sum, n) => sum + n, 0);
  const byRemainder = plans.map((_, i) => i).sort((a, b) => exact[b]! - heads[b]! - (exact[a]! - heads[a]!) || a - b);
  for (const i of byRemainder) {
    if (left === 0) break;
    heads[i]! += 1;
    left -= 1;
  }
  return shuffle(random, plans.flatMap((plan, i) => Array<CategoryPlan>(heads[i]!).fill(plan)));
}

interface Roster {
  random: Random;
  organiser: Organisation;
  externalPrefix: string;
  ids: Set<string>;
  ticketCodes: Set<string>;
  /** One person, one identity document: no two demo attendees share a number. */
  documents: Set<string>;
  longNameDue: boolean;
}

type IdentityDocument = [DocumentType, string];

interface Identity {
  person: Person;
  affiliation: Affiliation;
  document: IdentityDocument;
}

function mainlandIdentity(roster: Roster, plan: CategoryPlan): Identity {
  const { random } = roster;
  const kind = plan.orgKind(random);
  const org = kind === 'organiser' ? roster.organiser : pick(random, MAINLAND_ORGS[kind]);
  const gender: Gender = random() < 0.5 ? 'm' : 'f';
  return {
    person: mainlandPerson(random, gender),
    affiliation: { zh: org.zh, en: random() < 0.12 ? null : org.en, domain: org.domain },
    document: ['cn_id', unique(roster.documents, () => residentIdNumber(random, gender, plan.profile.birthYears))],
  };
}

function abroadIdentity(roster: Roster, plan: CategoryPlan): Identity {
  const { random } = roster;
  const org = pick(random, random() < plan.profile.abroadUniversityShare ? FOREIGN_UNIVERSITIES : FOREIGN_MEDIA);
  // The first foreign attendee always gets a very long name, so even a small demo exercises badge fitting.
  const long = roster.longNameDue || random() < LONG_FOREIGN_NAME_SHARE;
  roster.longNameDue = false;
  const passport = unique(roster.documents, () => letters(random, 'ABCDEFGHJKLMNPRSTUVWXYZ', 2) + digits(random, 7));
  return { person: foreignPerson(random, org.country, long), affiliation: org, document: ['passport', passport] };
}

function entryPermit(roster: Roster, region: 'hong_kong' | 'macao' | 'taiwan'): IdentityDocument {
  const { random, documents } = roster;
  switch (region) {
    case 'hong_kong':
      return ['hk_mo_permit', unique(documents, () => `H${digits(random, 8)}`)];
    case 'macao':
      return ['hk_mo_permit', unique(documents, () => `M${digits(random, 8)}`)];
    case 'taiwan':
      return ['tw_permit', unique(documents, () => digits(random, 8))];
  }
}

function identityFor(roster: Roster, plan: CategoryPlan, region: Region): Identity {
  switch (region) {
    case 'mainland':
      return mainlandIdentity(roster, plan);
    case 'hong_kong':
    case 'macao':
    case 'taiwan':
      return {
        person: regionalPerson(roster.random, region),
        affiliation: pick(roster.random, REGIONAL_MEDIA[region]),
        document: entryPermit(roster, region),
      };
    case 'abroad':
      return abroadIdentity(roster, plan);
  }
}

function titleFor(random: Random, profile: CategoryProfile, region: Region): string | null {
  if (random() < 0.08) return null;
  if (region === 'mainland') return pick(random, TITLES[profile.titles]);
  return pick(random, TITLES[region === 'abroad' ? profile.titlesEn : 'regionalMedia']);
}

/** "T" and ten base-36 characters, as the registration system prints on e-tickets. */
function ticketCode(random: Random): string {
  const half = (): string => Math.floor(random() * BASE36_5).toString(36).padStart(5, '0');
  return `T${half()}${half()}`.toUpperCase();
}

function attendee(roster: Roster, plan: CategoryPlan, index: number): AttendeeRecord {
  const { random } = roster;
  const region = plan.region(random);
  const { person, affiliation, document } = identityFor(roster, plan, region);
  return {
    id: unique(roster.ids, () => idFrom(random)),
    nameZh: person.nameZh,
    nameEn: person.nameEn,
    orgZh: affiliation.zh,
    orgEn: affiliation.en,
    title: titleFor(random, plan.profile, region),
    categoryId: plan.category.id,
    region,
    phone: phoneNumber(random, region),
    email: emailAddress(random, person, affiliation, region),
    documentType: document[0],
    documentNumber: document[1],
    externalId: `${roster.externalPrefix}-${String(index + 1).padStart(6, '0')}`,
    attention: random() < ATTENTION_SHARE ? pick(random, ATTENTION_NOTES) : null,
    status: 'active',
    source: 'demo',
    isDemo: true,
    registrations: registrationsFor(random, plan),
    ticketCodes: [unique(roster.ticketCodes, () => ticketCode(random))],
  };
}

/** A realistic synthetic roster for demos and benchmarks; the same event, count and seed always give the same attendees. */
export function generateDemoAttendees({ event, count, seed = DEFAULT_SEED }: DemoOptions): AttendeeRecord[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError('the number of demo attendees must be a whole number, 0 or more');
  const random = mulberry32(seed);
  const plans = event.categories.map((category) => planFor(category, event));
  const roster: Roster = {
    random,
    organiser: { zh: `${event.event.name.zh}组委会`, en: `Organising Committee of the ${event.event.name.en}`, domain: null },
    externalPrefix: event.event.shortName.toUpperCase().replace(/[^A-Z0-9]/g, '') || 'DEMO',
    ids: new Set(),
    ticketCodes: new Set(),
    documents: new Set(),
    longNameDue: true,
  };
  return categorySequence(random, plans, count).map((plan, index) => attendee(roster, plan, index));
}
