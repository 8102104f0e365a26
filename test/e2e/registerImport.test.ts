import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoRegister, registerCsv } from '../../src/sampling/demoRegister.js';
import { openLoggedIn, useBrowser } from '../support/browser.js';
import { useTempDir } from '../support/tempDir.js';
import { useTestServers } from '../support/webServer.js';

const tempDir = useTempDir();
const browser = useBrowser();
const startServer = useTestServers();

describe('importing a register in the browser', () => {
  it('shows the bad rows and stores nothing until the planner chooses to store the good rows', async () => {
    const server = await startServer(tempDir());
    const cases = generateDemoRegister({ seed: 'web-partial', offices: [{ name: 'UBND phường Vỹ Dạ', cases: 40 }] });
    const file = path.join(tempDir(), 'so-ho-so.csv');
    fs.writeFileSync(file, registerCsv(cases).replace(cases[3].caseCode, ''));
    const count = () => (server.ctx.db.prepare('SELECT COUNT(*) AS n FROM register_cases').get() as { n: number }).n;

    const { page, errors } = await openLoggedIn(browser(), server.url, { height: 900 });
    await page.goto(`${server.url}/#/mau`);
    await page.setInputFiles('input[type=file]', file);
    await page.getByText('so-ho-so.csv: 40 dòng, 1 lỗi — chưa lưu gì').waitFor();
    await expect(page.getByRole('cell', { name: 'thiếu mã hồ sơ' }).count()).resolves.toBe(1);
    expect(count()).toBe(0);

    await page.getByRole('button', { name: 'Chỉ lưu 39 dòng không lỗi' }).click();
    await page.getByText('so-ho-so.csv: 40 dòng, giữ 39, đã có 0, lỗi 1.').waitFor();
    expect(count()).toBe(39);
    // The ward was new to the office tree: the planner is told, with the level its name gave and where to place it.
    await page.getByText('Cơ quan mới trong danh sách cơ quan: UBND phường Vỹ Dạ (xã).').waitFor();
    expect(await page.getAttribute('.new-offices a', 'href')).toBe('#/co-quan');
    expect(errors).toEqual([]);
  });
});
