import { defineConfig } from 'vitest/config';

// Lanes: `unit` is pure code for the inner loop (under a minute); `integration` runs real databases, processes,
// servers and scans; `browser` drives the web app in headless Chromium. `npm test` runs all three.
const unit = ['handwriting', 'layout', 'qr', 'recognize', 'survey', 'results', 'sampling', 'electronic', 'io', 'ocr', 'print'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: [`test/{${unit.join(',')}}/**/*.test.ts`, 'test/report/report.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [`test/{${unit.join(',')}}/**`, 'test/report/report.test.ts', 'test/e2e/**'],
        },
      },
      { extends: true, test: { name: 'browser', include: ['test/e2e/**/*.test.ts'], globalSetup: ['test/support/browserSetup.ts'] } },
    ],
  },
});
