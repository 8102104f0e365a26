import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench`: every bench in a process of its own (so each peak memory figure is its own), figures printed as
 * they come. Name benches to run only those: `npm run bench -- omr print`.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const all = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !['run.ts', 'harness.ts'].includes(f))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : all;
let failed = false;
for (const name of chosen) {
  process.stdout.write(`\n== ${name}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, `${name}.ts`)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.status !== 0 || !line.startsWith('{')) {
    failed = true;
    process.stdout.write(`  failed (exit ${run.status})\n`);
    continue;
  }
  for (const [key, value] of Object.entries(JSON.parse(line) as Record<string, unknown>)) process.stdout.write(`  ${key.padEnd(48)} ${value}\n`);
}
process.exit(failed ? 1 : 0);
