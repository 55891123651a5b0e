import { describe, expect, it } from 'vitest';
import type { AttendeeRecord } from '../../src/shared/attendee';
import type { EventFile } from '../../src/shared/event';
import { generateDemoAttendees } from '../../src/main/core/demo/generate';
import { gb11643CheckDigit } from '../../src/shared/identity';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';

const event = cnmc2024();
const conference = generateDemoAttendees({ event, count: 3_000 });
const large = generateDemoAttendees({ event, count: 100_000 });

/** The 6,763 hanzi of GB2312 (rows 0xB0–0xF7), read through the GBK decoder. */
function gb2312Hanzi(): Set<string> {
  const decoder = new TextDecoder('gbk');
  const hanzi = new Set<string>();
  for (let row = 0xb0; row <= 0xf7; row++) {
    for (let cell = 0xa1; cell <= 0xfe; cell++) hanzi.add(decoder.decode(new Uint8Array([row, cell])));
  }
  return hanzi;
}

function share(roster: readonly AttendeeRecord[], test: (a: AttendeeRecord) => boolean): number {
  return roster.filter(test).length / roster.length;
}

function residentIdIsValid(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const realDate = new Date(`${birth}T00:00:00Z`).toISOString().startsWith(birth);
  return realDate && gb11643CheckDigit(id.slice(0, 17)) === id[17];
}

