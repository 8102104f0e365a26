import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { ADMIN_PASSWORD } from './webServer.js';

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

/** A new 1366-wide page logged in through the log-in form, and the script errors it collects from then on. */
export async function openLoggedIn(browser: Browser, url: string, as: { username?: string; password?: string; height?: number } = {}): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1366, height: as.height ?? 768 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.fill('input[name=username]', as.username ?? 'admin');
  await page.fill('input[name=password]', as.password ?? ADMIN_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForSelector('.tiles');
  return { page, errors };
}
