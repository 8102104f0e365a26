import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/sampling/random.js';
import { openLoggedIn, useBrowser } from '../support/browser.js';
import { scannedBatch } from '../support/markBatch.js';
import { useTempDir } from '../support/tempDir.js';
import { logIn, useTestServers, userWithRole } from '../support/webServer.js';

const tempDir = useTempDir();
const browser = useBrowser();
const startServer = useTestServers();

describe('Ngưỡng dấu in a real browser', () => {
  it("shows a supervisor what each cut would send to review or accept in a batch, and applies one after asking", async () => {
    const server = await startServer(tempDir());
    const random = seededRandom('browser cut');
    scannedBatch(server.ctx.db, 6, () => 0.07 * random(), 'browser');
    const openBefore = (server.ctx.db.prepare(`SELECT COUNT(*) AS n FROM review_items WHERE status = 'open'`).get() as { n: number }).n;
    await userWithRole(server.url, await logIn(server.url), 'supervisor');
    const { page, errors } = await openLoggedIn(browser(), server.url, { username: 'supervisor-user', password: 'long-enough-password' });
    await page.getByRole('link', { name: 'Ngưỡng dấu' }).click();
    await page.getByText('Lô thử').click();
    await page.waitForSelector('table.what-if tbody tr');
    // One row per candidate cut; the row of 0.070 / 0.130 says how many questions it would accept without a person.
    const row = page.locator('table.what-if tbody tr', { hasText: '0.070' });
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(0, 2)).toEqual(['0.070', '0.130']);
    const accepted = Number(cells[5]);
    expect(accepted).toBeGreaterThan(0);

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Áp dụng cho lô' }).click();
    await page.waitForSelector('text=Đã đặt ngưỡng cho lô.');
    const openAfter = (server.ctx.db.prepare(`SELECT COUNT(*) AS n FROM review_items WHERE status = 'open'`).get() as { n: number }).n;
    expect(openBefore - openAfter).toBe(accepted - Number(cells[4]));
    expect(server.ctx.db.prepare(`SELECT actor FROM audit_events WHERE action = 'markCut'`).all()).toEqual([{ actor: 'supervisor-user' }]);
    expect(errors).toEqual([]);
  });
});
