/**
 * One import in a process of its own, so its time and peak memory are not mixed with the bench's own data:
 * `tsx bench/import-child.ts FILE DB` prints {ms, created, skipped, maxRssMiB}. With `--read-only` it only streams
 * the XLSX's rows through the import's own sheet reader, with `--read-only-exceljs` through exceljs's streaming
 * reader (the reference), and prints {ms, created: rows read}.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { openDatabase } from '../src/main/core/db/open';
import { cnmc2024 } from '../src/main/core/event/cnmc2024';
import { importFile } from '../src/main/core/import/pipeline';
import { exceljsFirstSheet, streamFirstSheet } from '../src/main/core/import/xlsx';
import { initEvent } from '../src/main/core/services';

const [file, dbFile] = process.argv.slice(2);
if (!file || !dbFile) throw new Error('usage: import-child.ts FILE DB|--read-only');
if (dbFile === '--read-only' || dbFile === '--read-only-exceljs') {
  const read = dbFile === '--read-only' ? streamFirstSheet : exceljsFirstSheet;
  const t = process.hrtime.bigint();
  let rows = 0;
  for await (const _ of read(readFileSync(file), (e) => e).rows) rows++;
  process.stdout.write(`${JSON.stringify({ ms: Number(process.hrtime.bigint() - t) / 1e6, created: rows, skipped: 0, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
  process.exit(0);
}
const event = cnmc2024();
const db = openDatabase(dbFile);
initEvent(db, event, new Date());
const bytes = readFileSync(file);
const t = process.hrtime.bigint();
const report = await importFile({ bytes, fileName: basename(file) }, { db, at: new Date(), by: { operatorId: null, via: 'system' } });
const ms = Number(process.hrtime.bigint() - t) / 1e6;
db.close();
// maxRSS is in KiB.
process.stdout.write(`${JSON.stringify({ ms, created: report.created, skipped: report.skipped, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
