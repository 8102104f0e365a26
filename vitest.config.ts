import { defineConfig } from 'vitest/config';

// Lanes: `unit` is pure code for the inner loop (under a minute); `integration` runs real databases, processes,
// servers and scans; `browser` drives the web app in headless Chromium. `npm test` runs all three.
const unit = ['handwriting', 'layout', 'phone', 'qr', 'recognize', 'survey', 'results', 'sampling', 'electronic', 'io', 'ocr', 'print'];
const lane = { testTimeout: 60_000, hookTimeout: 120_000 };

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    // Once for the whole run, before any lane: dist/ is built, since the CLI and the page workers run from it.
    globalSetup: ['test/support/buildSetup.ts'],
    projects: [
      { test: { ...lane, name: 'unit', include: [`test/{${unit.join(',')}}/**/*.test.ts`, 'test/report/report.test.ts'] } },
      {
        test: {
          ...lane,
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [`test/{${unit.join(',')}}/**`, 'test/report/report.test.ts', 'test/e2e/**'],
        },
      },
      { test: { ...lane, name: 'browser', include: ['test/e2e/**/*.test.ts'], globalSetup: ['test/support/browserSetup.ts'] } },
    ],
  },
});
