import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it("fails lint when src/main/core imports 'electron'", async () => {
    const messages = await restrictedImports('src/main/core/example.ts', "import { app } from 'electron';\nexport const name = app.getName();\n");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/only src\/main\/app may/);
  });

  it('lets src/main/app import electron', async () => {
    expect(await restrictedImports('src/main/app/example.ts', "import { app } from 'electron';\nexport const name = app.getName();\n")).toEqual([]);
  });

  it('keeps src/shared free of Node modules', async () => {
    expect(await restrictedImports('src/shared/example.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n")).toHaveLength(1);
  });

  it('keeps the renderer away from main-process code', async () => {
    const messages = await restrictedImports('src/renderer/example.ts', "import { openDatabase } from '../main/core/db/open';\nexport const o = openDatabase;\n");
    expect(messages).toHaveLength(1);
  });
});
