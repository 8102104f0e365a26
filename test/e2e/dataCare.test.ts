import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/startServer.js';
import { listBackups } from '../../src/store/backupSchedule.js';
import { personalDataFixture } from '../support/personalData.js';
import { openLoggedIn, useBrowser } from '../support/browser.js';
import { useTempDir } from '../support/tempDir.js';
import { useTestServers } from '../support/webServer.js';

const tempDir = useTempDir();
const browser = useBrowser();
const startServer = useTestServers();
let server: RunningServer | undefined;

describe('Quản trị in a real browser: looking after the data', () => {
  it('sets the backup schedule, backs up, shows the health checks, and purges personal data after a dry run and a confirmation', async () => {
    const dataDir = tempDir();
    const fixture = await personalDataFixture(dataDir, { resolve: true });
    fixture.db.close();
    server = await startServer(dataDir);
    const { page, errors } = await openLoggedIn(browser(), server.url, { height: 900 });
    await page.goto(`${server.url}/#/quan-tri`);

    await page.getByRole('button', { name: 'Sao lưu ngay' }).click();
    await page.getByText(/^Đã sao lưu \(/).waitFor();
    expect(listBackups(dataDir)).toHaveLength(1);
    await page.fill('input[name=everyHours]', '12');
    await page.fill('input[name=keep]', '5');
    await page.getByRole('button', { name: 'Lưu lịch' }).click();
    await page.getByText('Đã lưu lịch sao lưu.').waitFor();
    expect(server.ctx.db.prepare(`SELECT value FROM settings WHERE key = 'backup.schedule'`).get()).toEqual({ value: JSON.stringify({ everyHours: 12, keep: 5 }) });

    const health = page.locator('.card', { has: page.getByRole('heading', { name: 'Tình trạng dữ liệu' }) });
    await health.getByText('Cơ sở dữ liệu').waitFor();
    await expect.poll(() => health.getByText('kiểm tra toàn vẹn đạt').count()).toBe(1);

    const card = page.locator('.card', { has: page.getByRole('heading', { name: 'Dữ liệu cá nhân' }) });
    expect(await card.getByRole('button', { name: 'Xem trước những gì sẽ bị xoá' }).count()).toBe(0);
    await card.getByRole('checkbox').check();
    await card.getByRole('button', { name: 'Xem trước những gì sẽ bị xoá' }).click();
    const preview = card.locator('.purge-preview');
    await preview.waitFor();
    expect(await preview.textContent()).toContain('hồ sơ trong sổ có họ tên, số điện thoại, địa chỉ');
    expect(await preview.locator('tr', { hasText: 'ảnh trang' }).first().locator('td').first().textContent()).toBe('12');
    expect(fs.readdirSync(path.join(dataDir, 'pages')).length).toBeGreaterThan(0);

    // Dismissing the confirmation purges nothing; accepting it does.
    page.once('dialog', (d) => d.dismiss());
    await preview.getByRole('button', { name: 'Xoá dữ liệu cá nhân' }).click();
    expect((server.ctx.db.prepare(`SELECT COUNT(*) AS n FROM audit_events WHERE action = 'purge'`).get() as { n: number }).n).toBe(0);
    page.once('dialog', (d) => d.accept());
    await preview.getByRole('button', { name: 'Xoá dữ liệu cá nhân' }).click();
    await page.getByText('Đã xoá dữ liệu cá nhân và sao lưu lại.').waitFor({ timeout: 30_000 });
    expect((server.ctx.db.prepare(`SELECT COUNT(*) AS n FROM register_cases WHERE name IS NOT NULL`).get() as { n: number }).n).toBe(0);
    expect(listBackups(dataDir)).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
