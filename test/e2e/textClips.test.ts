import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/startServer.js';
import { useBrowser } from '../support/browser.js';
import { personalDataFixture, WRITERS } from '../support/personalData.js';
import { useTempDir } from '../support/tempDir.js';
import { logIn, useTestServers, userWithRole } from '../support/webServer.js';

const tempDir = useTempDir();
const browser = useBrowser();
const startServer = useTestServers();

describe('Ý kiến viết tay in a real browser', () => {
  it('shows a supervisor the written comments with their clips, narrows them by question and typed words, and never a name', async () => {
    const dataDir = tempDir();
    const fixture = await personalDataFixture(dataDir, { resolve: true });
    fixture.db.close();
    const server: RunningServer = await startServer(dataDir);
    await userWithRole(server.url, await logIn(server.url), 'supervisor');
    const page = await browser().newPage({ viewport: { width: 1366, height: 768 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.fill('input[name=username]', 'supervisor-user');
    await page.fill('input[name=password]', 'long-enough-password');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.tiles');
    await page.getByRole('link', { name: 'Ý kiến viết tay' }).click();
    await page.waitForSelector('.clip-card');
    const captions = async () => page.$$eval('.clip-card figcaption', (els) => els.map((e) => e.textContent ?? ''));
    expect((await captions()).some((c) => c.includes('Ý kiến đóng góp khác'))).toBe(true);
    expect((await captions()).join('\n')).not.toContain(WRITERS[0].name);

    await page.selectOption('.filters select >> nth=1', { label: '4. Ý kiến đóng góp khác' });
    await page.waitForFunction(() => [...document.querySelectorAll('.clip-card figcaption')].every((e) => e.textContent?.includes('Ý kiến đóng góp khác')));
    await page.fill('input[type=search]', 'nhiệt tình');
    await page.waitForFunction(() => document.querySelectorAll('.clip-card').length === 5);
    expect((await captions()).every((c) => c.includes('Đã gõ: Nhân viên nhiệt tình'))).toBe(true);
    // Every clip is a real image the browser could draw.
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.clip-card img')].every((img) => img.complete && img.naturalWidth > 0));
    await page.fill('input[type=search]', 'không ai viết thế này');
    await page.waitForSelector('text=Không có ý kiến viết tay nào khớp.');
    expect(errors).toEqual([]);
  });
});
