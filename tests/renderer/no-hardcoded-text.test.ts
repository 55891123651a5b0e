import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const sources = import.meta.glob<string>('../../src/renderer/**/*.{ts,tsx}', { query: '?raw', import: 'default', eager: true });

/** Attributes a person reads or hears; their text must come from the catalogs too. */
const SPOKEN_ATTRIBUTES = new Set(['aria-label', 'title', 'alt', 'placeholder']);
const WORDS = /[A-Za-z\u4e00-\u9fff]/;

function hardCodedText(file: string, source: string): string[] {
  const found: string[] = [];
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && WORDS.test(node.text)) found.push(`${file}: text "${node.text.trim()}"`);
    if (ts.isJsxAttribute(node) && SPOKEN_ATTRIBUTES.has(node.name.getText(sf)) && node.initializer && ts.isStringLiteral(node.initializer) && WORDS.test(node.initializer.text)) {
      found.push(`${file}: ${node.name.getText(sf)}="${node.initializer.text}"`);
    }
    if (ts.isStringLiteralLike(node) && /[\u4e00-\u9fff]/.test(node.text)) found.push(`${file}: Chinese literal "${node.text}"`);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('UI text', () => {
  it('lives in the message catalogs, not in the components', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(10);
    expect(Object.entries(sources).flatMap(([file, source]) => hardCodedText(file, source))).toEqual([]);
  });

  it('is caught when a component hard-codes it', () => {
    expect(hardCodedText('x.tsx', "const label = '签到';\nexport const X = () => <p title=\"Close\">Check in</p>;")).toEqual([
      'x.tsx: Chinese literal "签到"',
      'x.tsx: title="Close"',
      'x.tsx: text "Check in"',
    ]);
  });
});
