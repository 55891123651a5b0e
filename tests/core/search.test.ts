import { describe, expect, it } from 'vitest';
import type { AttendeeRecord } from '../../src/shared/attendee';
import type { SearchHit } from '../../src/shared/search';
import { sql } from '../../src/main/core/db/sql';
import { generateDemoAttendees } from '../../src/main/core/demo/generate';
import { readEventFile } from '../../src/main/core/event/repo';
import { deleteDemoAttendees, insertAttendees, updateAttendee } from '../../src/main/core/roster/repo';
import { completeSearchIndex, reindexAttendees, SEARCH_SQL, searchAttendees } from '../../src/main/core/search/repo';
import { organisationTerms, parseQuery, searchTerms } from '../../src/main/core/search/terms';
import { testStation } from '../helpers/core';

let serial = 0;

/** A hand-made attendee as a registration export would carry it. */
function person(fields: Partial<AttendeeRecord>): AttendeeRecord {
  serial += 1;
  return {
    id: `P${String(serial).padStart(4, '0')}`,
    nameZh: null,
    nameEn: null,
    orgZh: null,
    orgEn: null,
    title: null,
    categoryId: 'delegate',
    region: 'mainland',
    phone: null,
    email: null,
    documentType: null,
    documentNumber: null,
    externalId: null,
    attention: null,
    status: 'active',
    source: 'import',
    isDemo: false,
    registrations: [],
    ticketCodes: [],
    ...fields,
  };
}

const PEOPLE = {
  zhangSan: person({ nameZh: '张三', nameEn: 'ZHANG San', orgZh: '湖南日报社', orgEn: 'Hunan Daily', phone: '13812345678', externalId: 'REG-0042' }),
  zhangSanfeng: person({ nameZh: '张三丰', nameEn: 'ZHANG Sanfeng' }),
  liZhangsan: person({ nameZh: '李张三', nameEn: 'LI Zhangsan' }),
  shanWei: person({ nameZh: '单伟', nameEn: 'SHAN Wei', orgZh: '湖南日报社', orgEn: 'Hunan Daily' }),
  zengXiaoming: person({ nameZh: '曾小明', nameEn: 'ZENG Xiaoming' }),
  ouyang: person({ nameZh: '欧阳明华', nameEn: 'OUYANG Minghua' }),
  ouyangZhuge: person({ nameZh: '欧阳诸葛明', nameEn: null }),
  chanTaiman: person({ nameZh: '陳大文', nameEn: 'CHAN Tai Man', region: 'hong_kong', phone: '+85291234567', ticketCodes: ['HKT-7781'] }),
  chanTaiMang: person({ nameEn: 'CHAN Tai Mang', region: 'abroad' }),
  lvLi: person({ nameZh: '吕丽', nameEn: 'LYU Li' }),
  maria: person({ nameEn: 'María García', region: 'abroad', orgEn: 'El País' }),
};

/** A station with a few hundred demo attendees and the hand-made ones above. */
function roster(demo = 300) {
  const s = testStation();
  const at = s.clock.now();
  s.db.tx(() => {
    insertAttendees(s.db, generateDemoAttendees({ event: readEventFile(s.db), count: demo, seed: 7 }), at);
    insertAttendees(s.db, Object.values(PEOPLE), at);
  });
  const search = (query: string, limit = 20): SearchHit[] => searchAttendees(s.db, { query, limit });
  const ids = (query: string, limit = 20): string[] => search(query, limit).map((h) => h.id);
  return { ...s, search, ids };
}

