import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import { inflateSync } from 'node:zlib';
import { resolveConfig } from 'electron-vite';
import iconv from 'iconv-lite';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/open';
import { sql } from '../../src/main/core/db/sql';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import { loadBadgeEvent, selectBadgeAttendees } from '../../src/main/core/badges/badges';
import type { BadgeWorkerReply, BadgeWorkerRequest } from '../../src/main/core/badges/thread-protocol';
import { issueCredential } from '../../src/main/core/credentials/credentials';
import { vaultFor } from '../../src/main/core/credentials/keys';
import { generateDemoAttendees } from '../../src/main/core/demo/generate';
import type { ImportWorkerMessage } from '../../src/main/core/import/worker';
import type { ParseWorkerData } from '../../src/main/core/import/parse-worker';
import { insertAttendees } from '../../src/main/core/roster/repo';
import { initEvent } from '../../src/main/core/services';

const ROOT = resolve(import.meta.dirname, '../..');

describe('the built main bundle', () => {
  // Inside the project, so the bundle's external imports (better-sqlite3, exceljs) resolve from node_modules.
  const outDir = join(ROOT, 'out', `test-main-${process.pid}`);
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-bundle-'));
  beforeAll(async () => {
    const { config } = await resolveConfig({ logLevel: 'warn' }, 'build', 'production');
    if (!config?.main) throw new Error('electron.vite.config.ts has no main section');
    await build({ ...config.main, logLevel: 'warn', build: { ...config.main.build, outDir, emptyOutDir: true } });
  }, 120_000);
  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('has every worker entry beside the shared chunks, where threads.ts looks for them', () => {
    // threads.ts, in whichever chunk it lands, starts `./worker.js`, `./parse-worker.js` and `./badge-worker.js` from beside itself.
    expect(readdirSync(outDir, { withFileTypes: true }).filter((e) => e.isDirectory())).toEqual([]);
    expect(readdirSync(outDir)).toEqual(expect.arrayContaining(['index.js', 'worker.js', 'parse-worker.js', 'badge-worker.js']));
  });

  it('makes badges on a built badge thread: laid out, with the QR form compressed there', async () => {
    const db = openDatabase(':memory:');
    initEvent(db, cnmc2024(), new Date('2024-10-01T00:00:00Z'));
    const [one, two] = generateDemoAttendees({ event: cnmc2024(), count: 2, seed: 5 });
    db.tx(() => insertAttendees(db, [one!, two!], new Date('2024-10-01T00:00:00Z')));
    const items = selectBadgeAttendees(db, { all: true }, 'pinyin').map((attendee) => ({ attendee, payload: issueCredential(db, vaultFor(db), attendee.id).payload }));
    const ready = new SharedArrayBuffer(4);
    const thread = new Worker(join(outDir, 'badge-worker.js'), { workerData: { kind: 'lanyard-badges', ready, warmUp: 0 } });
    const reply = new Promise<BadgeWorkerReply>((done, fail) => {
      thread.on('message', (m: BadgeWorkerReply | 'ready') => {
        if (m !== 'ready') done(m);
      });
      thread.on('error', fail);
    });
    const requests: BadgeWorkerRequest[] = [
      { type: 'batch', batch: 1, event: loadBadgeEvent(db), size: undefined },
      { type: 'chunk', batch: 1, seq: 0, items },
    ];
    for (const r of requests) thread.postMessage(r);
    const { batch, seq, items: made } = await reply;
    await thread.terminate();
    expect(new Int32Array(ready)[0]).toBe(1);
    expect({ batch, seq }).toEqual({ batch: 1, seq: 0 });
    expect(made).toHaveLength(2);
    made.forEach((item, i) => {
      if (!('made' in item)) throw new Error(`badge not made: ${item.message}`);
      expect(item.made.page.boxes).toContainEqual(expect.objectContaining({ kind: 'qr', payload: items[i]!.payload }));
      expect(inflateSync(item.made.qr.content).toString('latin1')).toMatch(/^0 g\n(\d+ \d+ \d+ 1 re\n)+f\n$/);
    });
    db.close();
  });

  it('imports a file with its two worker entries', async () => {
    const dbFile = join(dir, 'bundle.db');
    const db = openDatabase(dbFile);
    initEvent(db, cnmc2024(), new Date('2024-10-01T00:00:00Z'));
    const lines = ['编号,姓名,手机,参会类别', ...Array.from({ length: 2500 }, (_, i) => `B${i},测试${i},138${String(i).padStart(8, '0')},代表`)];
    // What ImportJobs does, with the built entries: the parse thread and the writer side by side, joined by a port.
    const counters = new SharedArrayBuffer(12);
    const { port1, port2 } = new MessageChannel();
    // Typed as the parse thread reads it, so a change of its shape fails here at compile time, not at run time.
    const parseData: ParseWorkerData = { kind: 'lanyard-parse', file: { bytes: iconv.encode(`${lines.join('\r\n')}\r\n`, 'gb18030'), fileName: 'bundle.csv' }, event: cnmc2024(), port: port2, counters };
    const parse = new Worker(join(outDir, 'parse-worker.js'), { workerData: parseData, transferList: [port2] });
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
