import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';

/** Headless Chromium (found by the browser lane's setup), started once for a test file and closed after it. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: inject('chromium').executablePath, headless: true });
  });
  afterAll(async () => browser?.close());
  return () => {
    if (!browser) throw new Error('the browser has not started');
    return browser;
  };
}
