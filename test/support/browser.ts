import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/** Debian's Chromium, headless, started once for a test file and closed after it. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  });
  afterAll(async () => browser?.close());
  return () => {
    if (!browser) throw new Error('the browser has not started');
    return browser;
  };
}
