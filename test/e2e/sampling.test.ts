import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoRegister, registerCsv } from '../../src/sampling/demoRegister.js';
import type { RunningServer } from '../../src/server/startServer.js';
import { openDatabase } from '../../src/store/db.js';
import { recordSampleForms } from '../../src/store/sampling.js';
import { drawAndStore } from '../../src/planning/draw.js';
import { markFieldStatus } from '../../src/planning/fieldStatus.js';
import { importRegister } from '../../src/planning/registerImport.js';
import { openLoggedIn, useBrowser } from '../support/browser.js';
import { useTempDir } from '../support/tempDir.js';
import { useTestServers } from '../support/webServer.js';

const tempDir = useTempDir();
const browser = useBrowser();
const startServer = useTestServers();
let server: RunningServer | undefined;

const VY_DA = 'ubnd-phuong-vy-da';
const HUONG_PHONG = 'ubnd-xa-huong-phong';

describe('Chọn mẫu in a real browser', () => {
  it('keeps the lists on a second press of Chọn mẫu, re-draws an office only after a confirmation, and says why a printed office or an impossible status is refused', async () => {
    const dataDir = tempDir();
    const db = openDatabase(dataDir);
    const register = path.join(dataDir, 'so.csv');
    fs.writeFileSync(register, registerCsv(generateDemoRegister({ seed: 'web', offices: [{ name: 'UBND phường Vỹ Dạ', cases: 60 }, { name: 'UBND xã Hương Phong', cases: 40 }] })));
    await importRegister(db, register, { actor: 't' });
    const { drawId } = drawAndStore(db, { seed: 'lần 1', reserveShare: 0.2, actor: 't' });
    db.prepare(`INSERT INTO layouts (hash, survey_id, definition_json, layout_json) VALUES ('h', 'sipas', '{}', '{}')`).run();
    const copies = recordSampleForms(db, { drawId: drawId!, officeCode: VY_DA, layoutHash: 'h', surveyId: 'sipas' });
    const [first] = copies;
    markFieldStatus(db, { serial: first.serial, status: 'returned', actor: 't' });
    db.close();
    server = await startServer(dataDir);
    const lists = () => server!.ctx.db.prepare('SELECT draw_id, office_code, list, position, case_code FROM sample_members ORDER BY draw_id, office_code, list, position').all();
    const before = lists();

    const { page, errors } = await openLoggedIn(browser(), server.url, { height: 900 });
    await page.goto(`${server.url}/#/mau`);
    const toast = page.locator('#toast');

    await page.getByRole('button', { name: 'Chọn mẫu', exact: true }).click();
    await expect.poll(() => toast.textContent()).toContain('Mọi cơ quan đã có danh sách mẫu');
    expect(lists()).toEqual(before);

    const row = (name: string) => page.locator('tr', { hasText: name });
    page.once('dialog', (d) => d.dismiss());
    await row('UBND xã Hương Phong').getByRole('button', { name: 'Chọn lại' }).click();
    expect(lists()).toEqual(before);
    page.once('dialog', (d) => d.accept());
    await row('UBND xã Hương Phong').getByRole('button', { name: 'Chọn lại' }).click();
    await expect.poll(() => toast.textContent()).toContain('Đã chọn lại mẫu của UBND xã Hương Phong');
    const redrawn = server.ctx.db.prepare('SELECT MAX(draw_id) AS d FROM draw_offices WHERE office_code = ?');
    expect([(redrawn.get(HUONG_PHONG) as { d: number }).d, (redrawn.get(VY_DA) as { d: number }).d]).toEqual([drawId! + 1, drawId]);

    page.once('dialog', (d) => d.accept());
    await row('UBND phường Vỹ Dạ').getByRole('button', { name: 'Chọn lại' }).click();
    await expect.poll(() => toast.textContent()).toContain(`Không chọn lại mẫu của UBND phường Vỹ Dạ: đã in hoặc phát ${copies.length} phiếu của danh sách này (số ${first.serial}, `);
    expect((redrawn.get(VY_DA) as { d: number }).d).toBe(drawId);

    await page.fill('input[name=target]', String(first.serial));
    await page.selectOption('select[name=status]', 'unreachable');
    await page.getByRole('button', { name: 'Ghi nhận' }).click();
    await expect.poll(() => toast.textContent()).toContain(`Phiếu số ${first.serial} đang ở trạng thái "Đã thu", không thể ghi "Không liên lạc được"`);
    expect(server.ctx.db.prepare('SELECT COUNT(*) AS n FROM sample_members WHERE replaces IS NOT NULL').get()).toEqual({ n: 0 });
    expect(errors).toEqual([]);
  });
});
