import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/main/core/db/sql';
import { sql } from '../../src/main/core/db/sql';
import type { AttendeeRow } from '../../src/main/core/roster/repo';
import { decodeText } from '../../src/main/core/import/decode';
import { detectMapping } from '../../src/main/core/import/headers';
import { joinNameParts } from '../../src/main/core/import/names';
import { activityLookup, matchActivities } from '../../src/main/core/import/values';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import type { ImportReport } from '../../src/shared/import';
import { testStation } from '../helpers/core';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const input = (name: string, extra: object = {}) => ({ fileName: name, contentBase64: fixture(name).toString('base64'), ...extra });
const bytesInput = (fileName: string, bytes: Buffer, extra: object = {}) => ({ fileName, contentBase64: bytes.toString('base64'), ...extra });

/** Every issue but the ignored columns, as [line, field, code]. */
const problems = (r: ImportReport) => r.issues.filter((i) => i.code !== 'column_ignored').map((i) => [i.line, i.field, i.code]);

type Row = AttendeeRow;

const byName = (db: Db, name: string) => db.get<Row>(sql`SELECT * FROM attendee WHERE name_zh = ${name} OR name_en = ${name}`);
const codesOf = (db: Db, id: string) => db.all<{ code: string }>(sql`SELECT code FROM ticket_code WHERE attendee_id = ${id} ORDER BY code`).map((r) => r.code);
const registrationsOf = (db: Db, id: string) => db.all<{ activity_id: string }>(sql`SELECT activity_id FROM registration WHERE attendee_id = ${id} ORDER BY 1`).map((r) => r.activity_id);
const attendeeCount = (db: Db) => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM attendee`)!.n;

/** Imports a fixture into a fresh station and hands back the station, its admin and the report. */
async function imported(name: string, extra: object = {}) {
  const s = testStation();
  const admin = await s.admin();
  const report = await s.must('roster:importCommit', input(name, extra), admin);
  const find = async (query: string) => (await s.must('roster:search', { query }, admin)).map((h) => h.nameZh ?? h.nameEn);
  const verify = async (code: string) => s.must('credential:verify', { code }, admin);
  return { ...s, admin, report, find, verify };
}

describe('a pretix check-in list', () => {
  it('joins name parts as their script needs and keeps Latin names byte for byte', async () => {
    const s = await imported('pretix-checkin-list.csv');
    expect(s.report).toMatchObject({ rows: 7, created: 6, skipped: 1 });
    expect(problems(s.report)).toEqual([
      [7, 'email', 'email_invalid'],
      [8, 'nameZh', 'name_missing'],
    ]);
    // pretix writes a Chinese full name given name first; the parts say which is the family name.
    expect(byName(s.db, '陳大文')).toMatchObject({ name_en: null, org_zh: '香港電台', category_id: 'hkmt-media', region: 'hong_kong' });
    for (const name of ["Seán O'Brien", 'María José García López', 'Pieter van der Berg', 'Anna Schmidt']) {
      const row = byName(s.db, name);
      expect(row, name).toMatchObject({ name_zh: null, name_en: name });
      expect(Buffer.from(row!.name_en!).equals(Buffer.from(name)), name).toBe(true);
    }
  });

  it('puts a Latin company in the English organisation, takes the product as category and reads yes/no attention', async () => {
    const s = await imported('pretix-checkin-list.csv');
    expect(byName(s.db, 'Anna Schmidt')).toMatchObject({ org_zh: null, org_en: 'Deutsche Welle', category_id: 'media', attention: null, external_id: null });
    expect(byName(s.db, "Seán O'Brien")).toMatchObject({ org_en: 'RTÉ' });
    expect(byName(s.db, 'Pieter van der Berg')).toMatchObject({ category_id: 'speaker' });
    expect(byName(s.db, '陳大文')!.attention).toBe('Yes');
  });

  it('finds everyone by name, by lower-case secret in either case, and by phone tail', async () => {
    const s = await imported('pretix-checkin-list.csv');
    expect(await s.find('Schmidt')).toEqual(['Anna Schmidt']);
    expect(await s.find('obrien')).toEqual(["Seán O'Brien"]);
    expect(await s.find('陈大文')).toEqual(['陳大文']);
    expect(await s.find('chen')).toContain('陳大文');
    expect(await s.find('4567')).toEqual(expect.arrayContaining(['Anna Schmidt', '陳大文', 'Pieter van der Berg']));
    const anna = byName(s.db, 'Anna Schmidt')!;
    expect(codesOf(s.db, anna.id)).toEqual(['k7d3mvq9xw2pbt5cz8hn4rjf6g']);
    for (const scanned of ['k7d3mvq9xw2pbt5cz8hn4rjf6g', 'K7D3MVQ9XW2PBT5CZ8HN4RJF6G']) {
      expect(await s.verify(scanned), scanned).toMatchObject({ valid: true, reason: 'ticket_code', attendeeId: anna.id });
    }
  });

  it('refuses a ticket code that another attendee holds in another letter case', async () => {
    const s = await imported('pretix-checkin-list.csv');
    const csv = Buffer.from('Registration ID,Name,Secret\nX-9,Someone Else,K7D3MVQ9XW2PBT5CZ8HN4RJF6G\n');
    const report = await s.must('roster:importCommit', bytesInput('again.csv', csv), s.admin);
    expect(problems(report)).toEqual([
      [1, 'category', 'category_missing'],
      [2, 'ticketCodes', 'ticket_code_taken'],
    ]);
  });
});

describe('an Eventbrite attendee report', () => {
  it('keeps 21-digit barcodes as text, flags one Excel turned into a number, and imports every person', async () => {
    const s = await imported('eventbrite-attendees.csv');
    expect(s.report).toMatchObject({ encoding: 'utf-8-bom', rows: 4, created: 4, skipped: 0 });
    expect(problems(s.report)).toEqual([[5, 'ticketCodes', 'code_excel_damaged']]);
    const emily = byName(s.db, 'Emily Clarke')!;
    expect(emily).toMatchObject({ external_id: '1234567001', org_en: 'BBC News', title: 'Correspondent', category_id: 'media' });
    expect(codesOf(s.db, emily.id)).toEqual(['838403092419210358001']);
    expect(await s.verify('838403092419210358001')).toMatchObject({ valid: true, attendeeId: emily.id });
    const amara = byName(s.db, 'Amara Okafor')!;
    expect(codesOf(s.db, amara.id)).toEqual([]);
    expect(byName(s.db, '王小明')).toMatchObject({ org_zh: '新华社', phone: '13800138111', category_id: 'delegate' });
    expect(await s.find('wxm')).toEqual(['王小明']);
    expect(await s.find('Watanabe')).toEqual(['Kenji Watanabe']);
    expect(await s.find('5678')).toContain('Kenji Watanabe');
  });
});

describe('a Hong Kong media list saved as Big5', () => {
  it('is read as Big5, maps traditional header words and matches the traditional category', async () => {
    const s = await imported('hk-media-big5.csv');
    expect(s.report).toMatchObject({ encoding: 'big5', rows: 4, created: 4, skipped: 0 });
    expect(s.report.mapping).toEqual({ 姓名: 'nameZh', 英文姓名: 'nameEn', 機構: 'orgZh', 職銜: 'title', 電郵: 'email', 手提電話: 'phone', 類別: 'category', 證件類型: 'documentType', 證件號碼: 'documentNumber', 備註: 'attention' });
    expect(problems(s.report)).toEqual([[5, 'email', 'email_invalid']]);
    expect(byName(s.db, '陳大文')).toMatchObject({ name_en: 'Chan Tai Man', org_zh: '香港電台', title: '記者', category_id: 'hkmt-media', region: 'hong_kong', phone: '+85291234567' });
    expect(byName(s.db, '黃美玲')).toMatchObject({ org_zh: '聯合報', region: 'taiwan' });
    expect(byName(s.db, '何嘉欣')).toMatchObject({ region: 'macao', attention: '需要輪椅' });
  });

  it('finds 陳大文 when searched as 陈大文, by pinyin, by English name and by phone tail, with the stored name unchanged', async () => {
    const s = await imported('hk-media-big5.csv');
    expect(await s.find('陈大文')).toEqual(['陳大文']);
    expect(await s.find('chendawen')).toEqual(['陳大文']);
    expect(await s.find('Tai Man')).toEqual(['陳大文']);
    expect(await s.find('4567')).toContain('陳大文');
    expect(s.db.get<{ name_zh: string }>(sql`SELECT name_zh FROM attendee WHERE name_en = 'Chan Tai Man'`)!.name_zh).toBe('陳大文');
  });

  it('was mojibake before: the same bytes read as GB18030 recognise no header word', () => {
    const bytes = fixture('hk-media-big5.csv');
    const asGb = new TextDecoder('gb18030').decode(bytes).split('\r\n')[0]!.split(',');
    expect(Object.values(detectMapping(asGb)).filter((f) => f !== null)).toEqual([]);
    expect(decodeText(bytes).encoding).toBe('big5');
  });
});

describe('a European list from Excel', () => {
  it('is read as semicolon-separated windows-1252, diacritics and a quoted semicolon intact', async () => {
    const s = await imported('european-semicolon.csv');
    expect(s.report).toMatchObject({ encoding: 'windows-1252', delimiter: ';', rows: 3, created: 3, skipped: 0 });
    expect(problems(s.report)).toEqual([]);
    expect(byName(s.db, 'Jürgen Groß')).toMatchObject({ org_en: 'Süddeutsche Zeitung', title: 'Redakteur', category_id: 'media', phone: '+4915123456789' });
    expect(byName(s.db, 'José Núñez')).toMatchObject({ org_en: 'Agencia EFE; Madrid', category_id: 'delegate' });
    expect(await s.find('Zoe')).toEqual(['Zoë Dubois']);
    expect(await s.find('5678')).toContain('Zoë Dubois');
  });
});

describe('a questionnaire export', () => {
  it('maps numbered question headers, ignores the tool’s own columns and splits ┋-joined choices', async () => {
    const s = await imported('questionnaire.xlsx');
    expect(s.report).toMatchObject({ format: 'xlsx', rows: 4, created: 4, skipped: 0 });
    expect(s.report.mapping).toMatchObject({ '1、您的姓名': 'nameZh', '3.工作单位': 'orgZh', 'Q4. 手机号码': 'phone', '5、职务': 'title', '6、参会类别': 'category', '7、拟参加的分论坛（多选）': 'activities', '8、备注': 'attention' });
    for (const ignored of ['序号', '提交答卷时间', '所用时间', '来源', '来源详情', '来自IP', '2、您的性别']) expect(s.report.mapping[ignored], ignored).toBeNull();
    expect(problems(s.report)).toEqual([[4, 'phone', 'phone_invalid']]);
    expect(registrationsOf(s.db, byName(s.db, '张伟')!.id)).toEqual(['forum-1', 'malanshan']);
    const liu = byName(s.db, '刘芳')!;
    expect(liu).toMatchObject({ phone: '13900139001', org_zh: '湖南日报社', category_id: 'media', attention: null });
    expect(registrationsOf(s.db, liu.id)).toEqual(['forum-1', 'forum-4']);
    expect(byName(s.db, 'Li Wei')).toMatchObject({ name_zh: null, org_zh: null, org_en: 'Xinhua News Agency', attention: '需要同传耳机' });
    expect(await s.find('oyn')).toEqual(['欧阳娜娜']);
    expect(await s.find('9004')).toEqual(['Li Wei']);
  });
});

describe('a file with no recognisable name column', () => {
  const csv = Buffer.from(['Delegate,Outlet,Mobile,Pass', 'Anna Schmidt,Deutsche Welle,+49 30 1234567,Media', 'Kenji Watanabe,NHK World,+81 90 1234 5678,Media', 'Zoë Dubois,Le Monde,+33 6 12 34 56 78,Media', ''].join('\r\n'));

  it('dry run: names the headers it saw and proposes the likeliest name columns, with one error, not one per row', async () => {
    const s = testStation();
    const report = await s.must('roster:importPreview', bytesInput('press.csv', csv), await s.admin());
    expect(report).toMatchObject({ rows: 3, created: 0, skipped: 3, headers: ['Delegate', 'Outlet', 'Mobile', 'Pass'] });
    expect(report.nameCandidates![0]).toBe('Delegate');
    expect(report.nameCandidates).not.toContain('Mobile');
    expect(report.nameCandidates).not.toContain('Pass');
    expect(report.issues.filter((i) => i.severity === 'error').map((i) => [i.line, i.code, i.value])).toEqual([[1, 'no_name_column', report.nameCandidates!.join(', ')]]);
  });

  it('commit: changes nothing and says why; mapped by the user, every row imports', async () => {
    const s = testStation();
    const admin = await s.admin();
    const audits = s.services.auditCount();
    const refused = await s.call('roster:importCommit', bytesInput('press.csv', csv), admin);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('invalid_input');
    expect(refused.error.message).toContain('Headers found: Delegate, Outlet, Mobile, Pass');
    expect(refused.error.message).toContain('likeliest name columns: Delegate');
    expect(attendeeCount(s.db)).toBe(0);
    expect(s.services.auditCount()).toBe(audits);
    const report = await s.must('roster:importCommit', bytesInput('press.csv', csv, { mapping: { Delegate: 'nameEn', Outlet: 'orgEn' } }), admin);
    expect(report).toMatchObject({ created: 3, skipped: 0 });
  });
});

describe('a registration system’s own category and activity words', () => {
  const csv = Buffer.from(['Attendee name,Product,Secret', 'Anna Schmidt,Press pass,s1', 'Kenji Watanabe,PRESS PASS,s2', 'Zoë Dubois,Early bird,s3', '陳大文,嘉賓證,s4', ''].join('\r\n'));

  it('skip their rows until each word is given a category; given, they import, in any case and either script', async () => {
    const s = testStation();
    const admin = await s.admin();
    const unmapped = await s.must('roster:importPreview', bytesInput('pretix.csv', csv), admin);
    expect(unmapped).toMatchObject({ created: 0, skipped: 4 });
    expect(unmapped.issues.filter((i) => i.code === 'category_unknown').map((i) => i.value)).toEqual(['Press pass', 'PRESS PASS', 'Early bird', '嘉賓證']);
    const categories = { 'Press pass': 'media', 'Early bird': 'delegate', 嘉宾证: 'guest' };
    const report = await s.must('roster:importCommit', bytesInput('pretix.csv', csv, { categories }), admin);
    expect(report).toMatchObject({ created: 4, skipped: 0 });
    expect([byName(s.db, 'Anna Schmidt'), byName(s.db, 'Kenji Watanabe'), byName(s.db, 'Zoë Dubois'), byName(s.db, '陳大文')].map((r) => r?.category_id)).toEqual(['media', 'media', 'delegate', 'guest']);
  });

  it('gives a questionnaire’s own forum words their activities, beside the titles the event already knows', async () => {
    const s = testStation();
    const admin = await s.admin();
    const survey = Buffer.from(['1、您的姓名,2、拟参加的分论坛（多选）', '刘芳,分论坛一┋技术展', '张伟,分論壇四', ''].join('\r\n'));
    const unmapped = await s.must('roster:importPreview', bytesInput('survey.csv', survey), admin);
    expect(unmapped.issues.filter((i) => i.code === 'activity_unknown').map((i) => [i.line, i.value])).toEqual([
      [2, '分论坛一'],
      [3, '分論壇四'],
    ]);
    const report = await s.must('roster:importCommit', bytesInput('survey.csv', survey, { activities: { 分论坛一: 'forum-1', 分论坛四: 'forum-4' } }), admin);
    expect(report).toMatchObject({ created: 2, skipped: 0 });
    expect(registrationsOf(s.db, byName(s.db, '刘芳')!.id)).toEqual(['forum-1', 'tech-expo']);
    expect(registrationsOf(s.db, byName(s.db, '张伟')!.id)).toEqual(['forum-4']);
  });

  it('refuses a word given a category the event does not have, naming it, and imports nothing', async () => {
    const s = testStation();
    const r = await s.call('roster:importCommit', bytesInput('pretix.csv', csv, { categories: { 'Press pass': 'press' } }), await s.admin());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('"Press pass" is given the category "press"') });
    expect(attendeeCount(s.db)).toBe(0);
  });
});

describe('importing the same export again', () => {
  it.each(['pretix-checkin-list.csv', 'eventbrite-attendees.csv', 'hk-media-big5.csv', 'european-semicolon.csv', 'questionnaire.xlsx'])(
    'changes nothing for %s, matching rows with no registration id by name and phone or by ticket code',
    async (name) => {
      const s = await imported(name);
      const again = await s.must('roster:importCommit', input(name), s.admin);
      expect(again).toMatchObject({ created: 0, updated: 0, unchanged: s.report.created, skipped: s.report.skipped });
    },
  );

  it('finds a pretix attendee with no phone by the secret, in whatever case the new file writes it', async () => {
    const s = testStation();
    const admin = await s.admin();
    const first = Buffer.from('Attendee name,Secret,Product\nAnna Schmidt,k7d3mvq9xw2p,Media\n');
    const second = Buffer.from('Attendee name,Secret,Product,Company\nAnna Schmidt,K7D3MVQ9XW2P,Media,Deutsche Welle\n');
    await s.must('roster:importCommit', bytesInput('a.csv', first), admin);
    expect(await s.must('roster:importCommit', bytesInput('b.csv', second), admin)).toMatchObject({ created: 0, updated: 1 });
    expect(attendeeCount(s.db)).toBe(1);
    expect(byName(s.db, 'Anna Schmidt')).toMatchObject({ org_en: 'Deutsche Welle' });
  });
});

describe('import → export → import', () => {
  it('keeps every person, Latin-only names included', async () => {
    const first = testStation();
    const admin = await first.admin();
    for (const name of ['pretix-checkin-list.csv', 'eventbrite-attendees.csv', 'hk-media-big5.csv', 'european-semicolon.csv', 'questionnaire.xlsx']) {
      await first.must('roster:importCommit', input(name), admin);
    }
    const people = (db: Db) =>
      db.all<Row>(sql`SELECT * FROM attendee ORDER BY coalesce(name_zh, name_en)`).map((r) => ({
        names: [r.name_zh, r.name_en],
        orgs: [r.org_zh, r.org_en],
        title: r.title,
        phone: r.phone,
        email: r.email,
        category: r.category_id,
        externalId: r.external_id,
        codes: codesOf(db, r.id),
        activities: registrationsOf(db, r.id),
      }));
    expect(people(first.db).filter((p) => p.names[0] === null)).toHaveLength(12);
    for (const format of ['csv', 'xlsx'] as const) {
      const file = await first.must('roster:export', { format, unmasked: true }, admin);
      const second = testStation();
      const report = await second.must('roster:importCommit', { fileName: `roster.${format}`, contentBase64: file.contentBase64 }, await second.admin());
      expect(report, format).toMatchObject({ created: attendeeCount(first.db), skipped: 0 });
      expect(people(second.db), format).toEqual(people(first.db));
    }
  });
});

describe('the parts of the import', () => {
  it('joins Chinese family + given with no space and Latin given + family with one', () => {
    expect(joinNameParts('娜娜', '欧阳')).toEqual({ script: 'zh', name: '欧阳娜娜' });
    expect(joinNameParts(' María José ', 'García López')).toEqual({ script: 'latin', name: 'María José García López' });
    expect(joinNameParts('Seán', "O'Brien")).toEqual({ script: 'latin', name: "Seán O'Brien" });
    expect(joinNameParts('', 'Madonna')).toEqual({ script: 'latin', name: 'Madonna' });
    expect(joinNameParts(' ', '')).toBeNull();
  });

  it('maps composite, numbered, traditional and English header words', () => {
    expect(
      detectMapping(['Attendee name: Given name', 'Attendee name: Family name', 'Q3. 手机号码', '第4题 您所在的单位', '請填寫您的職務', 'E-mail address', 'Barcode #', 'Ticket Type', '手提電話']),
    ).toEqual({
      'Attendee name: Given name': 'givenName',
      'Attendee name: Family name': 'familyName',
      'Q3. 手机号码': 'phone',
      '第4题 您所在的单位': 'orgZh',
      請填寫您的職務: 'title',
      'E-mail address': 'email',
      'Barcode #': 'ticketCodes',
      'Ticket Type': 'category',
      手提電話: null,
    });
  });

  it('matches an activity title written in traditional characters and choices joined by any separator', () => {
    const lookup = activityLookup(cnmc2024().activities);
    expect(matchActivities('“融合創新 智慧傳播”論壇┋開幕式暨主論壇', lookup)).toEqual({ ids: ['forum-4', 'main-forum'], unknown: [] });
    expect(matchActivities('主论坛|技术展', lookup)).toEqual({ ids: ['main-forum', 'tech-expo'], unknown: [] });
  });

  it('says when it is unsure between encodings, shows the header and first row each way, and takes the user’s choice', async () => {
    // Two Korean names in EUC-KR: byte pairs that GB18030 reads as everyday Chinese too, too few for the detector.
    const file = iconv.encode('Name,Org\r\n김민수,조선일보\r\n', 'euc-kr');
    const s = testStation();
    const admin = await s.admin();
    const preview = await s.must('roster:importPreview', bytesInput('list.csv', file), admin);
    expect(preview.issues[0]).toMatchObject({ line: 0, field: null, code: 'encoding_uncertain', severity: 'warning' });
    const korean = preview.encodingAlternatives!.find((a) => a.encoding === 'euc-kr');
    expect(korean).toEqual({ encoding: 'euc-kr', headers: ['Name', 'Org'], firstRow: ['김민수', '조선일보'], recognised: 2 });
    expect(preview.encodingAlternatives!.map((a) => a.encoding)).not.toContain(preview.encoding);
    const chosen = await s.must('roster:importCommit', bytesInput('list.csv', file, { encoding: 'euc-kr' }), admin);
    expect(chosen).toMatchObject({ encoding: 'euc-kr', created: 1 });
    expect(chosen.encodingAlternatives).toBeUndefined();
    expect(byName(s.db, '김민수')).toMatchObject({ org_zh: '조선일보' });
  });

  it('is sure where the bytes tell: longer Korean, Japanese, Big5, GB18030 and windows-1252 files', () => {
    const lines = (rows: string[]) => `Name,Org\r\n${rows.join('\r\n')}\r\n`;
    const cases = [
      ['euc-kr', lines(Array.from({ length: 30 }, (_, i) => `김민수${i},조선일보 서울 본사 편집국`))],
      ['shift_jis', lines(['山田太郎,朝日新聞', '佐藤花子,読売新聞'])],
      ['big5', lines(['李明,中國時報'])],
      ['gb18030', lines(['陈大文,湖南日报社'])],
      ['windows-1252', lines(['Jürgen Groß,Süddeutsche Zeitung'])],
    ] as const;
    for (const [encoding, text] of cases) {
      const decoded = decodeText(iconv.encode(text, encoding === 'windows-1252' ? 'win1252' : encoding));
      expect(decoded, encoding).toEqual({ text, encoding });
    }
  });
});