describe('demo roster', () => {
  it('gives the same roster for the same event, count and seed', () => {
    expect(generateDemoAttendees({ event, count: 2_000, seed: 7 })).toEqual(generateDemoAttendees({ event, count: 2_000, seed: 7 }));
  });

  it('uses seed 2024 when none is given', () => {
    expect(generateDemoAttendees({ event, count: 500 })).toEqual(generateDemoAttendees({ event, count: 500, seed: 2024 }));
  });

  it('gives a different roster for a different seed', () => {
    const a = generateDemoAttendees({ event, count: 500, seed: 1 });
    const b = generateDemoAttendees({ event, count: 500, seed: 2 });
    expect(a).not.toEqual(b);
    expect(a.filter((x, i) => x.id === b[i]!.id)).toHaveLength(0);
  });

  it('gives exactly the number of attendees asked for', () => {
    expect(generateDemoAttendees({ event, count: 0 })).toEqual([]);
    expect(generateDemoAttendees({ event, count: 1 })).toHaveLength(1);
    expect(large).toHaveLength(100_000);
  });

  it('refuses a negative or fractional number of attendees', () => {
    expect(() => generateDemoAttendees({ event, count: -1 })).toThrow(RangeError);
    expect(() => generateDemoAttendees({ event, count: 2.5 })).toThrow(RangeError);
  });

  it('gives unique ids, external ids, ticket codes and document numbers across 100,000 attendees', () => {
    expect(new Set(large.map((a) => a.id)).size).toBe(large.length);
    expect(new Set(large.map((a) => a.documentNumber)).size).toBe(large.length);
    expect(new Set(large.map((a) => a.externalId)).size).toBe(large.length);
    const codes = large.flatMap((a) => a.ticketCodes);
    expect(codes).toHaveLength(large.length);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('writes every id and code in uppercase letters, digits and dashes', () => {
    const malformed = large.filter(
      (a) =>
        !/^[0-9A-HJKMNP-TV-Z]{10}$/.test(a.id) ||
        !/^CNMC2024-\d{6}$/.test(a.externalId!) ||
        !/^T[0-9A-Z]{10}$/.test(a.ticketCodes[0]!) ||
        !/^[0-9A-Z]+$/.test(a.documentNumber!),
    );
    expect(malformed).toEqual([]);
  });

  it('marks every attendee as an active demo record, with a note for about one in a hundred', () => {
    expect(large.filter((a) => a.status !== 'active' || a.source !== 'demo' || !a.isDemo)).toEqual([]);
    expect(share(large, (a) => a.attention !== null)).toBeGreaterThan(0.005);
    expect(share(large, (a) => a.attention !== null)).toBeLessThan(0.02);
  });
});

describe('identity documents', () => {
  it('computes the GB 11643 check digit of published examples', () => {
    expect(gb11643CheckDigit('11010519491231002')).toBe('X');
    expect(gb11643CheckDigit('44052418800101001')).toBe('4');
  });

  it('refuses to compute a check digit from anything but 17 digits', () => {
    expect(() => gb11643CheckDigit('1101051949123100')).toThrow(RangeError);
    expect(() => gb11643CheckDigit('1101051949123100X')).toThrow(RangeError);
  });

  it('gives every mainland attendee a valid resident ID born between 1960 and 2002', () => {
    const mainland = large.filter((a) => a.region === 'mainland');
    expect(mainland.length).toBeGreaterThan(90_000);
    const bornIn = (a: AttendeeRecord): number => Number(a.documentNumber!.slice(6, 10));
    const invalid = mainland.filter(
      (a) => a.documentType !== 'cn_id' || !residentIdIsValid(a.documentNumber!) || bornIn(a) < 1960 || bornIn(a) > 2002,
    );
    expect(invalid).toEqual([]);
  });

  it('gives Hong Kong and Macao permits, Taiwan permits and passports to the right regions', () => {
    const expected = {
      hong_kong: ['hk_mo_permit', /^H\d{8}$/],
      macao: ['hk_mo_permit', /^M\d{8}$/],
      taiwan: ['tw_permit', /^\d{8}$/],
      abroad: ['passport', /^[A-Z]{2}\d{7}$/],
    } as const;
    for (const [region, [type, format]] of Object.entries(expected)) {
      const people = large.filter((a) => a.region === region);
      expect(people.length, region).toBeGreaterThan(100);
      expect(people.filter((a) => a.documentType !== type || !format.test(a.documentNumber!))).toEqual([]);
    }
  });
});

describe('names', () => {
  const chineseNames = large.flatMap((a) => (a.nameZh === null ? [] : [a.nameZh]));

  it('reads polyphonic and compound surnames as surnames', () => {
    const romanised: Record<string, string> = {
      单: 'SHAN', 曾: 'ZENG', 解: 'XIE', 仇: 'QIU', 区: 'OU', 查: 'ZHA', 朴: 'PIAO', 盖: 'GE',
      欧阳: 'OUYANG', 司马: 'SIMA', 诸葛: 'ZHUGE', 上官: 'SHANGGUAN', 东方: 'DONGFANG',
    };
    const mainland = large.filter((a) => a.region === 'mainland');
    for (const [surname, roman] of Object.entries(romanised)) {
      const bearers = mainland.filter((a) => a.nameZh!.startsWith(surname));
      expect(bearers.length, surname).toBeGreaterThan(0);
      expect(bearers.filter((a) => !a.nameEn!.startsWith(`${roman} `)).map((a) => `${a.nameZh} ${a.nameEn}`)).toEqual([]);
    }
  });

  it('romanises mainland names as SURNAME Given and local names the Hong Kong, Macao or Taiwan way', () => {
    expect(large.filter((a) => a.region === 'mainland' && !/^[A-Z]+ [A-Z][a-z]+$/.test(a.nameEn!))).toEqual([]);
    const chan = large.filter((a) => a.region === 'hong_kong' && a.nameZh!.startsWith('陳'));
    const chen = large.filter((a) => a.region === 'taiwan' && a.nameZh!.startsWith('陳'));
    expect(chan.length).toBeGreaterThan(0);
    expect(chen.length).toBeGreaterThan(0);
    expect(chan.filter((a) => !/^CHAN [A-Z]/.test(a.nameEn!))).toEqual([]);
    expect(chen.filter((a) => !/^CHEN [A-Z][a-z]+-[A-Z][a-z]+$/.test(a.nameEn!))).toEqual([]);
  });

  it('puts characters outside GB2312 in 0.5–3% of mainland names', () => {
    const gb2312 = gb2312Hanzi();
    const rare = share(
      large.filter((a) => a.region === 'mainland'),
      (a) => Array.from(a.nameZh!).some((c) => !gb2312.has(c)),
    );
    expect(rare).toBeGreaterThan(0.005);
    expect(rare).toBeLessThan(0.03);
  });

  it('never writes a character outside the Basic Multilingual Plane', () => {
    const text = large.flatMap((a) => [a.nameZh, a.nameEn, a.orgZh, a.orgEn, a.title, a.attention]).filter((s) => s !== null);
    expect(text.filter((s) => /[\uD800-\uDFFF]/.test(s))).toEqual([]);
    expect(chineseNames.length).toBeGreaterThan(95_000);
  });

  it('gives foreign press English names only, a very long one in every roster that has them', () => {
    const foreign = large.filter((a) => a.region === 'abroad');
    expect(foreign.filter((a) => a.nameZh !== null || !/^\p{L}[\p{L} '-]+$/u.test(a.nameEn!))).toEqual([]);
    const letterCount = (name: string): number => name.replace(/[^\p{L}]/gu, '').length;
    const isLong = (a: AttendeeRecord): boolean => letterCount(a.nameEn!) >= 35 && letterCount(a.nameEn!) <= 45;
    expect(conference.filter((a) => a.region === 'abroad').some(isLong)).toBe(true);
    expect(foreign.filter(isLong).length / foreign.length).toBeLessThan(0.02);
    expect(share(large.filter((a) => a.categoryId === 'media'), (a) => a.region === 'abroad')).toBeGreaterThan(0.03);
  });

  it('stores Chinese names exactly as written, of a surname and one or two given characters', () => {
    expect(chineseNames.filter((name) => !/^\p{Script=Han}{2,4}$/u.test(name))).toEqual([]);
    expect(chineseNames.some((name) => name.length === 2)).toBe(true);
  });
});

describe('contacts and organisations', () => {
  it('writes phone numbers the way each region dials them', () => {
    const formats = {
      mainland: /^1(3\d|5[0-35-9]|7[35-8]|8\d|9[1356-9])\d{8}$/,
      hong_kong: /^\+852 [569]\d{7}$/,
      macao: /^\+853 6\d{7}$/,
      taiwan: /^\+886 9\d{8}$/,
      abroad: /^\+\d{1,2} [\d ]+$/,
    } as const;
    expect(large.filter((a) => a.phone !== null && !formats[a.region].test(a.phone))).toEqual([]);
    expect(share(large.filter((a) => a.region === 'abroad'), (a) => a.phone === null)).toBeGreaterThan(0.1);
  });

  it('writes plausible e-mail addresses or none', () => {
    expect(large.filter((a) => a.email !== null && !/^[a-z0-9.]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(a.email))).toEqual([]);
    expect(share(large, (a) => a.email === null)).toBeGreaterThan(0.05);
  });

  it('names organisations from the attendee region, sometimes without an English name', () => {
    expect(large.every((a) => a.orgZh !== null || a.region === 'abroad')).toBe(true);
    expect(share(large, (a) => a.orgEn === null)).toBeGreaterThan(0.05);
    const hkOrgs = new Set(large.filter((a) => a.region === 'hong_kong').map((a) => a.orgZh));
    expect(hkOrgs.has('香港文汇报')).toBe(true);
    expect(hkOrgs.has('人民日报社')).toBe(false);
  });

  it('keeps each category in its regions', () => {
    const hkmt = large.filter((a) => a.categoryId === 'hkmt-media');
    expect(hkmt.every((a) => ['hong_kong', 'macao', 'taiwan'].includes(a.region))).toBe(true);
    for (const id of ['committee', 'trainee', 'staff', 'volunteer', 'exhibitor']) {
      expect(large.filter((a) => a.categoryId === id).every((a) => a.region === 'mainland'), id).toBe(true);
    }
  });
});

describe('categories and registrations', () => {
  it('mixes categories like a 3,000-person media conference', () => {
    const count = (id: string): number => conference.filter((a) => a.categoryId === id).length;
    expect(count('delegate')).toBeGreaterThan(900);
    expect(count('media')).toBeGreaterThan(600);
    expect(count('guest')).toBeLessThan(count('delegate') / 4);
    expect(count('speaker')).toBeLessThan(count('guest'));
    expect(count('hkmt-media') / 3_000).toBeGreaterThan(0.02);
    expect(count('hkmt-media') / 3_000).toBeLessThan(0.05);
    expect(count('committee')).toBeGreaterThanOrEqual(30);
    expect(count('committee')).toBeLessThanOrEqual(60);
    expect(count('trainee')).toBeGreaterThanOrEqual(80);
    expect(count('trainee')).toBeLessThanOrEqual(120);
    expect(count('staff') + count('volunteer')).toBeGreaterThan(150);
    expect(count('exhibitor')).toBeGreaterThan(50);
  });

  it('never registers anyone for a denied or unknown activity', () => {
    const access = new Map(event.categories.map((c) => [c.id, c.access]));
    const admits = (a: AttendeeRecord, activity: string): boolean => {
      const level = access.get(a.categoryId)![activity];
      return level === 'allowed' || level === 'registered';
    };
    const wrong = large.filter((a) => new Set(a.registrations).size !== a.registrations.length || !a.registrations.every((id) => admits(a, id)));
    expect(wrong).toEqual([]);
    expect(large.some((a) => a.registrations.length > 0)).toBe(true);
  });

  it('registers committee members for their meeting, trainees for their course, and most for the main forum and a parallel forum or two', () => {
    const of = (id: string): AttendeeRecord[] => large.filter((a) => a.categoryId === id);
    expect(of('committee').every((a) => a.registrations.includes('committee-meeting'))).toBe(true);
    expect(of('trainee').every((a) => a.registrations.includes('training'))).toBe(true);
    const delegates = of('delegate');
    expect(share(delegates, (a) => a.registrations.includes('main-forum'))).toBeGreaterThan(0.85);
    const parallel = (a: AttendeeRecord): number => a.registrations.filter((id) => id.startsWith('forum-')).length;
    expect(share(delegates, (a) => parallel(a) >= 1 && parallel(a) <= 2)).toBeGreaterThan(0.8);
    expect(of('staff').every((a) => a.registrations.length === 0)).toBe(true);
  });

  it('follows the access matrix and categories of an edited event', () => {
    const edited: EventFile = structuredClone(event);
    for (const category of edited.categories) category.access['forum-3'] = category.id === 'media' ? 'denied' : 'registered';
    edited.categories.push({ ...structuredClone(edited.categories[1]!), id: 'sponsor', name: { zh: '赞助商', en: 'Sponsor' } });
    edited.event.shortName = 'Expo 2025';
    const roster = generateDemoAttendees({ event: edited, count: 5_000, seed: 3 });
    expect(roster.filter((a) => a.categoryId === 'media' && a.registrations.includes('forum-3'))).toEqual([]);
    expect(roster.some((a) => a.categoryId === 'delegate' && a.registrations.includes('forum-3'))).toBe(true);
    expect(roster.some((a) => a.categoryId === 'sponsor')).toBe(true);
    expect(roster[0]!.externalId).toMatch(/^EXPO2025-\d{6}$/);
  });
});
