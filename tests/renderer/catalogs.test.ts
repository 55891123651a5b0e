import { describe, expect, it } from 'vitest';
import en from '../../src/renderer/i18n/en.json';
import zh from '../../src/renderer/i18n/zh.json';

/** Every leaf of a catalog as `path → text`. */
function leaves(catalog: object, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(catalog)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'object' && value !== null) for (const [k, v] of leaves(value, path)) out.set(k, v);
    else out.set(path, value);
  }
  return out;
}

const placeholders = (text: unknown) => [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
  const zhLeaves = leaves(zh);
  const enLeaves = leaves(en);

  it('have exactly the same keys in Chinese and English', () => {
    expect([...zhLeaves.keys()].sort()).toEqual([...enLeaves.keys()].sort());
  });

  it('have no empty or non-text values', () => {
    for (const [path, text] of [...zhLeaves, ...enLeaves]) {
      expect(typeof text === 'string' && text.trim().length > 0, path).toBe(true);
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const [path, text] of zhLeaves) expect(placeholders(enLeaves.get(path)), path).toEqual(placeholders(text));
  });

  it('are really translated: the Chinese catalog is Chinese', () => {
    const latinOnly = [...zhLeaves].filter(([path, text]) => !/[\u4e00-\u9fff]/.test(String(text)) && !path.startsWith('language.'));
    expect(latinOnly.map(([path]) => path)).toEqual([]);
  });
});