describe('search terms of one attendee', () => {
  it('reads a polyphonic surname as a surname: 单伟 is shan wei, never dan', () => {
    const terms = searchTerms(PEOPLE.shanWei).split(' ');
    expect(terms).toEqual(expect.arrayContaining(['xshanwei', 'isw', 'wshan', 'wwei']));
    expect(terms.some((t) => t.includes('dan'))).toBe(false);
  });

  it('reads 曾, 解, 仇, 区, 查, 朴 and 盖 as surnames', () => {
    const exact = (nameZh: string) => searchTerms(person({ nameZh })).split(' ')[1];
    expect(['曾小明', '解放', '仇大海', '区家明', '查良镛', '朴志勇', '盖聪'].map(exact)).toEqual([
      'xzengxiaoming', 'xxiefang', 'xqiudahai', 'xoujiaming', 'xzhaliangyong', 'xpiaozhiyong', 'xgecong',
    ]);
  });

  it('gives a compound surname its initials and reads traditional characters', () => {
    expect(searchTerms(PEOPLE.ouyang).split(' ')).toContain('ioymh');
    expect(searchTerms(PEOPLE.chanTaiman).split(' ')).toEqual(expect.arrayContaining(['x陈大文', 'xchendawen', 'icdw', 'n大文']));
  });

  it('spells ü both as v and as u', () => {
    expect(searchTerms(PEOPLE.lvLi).split(' ')).toEqual(expect.arrayContaining(['xlvli', 'xluli', 'wlv', 'wlu']));
  });

  it('keeps no part of a phone in the index (its last four digits are a column of their own)', () => {
    const terms = searchTerms(PEOPLE.zhangSan);
    expect(terms).not.toMatch(/5678|1381|12345678/);
  });

  it('folds accents and case in English names', () => {
    expect(searchTerms(PEOPLE.maria).split(' ')).toEqual(expect.arrayContaining(['xmariagarcia', 'wmaria', 'wgarcia', 'img']));
  });

  it('gives a romanised Chinese name no terms beyond its pinyin, and leaves the organisation to its own index', () => {
    const terms = searchTerms(PEOPLE.zhangSan).split(' ');
    expect(terms).toEqual(['x张三', 'xzhangsan', 'n三', 'wzhang', 'wsan', 'izs', 'creg0042']);
  });

  it('indexes an organisation in every spelling its members give it', () => {
    expect(organisationTerms([['湖南日报社', 'Hunan Daily'], [null, 'Hunan Daily News']]).split(' ')).toEqual([
      'o湖南日报社', 'o南日报社', 'o日报社', 'o报社', 'o社', 'ohunan', 'odaily', 'onews',
    ]);
  });
});

describe('reading what was typed', () => {
  it('turns full-width input into half-width and lower case', () => {
    expect(parseQuery(' ＺＳ ')).toEqual({ kind: 'latin', words: ['zs'] });
    expect(parseQuery('５６７８')).toEqual({ kind: 'digits', digits: '5678' });
    expect(parseQuery('湖南　日报')).toEqual({ kind: 'han', words: ['湖南', '日报'] });
  });

  it('keeps only words, so FTS operators, quotes and column filters are plain text', () => {
    expect(parseQuery('terms:"x" OR NEAR(a b) -c*')).toEqual({ kind: 'latin', words: ['terms', 'x', 'or', 'near', 'a', 'b', 'c'] });
    expect(parseQuery('"*^()-:')).toBeNull();
  });
});

