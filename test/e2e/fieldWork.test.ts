import fs from 'node:fs';
import type { Download, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { drawAndStore } from '../../src/planning/draw.js';
import { importRegister } from '../../src/planning/registerImport.js';
import { openLoggedIn, useBrowser } from '../support/browser.js';
import { pdfPagesText } from '../support/pdfText.js';
import { useTempDir } from '../support/tempDir.js';
import { WARD_ADDRESSES, WARD_OFFICE, wardCase, wardOf, writeWardRegister } from '../support/wardRegister.js';
import { useTestServers } from '../support/webServer.js';

const tempDir = useTempDir();
const browser = useBrowser();
const startServer = useTestServers();
const SCREENSHOTS = process.env.PHIEU_SCREENSHOTS ?? '/tmp';

/** The pages' text of the PDF a press of Enter on the focused link saves. */
async function savedPdf(page: Page): Promise<string[]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  return pdfPagesText(fs.readFileSync((await (download as Download).path())!));
}

/** The body rows of a table as their cells' text. */
const rowsOf = (table: Locator) => table.locator('tbody').getByRole('row').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent ?? '')));

describe('enumerators and printing on Chọn mẫu, in a real browser at 1366×768', () => {
  it('prints blank numbered one-stop forms, splits routes between two names, prints one’s list, counts their progress and reprints a form until it came back', async () => {
    const dir = tempDir();
    const server = await startServer(dir);
    const { db } = server.ctx;
    await importRegister(db, writeWardRegister(dir), { actor: 't' });
    drawAndStore(db, { seed: 'tuyen', reserveShare: 0, actor: 't' });

    const { page, errors } = await openLoggedIn(browser(), server.url);
    await page.goto(`${server.url}/#/mau`);
    const printing = page.getByRole('region', { name: '3. In phiếu' });
    await printing.getByLabel('Mẫu phiếu').waitFor();

    // Three blank numbered forms of the one-stop survey for the ward's desk, by keyboard.
    await printing.getByLabel('Mẫu phiếu').selectOption({ label: 'Phiếu khảo sát tại Bộ phận một cửa' });
    expect(await printing.getByLabel('Loại phiếu').inputValue()).toBe('blank');
    await printing.getByLabel('Số bản').focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('3');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/^Tải tệp PDF/);
    const blank = await savedPdf(page);
    const serials = (db.prepare(`SELECT serial FROM forms WHERE survey_id = 'one-stop' ORDER BY serial`).all() as { serial: number }[]).map((f) => f.serial);
    expect(serials).toHaveLength(3);
    const perCopy = blank.length / 3;
    expect(Number.isInteger(perCopy)).toBe(true);
    serials.forEach((serial, i) => {
      for (let p = 0; p < perCopy; p++) expect(blank[i * perCopy + p]).toContain(`Phiếu số ${String(serial).padStart(8, '0')} · Trang ${p + 1}/${perCopy}`);
    });
    expect(blank[0]).toContain(WARD_OFFICE.name);

    // Routes shared between Lan and Minh: whole wards, each one's people counted.
    const routes = page.getByRole('region', { name: '4. Điều tra viên và tuyến' });
    await routes.getByLabel('Chia đều cho').focus();
    await page.keyboard.type('Lan, Minh');
    await page.keyboard.press('Enter');
    // The routes, then who carries how much.
    const [routeTable, enumeratorTable] = [routes.getByRole('table').nth(0), routes.getByRole('table').nth(1)];
    await enumeratorTable.waitFor();
    const routeRows = await rowsOf(routeTable);
    const peopleOf = (name: string) => {
      const wards = new Set(routeRows.filter(([, , who]) => who === name).map(([route]) => wardOf(route)));
      return WARD_ADDRESSES.map((a, i) => ({ ...wardCase(i), ward: wardOf(a) })).filter((c) => wards.has(c.ward));
    };
    expect([peopleOf('Lan').length, peopleOf('Minh').length].sort()).toEqual([4, 6]);
    expect(await rowsOf(enumeratorTable)).toEqual([
      ['Lan', String(new Set(peopleOf('Lan').map((c) => c.ward)).size), String(peopleOf('Lan').length), 'In danh sách của Lan (PDF)'],
      ['Minh', String(new Set(peopleOf('Minh').map((c) => c.ward)).size), String(peopleOf('Minh').length), 'In danh sách của Minh (PDF)'],
    ]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);

    // Lan's list: exactly the people of Lan's wards.
    await routes.getByRole('link', { name: 'In danh sách của Lan (PDF)' }).focus();
    const lanList = (await savedPdf(page)).join(' ');
    for (const [i] of WARD_ADDRESSES.entries()) {
      const { caseCode } = wardCase(i);
      expect(new RegExp(`\\b${caseCode}\\b`).test(lanList), caseCode).toBe(peopleOf('Lan').some((c) => c.caseCode === caseCode));
    }

    // SIPAS forms for the sample, then one of Minh's forms comes back.
    await printing.getByLabel('Mẫu phiếu').selectOption({ label: 'Phiếu khảo sát SIPAS cấp tỉnh' });
    await printing.getByLabel('Loại phiếu').selectOption({ label: 'Ghi sẵn tên, cho người trong mẫu' });
    await printing.getByRole('button', { name: 'In phiếu' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''), { timeout: 60_000 }).toMatch(/^Tải tệp PDF/);
    const serialOf = (caseCode: string) => (db.prepare(`SELECT serial FROM forms WHERE case_code = ? AND survey_id = 'sipas'`).get(caseCode) as { serial: number }).serial;
    const back = serialOf(peopleOf('Minh')[0].caseCode);
    await page.getByLabel('Phiếu', { exact: true }).fill(String(back));
    await page.getByLabel('Tình trạng').selectOption({ label: 'Đã thu' });
    await page.getByRole('button', { name: 'Ghi nhận' }).click();
    const progress = page.getByRole('region', { name: '6. Tiến độ theo điều tra viên' });
    const minhRow = progress.getByRole('row', { name: /Minh/ });
    // Cơ quan, điều tra viên, tuyến, trong mẫu, đã in, đã phát, đã thu, chưa thu về, từ chối.
    const minh = peopleOf('Minh').length;
    const minhWards = new Set(peopleOf('Minh').map((c) => c.ward)).size;
    await expect.poll(() => minhRow.locator('td, th').allTextContents(), { timeout: 10_000 }).toEqual([WARD_OFFICE.name, 'Minh', String(minhWards), String(minh), String(minh), '1', '1', '0', '0']);
    const lan = peopleOf('Lan').length;
    expect(await progress.getByRole('row', { name: /Lan/ }).locator('td, th').allTextContents()).toEqual([
      WARD_OFFICE.name, 'Lan', String(new Set(peopleOf('Lan').map((c) => c.ward)).size), String(lan), String(lan), '0', '0', '0', '0',
    ]);
    await page.screenshot({ path: `${SCREENSHOTS}/phieu-enumerators.png`, fullPage: true });

    // A lost form of Lan's again, marked as the first reprint; the one that came back is refused.
    const reprint = page.getByRole('region', { name: '7. In lại một phiếu' });
    const lost = serialOf(peopleOf('Lan')[0].caseCode);
    await reprint.getByLabel('Số phiếu cần in lại').focus();
    await page.keyboard.type(String(lost));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/^Tải tệp PDF/);
    const again = (await savedPdf(page)).join(' ');
    expect(again).toContain(`Phiếu số ${String(lost).padStart(8, '0')} · Trang 1/`);
    expect(again).toContain('In lại lần 1');
    await reprint.getByLabel('Số phiếu cần in lại').fill(String(back));
    await reprint.getByLabel('Số phiếu cần in lại').press('Enter');
    await expect
      .poll(() => reprint.getByRole('alert').textContent())
      .toBe(`Không in lại phiếu số ${back}: phiếu đã được thu về hoặc đã quét, một bản in lại có thể bị tính hai lần.`);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM form_reprints`).get()).toEqual({ n: 1 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    expect(errors).toEqual([]);
  }, 240_000);
});
