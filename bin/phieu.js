#!/usr/bin/env node
// phieu runs the JavaScript that `npm run build` compiles into dist/ (on `npm install`, through the prepare script).
// Error stacks name the TypeScript files and lines through the source maps beside it.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

process.setSourceMapsEnabled(true);
const main = new URL('../dist/cli/main.js', import.meta.url);
if (!fs.existsSync(main)) {
  process.stderr.write('phieu: chưa có bản dựng trong dist/. Hãy chạy "npm install" (hoặc "npm run build") trong thư mục phieu.\n');
  process.exit(1);
}
// Commands that decode scans run in a child given the malloc settings they need (src/runtime/tunedMalloc.ts).
const malloc = await import(new URL('../dist/runtime/tunedMalloc.js', import.meta.url).href);
const args = process.argv.slice(2);
if (malloc.wantsTunedMalloc(args, process.env)) malloc.runWithTunedMalloc(fileURLToPath(import.meta.url), args);
else {
  malloc.dieWithParent();
  await import(main.href);
}