describe('search as you type', () => {
  const r = roster();

  it('shows nothing before something is typed', () => {
    expect(r.search('')).toEqual([]);
    expect(r.search('   ')).toEqual([]);
    expect(r.search('"*')).toEqual([]);
  });

  it('finds 张三 first for zs', () => {
    expect(r.search('zs')[0]).toMatchObject({ id: PEOPLE.zhangSan.id, matched: 'initials' });
  });

  it('finds a five-syllable name by all its initials: 欧阳诸葛明 by oyzgm', () => {
    expect(r.search('oyzgm')[0]).toMatchObject({ id: PEOPLE.ouyangZhuge.id, matched: 'initials' });
  });

  it('finds 单伟 by shanwei and sw, and not by dan', () => {
    expect(r.ids('shanwei')[0]).toBe(PEOPLE.shanWei.id);
    expect(r.ids('sw')).toContain(PEOPLE.shanWei.id);
    expect(r.ids('danwei')).not.toContain(PEOPLE.shanWei.id);
  });

  it('finds 曾小明 by zeng and by the given name', () => {
    expect(r.ids('zengxiaoming')[0]).toBe(PEOPLE.zengXiaoming.id);
    expect(r.ids('xiaoming')).toContain(PEOPLE.zengXiaoming.id);
    expect(r.ids('cengxiaoming')).not.toContain(PEOPLE.zengXiaoming.id);
  });

  it('finds a compound surname by oy', () => {
    expect(r.ids('oy')).toContain(PEOPLE.ouyang.id);
    expect(r.ids('欧阳')[0]).toBe(PEOPLE.ouyang.id);
  });

  it('finds 陳大文 by 陳, by chen and by his English name', () => {
    expect(r.ids('陳')).toContain(PEOPLE.chanTaiman.id);
    expect(r.ids('chen da wen')[0]).toBe(PEOPLE.chanTaiman.id);
    expect(r.search('chan tai man')[0]).toMatchObject({ id: PEOPLE.chanTaiman.id, matched: 'english' });
  });

  it('finds a name written in traditional characters by its simplified form, and the other way round', () => {
    const local = roster(0);
    const chen = person({ nameZh: '陈美玲', orgZh: '香港電台', orgEn: 'RTHK' });
    const wai = person({ nameZh: '衞志強', region: 'hong_kong' });
    local.db.tx(() => insertAttendees(local.db, [chen, wai], local.clock.now()));
    expect(local.ids('陈大文')).toEqual([PEOPLE.chanTaiman.id]);
    expect(local.ids('陳美玲')).toEqual([chen.id]);
    expect(local.ids('陈')).toEqual(expect.arrayContaining([PEOPLE.chanTaiman.id, chen.id]));
    expect(local.ids('卫志强')).toEqual([wai.id]);
    expect(local.search('香港电台')).toEqual([expect.objectContaining({ id: chen.id, matched: 'organisation' })]);
    expect(local.ids('张三')[0]).toBe(PEOPLE.zhangSan.id);
  });

  it('finds any part of a Chinese name', () => {
    expect(r.search('三丰')[0]).toMatchObject({ id: PEOPLE.zhangSanfeng.id, matched: 'name' });
    expect(r.ids('大文')).toContain(PEOPLE.chanTaiman.id);
  });

  it('ranks the exact name first, then names that begin with it, then names that contain it', () => {
    expect(r.ids('张三').slice(0, 3)).toEqual([PEOPLE.zhangSan.id, PEOPLE.zhangSanfeng.id, PEOPLE.liZhangsan.id]);
    expect(r.search('zhangsan')[0]).toMatchObject({ id: PEOPLE.zhangSan.id, matched: 'pinyin' });
    // chantaimang sorts before chendawen, yet 陳大文's English name is exactly what was typed.
    expect(r.ids('chantaiman')).toEqual([PEOPLE.chanTaiman.id, PEOPLE.chanTaiMang.id]);
  });

  it('finds an English name without its accents and in any case', () => {
    expect(r.search('MARIA garc')[0]).toMatchObject({ id: PEOPLE.maria.id, matched: 'english' });
    expect(r.ids('garcía')).toContain(PEOPLE.maria.id);
  });

  it('finds the attendee whose phone ends 5678 and shows the phone masked', () => {
    const hits = r.search('5678');
    expect(hits[0]).toMatchObject({ id: PEOPLE.zhangSan.id, matched: 'phone', phoneMasked: '138****5678' });
    expect(JSON.stringify(hits)).not.toContain('13812345678');
    expect(r.ids('１２３４５６７８')).not.toContain(PEOPLE.zhangSan.id);
  });

  it('finds the members of an organisation by its Chinese or English name', () => {
    for (const query of ['湖南日报社', '日报社', 'hunan daily', 'Hunan']) {
      expect(r.ids(query, 200)).toEqual(expect.arrayContaining([PEOPLE.zhangSan.id, PEOPLE.shanWei.id]));
    }
    expect(r.search('湖南日报社').find((h) => h.id === PEOPLE.shanWei.id)?.matched).toBe('organisation');
  });

  it('finds an attendee by ticket code or external id, however it is typed', () => {
    expect(r.search('hkt-7781')[0]).toMatchObject({ id: PEOPLE.chanTaiman.id, matched: 'ticket' });
    expect(r.ids('HKT7781')[0]).toBe(PEOPLE.chanTaiman.id);
    expect(r.ids('REG-0042')[0]).toBe(PEOPLE.zhangSan.id);
  });

  it('orders equally good matches by the pinyin of the name', () => {
    const hits = r.search('z', 50).filter((h) => h.matched === 'pinyin' && h.nameZh !== null);
    const keys = hits.map((h) => r.db.get<{ p: string }>(sql`SELECT name_pinyin AS p FROM attendee WHERE id = ${h.id}`)!.p.replaceAll(' ', ''));
    expect(hits.length).toBeGreaterThan(5);
    expect(keys).toEqual([...keys].sort());
  });

  it('stops at the limit', () => {
    expect(r.search('z', 7)).toHaveLength(7);
  });

  it('never throws on anything typed, FTS syntax included, and always answers an array', () => {
    const pieces = ['"', "'", '*', '-', '+', '(', ')', ':', '^', 'AND', 'OR', 'NOT', 'NEAR', '{', '}', 'terms', 'x', 'z', 's', '张', '陳', '5', '０', ' ', '　', '\\', '\u0000', '🙂', 'é'];
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 500; i++) {
      const query = Array.from({ length: 1 + Math.floor(random() * 12) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      const hits = r.search(query);
      expect(Array.isArray(hits), query).toBe(true);
    }
  });

  it('reads the index through FTS, in index order, without sorting the matches', () => {
    const plan = (r.db.raw.prepare(`EXPLAIN QUERY PLAN ${SEARCH_SQL}`).all('"xzs"*', 20) as Array<{ detail: string }>).map((p) => p.detail).join(' | ');
    expect(plan).toMatch(/SCAN s VIRTUAL TABLE INDEX/);
    expect(plan).toMatch(/SEARCH a USING INDEX attendee_search_id \(search_id=\?\)/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });
});

describe('the index kept current', () => {
  it('ranks the exact name first even when a longer name shares its pinyin key', () => {
    const s = testStation();
    // 𠀋 has no reading, so 张三𠀋 keys as zhangsan too, and was registered first.
    const longer = person({ nameZh: '张三𠀋' });
    const exact = person({ nameZh: '张三' });
    s.db.tx(() => insertAttendees(s.db, [longer, exact], s.clock.now()));
    expect(searchAttendees(s.db, { query: '张三', limit: 5 }).map((h) => h.id)).toEqual([exact.id, longer.id]);
  });

  it('includes a cancelled attendee, marked as cancelled', () => {
    const r = roster(0);
    r.db.run(sql`UPDATE attendee SET status = 'cancelled' WHERE id = ${PEOPLE.shanWei.id}`);
    expect(r.search('单伟')[0]).toMatchObject({ id: PEOPLE.shanWei.id, status: 'cancelled' });
  });

  it('forgets the old name and finds the new one after an edit', () => {
    const r = roster(0);
    r.db.tx(() => {
      r.db.run(sql`UPDATE attendee SET name_zh = '解晓东', name_en = 'XIE Xiaodong' WHERE id = ${PEOPLE.zengXiaoming.id}`);
      reindexAttendees(r.db, [PEOPLE.zengXiaoming.id]);
    });
    expect(r.ids('曾小明')).toEqual([]);
    expect(r.ids('zxm')).toEqual([]);
    expect(r.ids('xiexiaodong')).toEqual([PEOPLE.zengXiaoming.id]);
    expect(r.ids('解晓')).toEqual([PEOPLE.zengXiaoming.id]);
  });

  it('forgets demo attendees once they are removed, a few or most of the roster', () => {
    for (const demo of [50, 1500]) {
      const r = roster(demo);
      expect(r.search('z', 200).some((h) => h.id.startsWith('P'))).toBe(true);
      r.db.tx(() => deleteDemoAttendees(r.db));
      expect(r.db.get(sql`SELECT count(*) AS n FROM attendee_search_docsize`)).toEqual({ n: Object.keys(PEOPLE).length });
      expect(r.search('z', 200).every((h) => h.id.startsWith('P'))).toBe(true);
      expect(r.ids('zs')[0]).toBe(PEOPLE.zhangSan.id);
      expect(r.ids('5678')).toEqual([PEOPLE.zhangSan.id]);
    }
  });

  it('merges the index after a bulk write, and not after every small one', () => {
    const r = roster(1200);
    const written = () => r.db.get<{ n: number }>(sql`SELECT written_since_optimize AS n FROM attendee_search_state`)!.n;
    expect(written()).toBe(Object.keys(PEOPLE).length);
    r.db.tx(() => insertAttendees(r.db, [person({ nameZh: '谢晓', nameEn: 'XIE Xiao' })], r.clock.now()));
    expect(written()).toBe(Object.keys(PEOPLE).length + 1);
    expect(r.ids('xiexiao')).toHaveLength(1);
  });

  it('moves an attendee to the new organisation after an edit, and forgets an organisation left without members', () => {
    const r = roster(0);
    r.db.tx(() => updateAttendee(r.db, PEOPLE.maria.id, { orgZh: '新华社', orgEn: 'Xinhua' }, r.clock.now()));
    expect(r.ids('el pais')).toEqual([]);
    expect(r.search('新华')).toEqual([expect.objectContaining({ id: PEOPLE.maria.id, matched: 'organisation' })]);
    expect(r.ids('xinhua')).toEqual([PEOPLE.maria.id]);
    const organisations = r.db.all<{ variants: string }>(sql`SELECT variants FROM organisation_search_row ORDER BY org_sort`).map((o) => JSON.parse(o.variants));
    expect(organisations).toEqual([[['湖南日报社', 'Hunan Daily']], [['新华社', 'Xinhua']]]);
  });

  it('keeps one organisation row however many members it has, and drops the demo ones with the demo roster', () => {
    const r = roster(400);
    const rows = () => r.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM organisation_search_row`)!.n;
    const distinct = r.db.get<{ n: number }>(sql`SELECT count(DISTINCT org_sort) AS n FROM attendee WHERE org_sort <> ''`)!.n;
    expect(rows()).toBe(distinct);
    expect(distinct).toBeLessThan(400);
    r.db.tx(() => deleteDemoAttendees(r.db));
    expect(rows()).toBe(2);
    // Members come by name: shan wei before zhang san.
    expect(r.ids('hunan daily')).toEqual([PEOPLE.shanWei.id, PEOPLE.zhangSan.id]);
  });

  it('forgets an attendee deleted by any path', () => {
    const r = roster(0);
    r.db.run(sql`DELETE FROM attendee WHERE id = ${PEOPLE.maria.id}`);
    expect(r.ids('maria')).toEqual([]);
  });

  it('indexes attendees written before the index existed', () => {
    const r = roster(20);
    // What migration 006 leaves: an empty index marked incomplete.
    r.db.run(sql`INSERT INTO attendee_search (attendee_search) VALUES ('delete-all')`);
    r.db.run(sql`UPDATE attendee_search_state SET complete = 0`);
    expect(r.ids('zs')).toEqual([]);
    expect(completeSearchIndex(r.db)).toBe(20 + Object.keys(PEOPLE).length);
    expect(r.ids('zs')[0]).toBe(PEOPLE.zhangSan.id);
    expect(completeSearchIndex(r.db)).toBe(0);
  });
});

describe('roster:search', () => {
  it('answers a door station, best first, with masked phones', async () => {
    const r = roster(0);
    const door = await r.operator(await r.admin(), 'door');
    const hits = await r.must('roster:search', { query: 'zs' }, door);
    expect(hits[0]).toEqual({
      id: PEOPLE.zhangSan.id,
      nameZh: '张三',
      nameEn: 'ZHANG San',
      orgZh: '湖南日报社',
      orgEn: 'Hunan Daily',
      categoryId: 'delegate',
      status: 'active',
      phoneMasked: '138****5678',
      matched: 'initials',
    });
    expect(await r.must('roster:search', { query: '' }, door)).toEqual([]);
  });

  it('refuses a caller without a session and a limit out of range', async () => {
    const r = roster(0);
    expect(await r.call('roster:search', { query: 'zs' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const door = await r.operator(await r.admin(), 'door');
    expect(await r.call('roster:search', { query: 'zs', limit: 201 }, door)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await r.call('roster:search', { query: 'x'.repeat(101) }, door)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
