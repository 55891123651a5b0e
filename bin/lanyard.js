#!/usr/bin/env node
// Runs the command line as built JavaScript (out/cli, made by `npm install` and `npm run build`), so it starts at once.
// Without that build, or when a file it was built from has changed since, it runs from the TypeScript source through
// tsx instead, and says so: slower to start, never older code than the source.
import { fileURLToPath } from 'node:url';
import { cliBuildProblem } from '../scripts/cli-build.js';

const problem = cliBuildProblem(fileURLToPath(new URL('..', import.meta.url)));
let main;
if (problem === null) ({ main } = await import('../out/cli/lanyard.js'));
else {
  process.stderr.write(`lanyard: ${problem}; running from source through tsx (\`npm run build:cli\` makes it start at once)\n`);
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/main/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
