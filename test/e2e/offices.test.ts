import { describe, expect, it } from 'vitest';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { changeOffice } from '../../src/planning/changeOffice.js';
import { recordElectronicResponse } from '../../src/intake/kioskResponse.js';
import { createKiosk } from '../../src/store/results.js';
import { questionsOf } from '../../src/survey/schema.js';
import { registerCases } from '../results/paperForms.js';
import { openLoggedIn, useBrowser } from '../support/browser.js';
import { useTempDir } from '../support/tempDir.js';
import { useTestServers } from '../support/webServer.js';

const tempDir = useTempDir();
const browser = useBrowser();
const startServer = useTestServers();
const SCREENSHOTS = process.env.PHIEU_SCREENSHOTS ?? '/tmp';

const VY_DA = 'ubnd-phuong-vy-da';
const DESK = 'mot-cua-vy-da';

describe('the offices screen and the small-sample flag in a real browser at 1366×768', () => {
  it('adds a desk under its ward by keyboard alone, refuses a loop with a Vietnamese sentence, and shows a ward with one answer as "ít mẫu", unranked and not adequate', async () => {
    const server = await startServer(tempDir());
    const { db } = server.ctx;
    registerCases(db, [
      ...Array.from({ length: 40 }, (_, i) => ({ caseCode: `VD-${i + 1}`, officeCode: VY_DA, officeName: 'UBND phường Vỹ Dạ', level: 'xã', returnedOn: '2026-03-10' })),
      { caseCode: 'PV-1', officeCode: 'ubnd-huyen-phu-vang', officeName: 'UBND huyện Phú Vang', level: 'huyện', returnedOn: '2025-03-10' },
    ]);
    // As a register import would leave it (registerCases writes the offices table directly).
    changeOffice(db, 'ubnd-huyen-phu-vang', { activeTo: '2025-06-30' }, 'admin');
    const sipas = loadSurveyDefinition('sipas');
    const kiosk = createKiosk(db, { name: 'Quầy 1', officeCode: VY_DA, surveyId: 'sipas', actor: 'admin' }).kiosk;
    const answers = Object.fromEntries(questionsOf(sipas).filter((q) => q.kind === 'scale').map((q) => [q.id, ['5']]));
    recordElectronicResponse(db, { kiosk, survey: sipas, caseCode: 'VD-1', answers, at: new Date('2026-04-03T02:00:00Z') });

    const { page, errors } = await openLoggedIn(browser(), server.url);
    await page.goto(`${server.url}/#/co-quan`);
    await page.waitForSelector('table.office-tree');
    const code = page.locator('input[name=code]');
    await code.focus();
    await page.keyboard.type(DESK);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Bộ phận một cửa phường Vỹ Dạ');
    await page.keyboard.press('Tab');
    // Level: chưa xếp cấp → sở/ngành → xã → bộ phận một cửa.
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    // Office above: (không có) → UBND huyện Phú Vang → UBND phường Vỹ Dạ.
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.locator(`tr[data-office=${DESK}]`).waitFor();
    expect(db.prepare('SELECT name, level, parent FROM offices WHERE code = ?').get(DESK)).toEqual({ name: 'Bộ phận một cửa phường Vỹ Dạ', level: 'bộ phận một cửa', parent: VY_DA });
    // The desk sits under its ward; the former district is shown as no longer active.
    expect(await page.locator('table.office-tree tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-office')))).toEqual(['ubnd-huyen-phu-vang', VY_DA, DESK]);
    expect(await page.locator('tr[data-office=ubnd-huyen-phu-vang]').textContent()).toContain('Ngừng hoạt động (đến 30/06/2025)');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    await page.screenshot({ path: `${SCREENSHOTS}/phieu-offices.png` });

    // The ward under its own desk, again by keyboard: "Sửa" on its row puts the cursor in the form.
    await page.locator(`tr[data-office=${VY_DA}] button`).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('name');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    // Office above (Vỹ Dạ itself is not offered): (không có) → UBND huyện Phú Vang → the desk.
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.office-editor [role=alert]').textContent()).toBe(`Không thể đặt cơ quan cấp trên như vậy: cây cơ quan sẽ thành vòng lặp (${VY_DA} → ${DESK} → ${VY_DA}).`);
    expect(db.prepare('SELECT parent FROM offices WHERE code = ?').get(VY_DA)).toEqual({ parent: null });

    // April 2026: one answer at Vỹ Dạ, whose 40 cases were returned in March.
    await page.goto(`${server.url}/#/ket-qua?survey=sipas&period=month&year=2026&month=04`);
    const row = page.locator(`.chart-row[data-key=${VY_DA}]`);
    await row.waitFor();
    expect(await row.locator('.chart-label').textContent()).toBe('UBND phường Vỹ Dạít mẫu (1 phiếu, cấp xã)');
    expect(await row.locator('.small-sample').textContent()).toBe('ít mẫu');
    expect(await page.locator('.adequacy-verdict').textContent()).not.toContain('Mọi cơ quan đã đủ');
    expect(await page.locator('.results .tile.short').textContent()).toContain('1 cơ quan chưa rõ mẫu tối thiểu');
    expect(await page.locator('.adequacy-verdict').textContent()).toContain('UBND phường Vỹ Dạ');
    expect(await page.locator(`table.adequacy tr.unknown[data-office=${VY_DA}]`).textContent()).toContain('ít mẫu');
    await page.screenshot({ path: `${SCREENSHOTS}/phieu-results-small-sample.png` });
    expect(errors).toEqual([]);
  });
  it('edits the list of levels by keyboard: refuses to take out a level an office still has, naming it, then adds "đặc khu", offered at once for an office and audited', async () => {
    const server = await startServer(tempDir());
    const { db } = server.ctx;
    registerCases(db, [{ caseCode: 'VD-1', officeCode: VY_DA, officeName: 'UBND phường Vỹ Dạ', level: 'xã', returnedOn: '2026-03-10' }]);
    const { page, errors } = await openLoggedIn(browser(), server.url);
    await page.goto(`${server.url}/#/co-quan`);
    const levels = page.getByLabel('Các cấp cơ quan (mỗi dòng một cấp, theo thứ tự báo cáo liệt kê)');
    await levels.waitFor();
    expect(await levels.inputValue()).toBe('sở/ngành\nxã\nbộ phận một cửa');

    await levels.focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('sở/ngành\nbộ phận một cửa');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.office-levels [role=alert]').textContent()).toBe('Không bỏ được cấp "xã": còn 1 cơ quan thuộc cấp này (UBND phường Vỹ Dạ). Đổi cấp của các cơ quan đó trước.');
    expect(db.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'setting'").get()).toEqual({ n: 0 });

    await levels.focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('sở/ngành\nxã\nđặc khu\nbộ phận một cửa');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#toast').textContent()).toBe('Đã lưu các cấp cơ quan: sở/ngành, xã, đặc khu, bộ phận một cửa.');
    expect(JSON.parse((db.prepare("SELECT detail_json FROM audit_events WHERE action = 'setting'").get() as { detail_json: string }).detail_json)).toEqual({ 'offices.levels': ['sở/ngành', 'xã', 'đặc khu', 'bộ phận một cửa'] });
    // The office form offers the new level straight away.
    await expect.poll(() => page.getByRole('combobox', { name: /^Cấp/ }).locator('option').allTextContents(), { timeout: 10_000 }).toEqual(['chưa xếp cấp', 'sở/ngành', 'xã', 'đặc khu', 'bộ phận một cửa']);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    await page.locator('.office-levels').screenshot({ path: `${SCREENSHOTS}/phieu-office-levels.png` });
    expect(errors).toEqual([]);
  });
});
