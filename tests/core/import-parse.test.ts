import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { delimitedRecords } from '../../src/main/core/import/csv';
import { decodeText, detectMojibake } from '../../src/main/core/import/decode';
import { detectMapping, mergeMapping } from '../../src/main/core/import/headers';
import { activityLookup, excelNumberText, matchActivities } from '../../src/main/core/import/values';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';

const records = (text: string) => [...delimitedRecords(text)];

describe('encoding detection', () => {
  const text = '姓名,单位\r\n张三,湖南日报社\r\n';

  it('tells UTF-8 with and without BOM, UTF-16 LE and BE with BOM, and GB18030 apart from the bytes alone', () => {
    expect(decodeText(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toEqual({ text, encoding: 'utf-8-bom' });
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toEqual({ text, encoding: 'utf-16le' });
    expect(decodeText(iconv.encode(text, 'utf16-be', { addBOM: true }))).toEqual({ text, encoding: 'utf-16be' });
    expect(decodeText(iconv.encode(text, 'gb18030'))).toEqual({ text, encoding: 'gb18030' });
  });

  it('reads a name outside the BMP from GB18030', () => {
    expect(decodeText(iconv.encode('𠮷野家', 'gb18030')).text).toBe('𠮷野家');
  });
});

describe('mojibake detection', () => {
  it('recognises UTF-8 that was read as GBK, UTF-8 read as Latin-1, GBK read as Latin-1 and the 锟斤拷 of lost characters', () => {
    expect(detectMojibake(iconv.decode(Buffer.from('姓名', 'utf8'), 'gbk'))).toBe('utf8_read_as_gbk');
    expect(detectMojibake('å§\u0093å\u0090\u008d')).toBe('utf8_read_as_latin1');
    expect(detectMojibake(iconv.decode(iconv.encode('张三丰', 'gbk'), 'latin1'))).toBe('gbk_read_as_latin1');
    expect(detectMojibake('张锟斤拷')).toBe('utf8_read_as_gbk');
  });

  it('leaves real Chinese and accented Latin names alone', () => {
    for (const clean of ['张三', '湖南日报社', '芒果超媒', 'Ana Müller', 'José Núñez', 'Zhang San', '中国新媒体大会']) expect(detectMojibake(clean), clean).toBeNull();
  });
});

describe('the CSV reader', () => {
  it('keeps commas, doubled quotes and line breaks inside quotes, and numbers each record by the line it starts on', () => {
    const rows = records('a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n\r\nlast,1,2\n');
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['x, y', 'say "hi"', 'two\nlines'] },
      { line: 5, cells: ['last', '1', '2'] },
    ]);
  });

  it('skips blank and whitespace-only lines but counts them, with CRLF, LF or a lone CR', () => {
    expect(records('h\r\n\r\n  \rx\n\ny').map((r) => r.line)).toEqual([1, 4, 6]);
  });

  it('reads tab-separated text when the header holds tabs rather than commas', () => {
    expect(records('姓名\t单位\n张三\t湖南日报社, 长沙\n')).toEqual([
      { line: 1, cells: ['姓名', '单位'] },
      { line: 2, cells: ['张三', '湖南日报社, 长沙'] },
    ]);
  });
});

describe('header mapping', () => {
  it('maps Chinese and English synonyms, full-width letters, starred and annotated headers', () => {
    const mapping = detectMapping(['*姓名', '工作单位（全称）', '手机号码', 'ＥＭＡＩＬ', 'ID Number', 'Organization (English)', '参加论坛', '微信']);
    expect(mapping).toEqual({
      '*姓名': 'nameZh',
      '工作单位（全称）': 'orgZh',
      手机号码: 'phone',
      ＥＭＡＩＬ: 'email',
      'ID Number': 'documentNumber',
      'Organization (English)': 'orgEn',
      参加论坛: 'activities',
      微信: null,
    });
  });

  it('gives a field to its first column only, and lets the caller change the mapping', () => {
    const detected = detectMapping(['手机', '电话', '备注']);
    expect(detected).toEqual({ 手机: 'phone', 电话: null, 备注: 'attention' });
    expect(mergeMapping(detected, { 备注: null, 电话: 'phone', 不存在: 'email' })).toEqual({ 手机: 'phone', 电话: 'phone', 备注: null });
  });
});

describe('activity values', () => {
  const lookup = activityLookup(cnmc2024().activities);

  it('splits a cell on 、，,;；/ but keeps an English title that holds a comma whole', () => {
    expect(matchActivities('主论坛、平行论坛一；技术展', lookup)).toEqual({ ids: ['main-forum', 'forum-1', 'tech-expo'], unknown: [] });
    expect(matchActivities('Main Forum, Integration and Innovation, Intelligent Communication', lookup)).toEqual({ ids: ['main-forum', 'forum-4'], unknown: [] });
    expect(matchActivities('“融合创新 智慧传播”论坛/forum-2', lookup).ids).toEqual(['forum-4', 'forum-2']);
  });

  it('reports a piece that names no activity instead of guessing', () => {
    expect(matchActivities('主论坛，平行论坛九', lookup)).toEqual({ ids: ['main-forum'], unknown: ['平行论坛九'] });
  });
});

describe('numbers from Excel cells', () => {
  it('writes an 18-digit ID stored as a number the way Excel shows it and calls it damaged', () => {
    // As Excel stores it: a double, which cannot hold 18 digits.
    expect(excelNumberText(Number('430102198503121234'))).toEqual({ text: '430102198503121000', damaged: true });
    expect(excelNumberText(430102850312123)).toEqual({ text: '430102850312123', damaged: false });
    expect(excelNumberText(13800138000)).toEqual({ text: '13800138000', damaged: false });
  });
});
