// `node --import ./tests/helpers/record-loads.mjs …` with LANYARD_LOAD_LOG=FILE: every module the process and its
// threads load is appended to FILE, one URL or path a line: ES modules as they load, CommonJS ones as the process exits.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const log = process.env.LANYARD_LOAD_LOG;
if (log) {
  register('./record-loads-hooks.mjs', import.meta.url);
  process.on('exit', () => appendFileSync(log, Object.keys(createRequire(import.meta.url).cache).map((file) => `${file}\n`).join('')));
}
