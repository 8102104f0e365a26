import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/startServer.js';
import { useBrowser } from '../support/browser.js';
import { useTempDir } from '../support/tempDir.js';
import { ADMIN_PASSWORD, logIn, useTestServers } from '../support/webServer.js';

const tempDir = useTempDir();
const browser = useBrowser();
const startServer = useTestServers();
let server: RunningServer | undefined;

const roleOf = (username: string) => (server!.ctx.db.prepare('SELECT role FROM users WHERE username = ?').get(username) as { role: string } | undefined)?.role;

describe('Quản trị in a real browser: accounts, roles, passwords and log-in throttles', () => {
  it('makes the role of a new account a choice, changes a role, changes one’s own password, and lifts a log-in throttle', async () => {
    server = await startServer(tempDir());
    const page = await browser().newPage({ viewport: { width: 1366, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.tiles');

    // Someone guesses the reviewer's password from this machine; the administrator will see it and lift it.
    const guesser = request.agent(server.url);
    const { body: anonymous } = await guesser.get('/api/session');
    for (let i = 0; i < 5; i++) await guesser.post('/api/login').set('X-CSRF-Token', anonymous.csrfToken).send({ username: 'nhaplieu1', password: `sai-${i}` }).expect(401);

    await page.goto(`${server.url}/#/quan-tri`);
    const role = page.locator('select[name=role]');
    await role.waitFor();
    expect(await role.inputValue()).toBe('');
    await page.fill('input[name=username]', 'nhaplieu1');
    await page.fill('input[name=displayName]', 'Nguyễn Thị Nhập');
    await page.fill('input[name=password]', 'mat-khau-dai-du-12');
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    // The browser will not send the form without a role; nothing is created.
    expect(roleOf('nhaplieu1')).toBeUndefined();
    await role.selectOption('reviewer');
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await page.getByText('Đã tạo tài khoản.').waitFor();
    expect(roleOf('nhaplieu1')).toBe('reviewer');

    await page.getByLabel('Vai trò của nhaplieu1').selectOption('supervisor');
    await expect.poll(() => roleOf('nhaplieu1')).toBe('supervisor');

    const throttles = page.locator('.card.throttles');
    await throttles.getByText('nhaplieu1').waitFor();
    await throttles.getByRole('button', { name: 'Gỡ' }).first().click();
    await page.getByText('Đã gỡ giới hạn.').waitFor();
    await logIn(server.url, 'nhaplieu1', 'mat-khau-dai-du-12');

    await page.getByRole('link', { name: 'Đổi mật khẩu' }).click();
    await page.fill('input[name=currentPassword]', ADMIN_PASSWORD);
    await page.fill('input[name=newPassword]', '1234567890123');
    await page.fill('input[name=newPasswordAgain]', '1234567890123');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.getByText(/chỉ gồm chữ số hoặc dấu cách/).waitFor();
    await page.fill('input[name=currentPassword]', ADMIN_PASSWORD);
    await page.fill('input[name=newPassword]', 'quan-tri-mat-khau-moi');
    await page.fill('input[name=newPasswordAgain]', 'quan-tri-mat-khau-moi');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.getByText(/Đã đổi mật khẩu/).waitFor();
    await logIn(server.url, 'admin', 'quan-tri-mat-khau-moi');
    // The browser that changed it stays logged in.
    await page.goto(`${server.url}/#/quan-tri`);
    await page.locator('.card.throttles').waitFor();
    expect(errors).toEqual([]);
  });
});
