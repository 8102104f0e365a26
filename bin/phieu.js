#!/usr/bin/env node
// phieu runs the JavaScript that `npm run build` compiles into dist/ (on `npm install`, through the prepare script).
// Error stacks name the TypeScript files and lines through the source maps beside it.
import fs from 'node:fs';

process.setSourceMapsEnabled(true);
const main = new URL('../dist/cli/main.js', import.meta.url);
if (!fs.existsSync(main)) {
  process.stderr.write('phieu: chưa có bản dựng trong dist/. Hãy chạy "npm install" (hoặc "npm run build") trong thư mục phieu.\n');
  process.exit(1);
}
await import(main.href);
