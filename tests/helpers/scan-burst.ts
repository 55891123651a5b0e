/**
 * A door in a process of its own for the crash test: scans the given badge codes one after another through the
 * station's services and prints each scan id once its answer is back (after the commit). Killed at any moment.
 *   node --import tsx tests/helpers/scan-burst.ts DB ACTIVITY CODES.json PREFIX
 */
import { readFileSync } from 'node:fs';
import { openDatabase } from '../../src/main/core/db/open';
import { createServices } from '../../src/main/core/services';

const [dbFile, activityId, codesFile, prefix] = process.argv.slice(2) as [string, string, string, string];
const codes = JSON.parse(readFileSync(codesFile, 'utf8')) as string[];
const services = createServices({ db: openDatabase(dbFile), logger: { error: () => undefined } });
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  const scanId = `${prefix}-${String(i).padStart(7, '0')}`;
  const r = await services.call('scan:record', { scanId, activityId, code: codes[i % codes.length]!, direction: 'in', station: 'crash-door' }, { transport: 'cli' });
  if (!r.ok) throw new Error(r.error.message);
  process.stdout.write(`${scanId}\n`);
}
