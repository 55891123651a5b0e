/**
 * One import in a process of its own, so its time and peak memory are not mixed with the bench's own data:
 * `tsx bench/import-child.ts FILE DB` prints {ms, created, skipped, maxRssMiB}.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { openDatabase } from '../src/main/core/db/open';
import { cnmc2024 } from '../src/main/core/event/cnmc2024';
import { parseImport } from '../src/main/core/import/parse';
import { commitImport } from '../src/main/core/import/plan';
import { initEvent } from '../src/main/core/services';

const [file, dbFile] = process.argv.slice(2);
if (!file || !dbFile) throw new Error('usage: import-child.ts FILE DB');
const event = cnmc2024();
const db = openDatabase(dbFile);
initEvent(db, event, new Date());
const bytes = readFileSync(file);
const t = process.hrtime.bigint();
const parsed = await parseImport({ bytes, fileName: basename(file), event });
const report = commitImport({ db, parsed, at: new Date(), by: { operatorId: null, via: 'system' } });
const ms = Number(process.hrtime.bigint() - t) / 1e6;
db.close();
// maxRSS is in KiB.
process.stdout.write(`${JSON.stringify({ ms, created: report.created, skipped: report.skipped, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
