#!/usr/bin/env node
// phieu is written in TypeScript and needs no build step: `npx phieu` works right after `npm install`. The CLI is
// bundled in memory by esbuild as it starts (about 0.1 s); run through tsx's loader instead, the process would
// hold about 45 MB more. Should bundling fail, it runs through tsx.
import { bundleModule } from '../src/runtime/bundleModule.mjs';

const main = new URL('../src/cli/main.ts', import.meta.url);
let entry;
try {
  entry = await bundleModule(main);
} catch (error) {
  process.stderr.write(`phieu: running through tsx (bundling failed: ${error.message.split('\n')[0]})\n`);
  const { register } = await import('tsx/esm/api');
  register();
  entry = main;
}
await import(entry.href);
