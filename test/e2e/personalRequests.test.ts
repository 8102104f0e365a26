import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/startServer.js';
import { openLoggedIn, useBrowser } from '../support/browser.js';
import { personalDataFixture, WRITERS } from '../support/personalData.js';
import { useTempDir } from '../support/tempDir.js';
import { useTestServers } from '../support/webServer.js';

const tempDir = useTempDir();
const browser = useBrowser();
const startServer = useTestServers();
let server: RunningServer | undefined;

describe('Dữ liệu cá nhân in a real browser at 1366×768', () => {
  it('finds a person by phone, shows their forms and Hue-S answer, corrects an address, and deletes after a confirmation', async () => {
    const dataDir = tempDir();
    const fixture = await personalDataFixture(dataDir, { resolve: true });
    fixture.db.close();
    server = await startServer(dataDir);
    const { page, errors } = await openLoggedIn(browser(), server.url);
    await page.getByRole('link', { name: 'Dữ liệu cá nhân' }).click();
    await page.fill('input[name=phone]', '0935 246 810');
    await page.getByRole('button', { name: 'Tìm' }).click();
    await page.getByText('Tìm thấy 0 hồ sơ trong sổ, 4 phiếu giấy, 1 câu trả lời điện tử').waitFor();
    const forms = page.locator('.card', { has: page.getByRole('heading', { name: /^Phiếu giấy và câu trả lời cá nhân/ }) });
    expect(await forms.getByText(WRITERS[0].name).count()).toBe(4);
    // Nothing runs off the screen's width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);

    const serial = fixture.oneStop.serials[0];
    await page.selectOption('select[name=target]', { label: `Phiếu ${serial} — câu address (địa chỉ)` });
    await page.fill('input[name=value]', '29 Nguyễn Huệ, phường Vĩnh Ninh');
    await page.getByRole('button', { name: 'Sửa', exact: true }).click();
    await page.getByText('Đã sửa và ghi vào nhật ký.').waitFor();
    await forms.getByText('29 Nguyễn Huệ, phường Vĩnh Ninh').waitFor();

    page.once('dialog', (d) => d.dismiss());
    await page.getByRole('button', { name: 'Xoá dữ liệu cá nhân' }).click();
    expect(server.ctx.db.prepare(`SELECT COUNT(*) AS n FROM audit_events WHERE action = 'personal.erased'`).get()).toEqual({ n: 0 });
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: 'Xoá dữ liệu cá nhân' }).click();
    await page.getByText(/^Đã xoá dữ liệu cá nhân của .*: \d+ câu trả lời cá nhân/).waitFor();
    expect(server.ctx.db.prepare(`SELECT actor FROM audit_events WHERE action = 'personal.erased'`).all()).toEqual([{ actor: 'admin' }]);
    expect(errors).toEqual([]);
  }, 180_000);
});
