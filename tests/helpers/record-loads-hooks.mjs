// The loader hooks of record-loads.mjs: each ES module's URL, as it loads.
import { appendFileSync } from 'node:fs';

export async function load(url, context, next) {
  appendFileSync(process.env.LANYARD_LOAD_LOG, `${url}\n`);
  return next(url, context);
}
