import fs from 'node:fs';
import { defineConfig } from 'vitest/config';

// Lanes: `unit` is pure code for the inner loop (about a minute; no database, process, server or browser);
// `integration` runs real databases, processes, servers and scans; `browser` drives the web app in headless
// Chromium. `npm test` runs all three.
const unitFolders = ['handwriting', 'layout', 'qr', 'recognize', 'survey', 'results', 'sampling', 'electronic', 'io', 'ocr', 'print', 'phone'];
// Tests in those folders that open a database: the unit lane loads no native database module, so it also runs on a
// Node whose ABI the installed better-sqlite3 was not built for (the newest LTS lane of .ci/run).
const withDatabase = ['results/storeShell', 'results/roundsFromDraws', 'results/procedureFields', 'electronic/import', 'electronic/reimport', 'recognize/readPage', 'recognize/expectations', 'ocr/suggestText', 'io/hostileRegisterFiles'];

const tests = fs
  .readdirSync('test', { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => f.split('\\').join('/'));
const isBrowser = (f: string) => f.startsWith('e2e/');
const isUnit = (f: string) =>
  (unitFolders.includes(f.split('/')[0]) || f === 'report/report.test.ts') && !withDatabase.includes(f.replace(/\.test\.ts$/, ''));
const files = (keep: (f: string) => boolean) => tests.filter(keep).map((f) => `test/${f}`);
const lane = { testTimeout: 60_000, hookTimeout: 120_000 };

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    // Once for the whole run, before any lane: dist/ is built, since the CLI and the page workers run from it.
    globalSetup: ['test/support/buildSetup.ts'],
    projects: [
      { test: { ...lane, name: 'unit', include: files(isUnit) } },
      { test: { ...lane, name: 'integration', include: files((f) => !isUnit(f) && !isBrowser(f)) } },
      { test: { ...lane, name: 'browser', include: files(isBrowser), globalSetup: ['test/support/browserSetup.ts'] } },
    ],
  },
});
