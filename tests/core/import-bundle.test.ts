import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import { resolveConfig } from 'electron-vite';
import iconv from 'iconv-lite';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/open';
import { sql } from '../../src/main/core/db/sql';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import type { ImportWorkerMessage } from '../../src/main/core/import/worker';
import { initEvent } from '../../src/main/core/services';

const ROOT = resolve(import.meta.dirname, '../..');

describe('the built main bundle', () => {
  // Inside the project, so the bundle's external imports (better-sqlite3, exceljs) resolve from node_modules.
  const outDir = join(ROOT, 'out', `test-main-${process.pid}`);
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-bundle-'));
  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a file with its two worker entries, every shared chunk beside them where import/threads.ts looks', async () => {
    const { config } = await resolveConfig({ logLevel: 'warn' }, 'build', 'production');
    if (!config?.main) throw new Error('electron.vite.config.ts has no main section');
    await build({ ...config.main, logLevel: 'warn', build: { ...config.main.build, outDir, emptyOutDir: true } });

    // import/threads.ts, in whichever chunk it lands, starts `./worker.js` and `./parse-worker.js` from beside itself.
    expect(readdirSync(outDir, { withFileTypes: true }).filter((e) => e.isDirectory())).toEqual([]);
    expect(readdirSync(outDir)).toEqual(expect.arrayContaining(['index.js', 'worker.js', 'parse-worker.js']));

    const dbFile = join(dir, 'bundle.db');
    const db = openDatabase(dbFile);
    initEvent(db, cnmc2024(), new Date('2024-10-01T00:00:00Z'));
    const lines = ['编号,姓名,手机,参会类别', ...Array.from({ length: 2500 }, (_, i) => `B${i},测试${i},138${String(i).padStart(8, '0')},代表`)];
    // What ImportJobs does, with the built entries: the parse thread and the writer side by side, joined by a port.
    const counters = new SharedArrayBuffer(12);
    const { port1, port2 } = new MessageChannel();
    const parse = new Worker(join(outDir, 'parse-worker.js'), {
      workerData: { kind: 'lanyard-parse', bytes: iconv.encode(`${lines.join('\r\n')}\r\n`, 'gb18030'), fileName: 'bundle.csv', event: cnmc2024(), port: port2, counters },
      transferList: [port2],
    });
    const worker = new Worker(join(outDir, 'worker.js'), {
      workerData: {
        kind: 'lanyard-import',
        dbFile,
        parse: { port: port1, counters },
        cancel: new SharedArrayBuffer(4),
        at: '2024-10-01T00:00:00Z',
        by: { operatorId: null, via: 'system' },
      },
      transferList: [port1],
    });
    const last = await new Promise<ImportWorkerMessage>((done, fail) => {
      worker.on('message', (m: ImportWorkerMessage) => {
        if (m.type !== 'progress') done(m);
      });
      worker.on('error', fail);
    });
    await worker.terminate();
    await parse.terminate();
    expect(last).toMatchObject({ type: 'done', report: { encoding: 'gb18030', rows: 2500, created: 2500, committed: true } });
    expect(db.get(sql`SELECT count(*) AS n FROM attendee WHERE search_id IS NOT NULL`)).toEqual({ n: 2500 });
    db.close();
  }, 120_000);
});
