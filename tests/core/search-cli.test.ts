import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lanyard } from '../helpers/cli';
import type { SearchHit } from '../../src/shared/search';

const dir = mkdtempSync(join(tmpdir(), 'lanyard-search-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lanyard search', () => {
  const db = join(dir, 'e.db');

  it('prints the matches best first as JSON, with names, organisation, category and a masked phone', () => {
    expect(lanyard('init', '--db', db).code).toBe(0);
    expect(lanyard('demo', '--db', db, '--attendees', '500').code).toBe(0);
    const r = lanyard('search', '湖南日报社', '--db', db, '--limit', '3');
    expect(r.code, r.stderr).toBe(0);
    const hits = JSON.parse(r.stdout) as SearchHit[];
    expect(hits).toHaveLength(3);
    for (const hit of hits) {
      expect(hit).toMatchObject({ orgZh: '湖南日报社', matched: 'organisation', categoryId: expect.any(String) as string });
      expect(hit.id).toMatch(/\S/);
      expect(hit.phoneMasked ?? '').toMatch(/^\+?[\d ]*\*+\d{4}$|^$/);
    }
  });

  it('prints nothing found as an empty list and refuses a search without text', () => {
    const none = lanyard('search', 'qqqqqq', '--db', db);
    expect(none.code, none.stderr).toBe(0);
    expect(JSON.parse(none.stdout)).toEqual([]);
    expect(lanyard('search', '--db', db).code).toBe(2);
    expect(lanyard('search', 'zs', '--db', db, '--limit', '0').code).toBe(1);
  });
});
