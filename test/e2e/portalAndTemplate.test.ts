import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPortalRatings } from '../../src/intake/portalImport.js';
import { recordElectronicResponse } from '../../src/intake/kioskResponse.js';
import { loadPortalMapping } from '../../src/io/mappingFiles.js';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { importRegister } from '../../src/planning/registerImport.js';
import { createKiosk } from '../../src/store/results.js';
import { questionsOf } from '../../src/survey/schema.js';
import { openLoggedIn, useBrowser } from '../support/browser.js';
import { pdfPagesText } from '../support/pdfText.js';
import { useTempDir } from '../support/tempDir.js';
import { useTestServers } from '../support/webServer.js';
import { wilson } from '../support/wilson.js';

const tempDir = useTempDir();
const browser = useBrowser();
const startServer = useTestServers();
const SCREENSHOTS = process.env.PHIEU_SCREENSHOTS ?? '/tmp';

const WARD = 'UBND phường Phú Hội';
const DEPARTMENT = 'Sở Tư pháp';
const percent = (v: number) => `${(v * 100).toFixed(1).replace('.', ',')} %`;

describe('the results screen with portal ratings, and the report template edited in the web', () => {
  it('shows each office\'s Decision 766 ratio with n and interval beside its SIPAS index at 1366×768; the template edited there is in the downloaded PDF', async () => {
    const server = await startServer(tempDir());
    const { db } = server.ctx;
    const register = path.join(tempDir(), 'so.csv');
    fs.writeFileSync(register, ['Mã hồ sơ,Cơ quan/Đơn vị', ...[1, 2, 3, 4, 5].map((i) => `HS-${i},${WARD}`), 'HS-6,' + DEPARTMENT, 'HS-7,' + DEPARTMENT].join('\n'));
    await importRegister(db, register, { actor: 'test' });
    const ratings: [string, string, string][] = [
      ['HS-1', WARD, 'Rất hài lòng'],
      ['HS-2', WARD, 'Hài lòng'],
      ['HS-3', WARD, 'Không hài lòng'],
      ['HS-4', WARD, 'Rất hài lòng'],
      ['HS-6', DEPARTMENT, 'Không hài lòng'],
      ['HS-7', DEPARTMENT, 'Hài lòng'],
    ];
    const file = path.join(tempDir(), 'danh-gia.csv');
    fs.writeFileSync(file, ['Mã hồ sơ,Cơ quan,Ngày đánh giá,Mức độ hài lòng', ...ratings.map(([c, o, l]) => `${c},${o},02/03/2026,${l}`)].join('\n'));
    expect((await importPortalRatings(db, file, loadPortalMapping(), { actor: 'test' })).stored).toBe(true);
    // One SIPAS form at the ward, every criterion "5": its SIPAS index is 100 % of 1 form.
    const sipas = loadSurveyDefinition('sipas');
    const { kiosk } = createKiosk(db, { name: 'Quầy 1', officeCode: 'ubnd-phuong-phu-hoi', surveyId: 'sipas', actor: 'admin' });
    const answers = Object.fromEntries(questionsOf(sipas).filter((q) => q.kind === 'scale').map((q) => [q.id, ['5']]));
    recordElectronicResponse(db, { kiosk, survey: sipas, caseCode: 'HS-5', answers, at: new Date('2026-03-03T02:00:00Z') });

    const { page, errors } = await openLoggedIn(browser(), server.url);
    await page.goto(`${server.url}/#/ket-qua?survey=sipas`);
    const card = page.locator('.results-portal');
    await card.waitFor();
    await expect.poll(() => card.getByRole('heading').textContent()).toBe('Đánh giá trên Cổng dịch vụ công (QĐ 766)');
    const expectedRow = (name: string, sipasCell: string, flag: string) => {
      const of = ratings.filter(([, office]) => name === 'Tất cả cơ quan' || office === name);
      const count = (level: string) => of.filter(([, , l]) => l === level).length;
      const x = count('Rất hài lòng') + count('Hài lòng');
      const [low, high] = wilson(x, of.length);
      return [`${name}${flag}`, String(of.length), String(count('Rất hài lòng')), String(count('Hài lòng')), String(count('Không hài lòng')), percent(x / of.length), `${percent(low)} – ${percent(high)}`, sipasCell];
    };
    const rows = await card.getByRole('row').evaluateAll((trs) => trs.slice(1).map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    // By name, not ranked; both offices have fewer ratings than 30 and say so.
    expect(rows).toEqual([
      expectedRow(DEPARTMENT, '–', 'ít mẫu'),
      expectedRow(WARD, `${percent(1)} (1 phiếu)`, 'ít mẫu'),
      expectedRow('Tất cả cơ quan', `${percent(1)} (1 phiếu)`, ''),
    ]);
    expect(await card.evaluate((c) => c.scrollWidth - c.clientWidth)).toBe(0);
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}/phieu-results-portal.png` });

    // The template: an empty agency is refused in Vietnamese, then the agency and the signer are saved.
    await page.getByText('Mẫu văn bản của báo cáo PDF').click();
    const agency = page.getByLabel('Cơ quan ban hành', { exact: true });
    await agency.fill('');
    await page.getByRole('button', { name: 'Lưu mẫu văn bản' }).click();
    await expect.poll(() => page.locator('.report-template [role=alert]').textContent()).toContain('Mẫu văn bản báo cáo không hợp lệ');
    await agency.fill('Sở Nội vụ tỉnh Thử');
    await page.getByLabel('Chức vụ người ký').fill('Giám đốc');
    await page.getByLabel('Quyền hạn ký (KT., TL., TM. …)').fill('');
    await page.getByLabel('Họ và tên người ký').fill('Nguyễn Văn Ký');
    await page.getByLabel('Họ và tên người ký').press('Enter');
    await expect.poll(() => page.locator('#toast').textContent()).toContain('Đã lưu mẫu văn bản');
    await expect.poll(() => page.locator('.report-template [role=alert]').textContent()).toBe('');
    expect(db.prepare("SELECT actor FROM audit_events WHERE action = 'setting' AND detail_json LIKE '%report.template%'").all()).toEqual([{ actor: 'admin' }]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Báo cáo PDF' }).click()]);
    const pages = await pdfPagesText(fs.readFileSync((await download.path())!));
    expect(pages[0]).toContain('SỞ NỘI VỤ TỈNH THỬ');
    const last = pages.at(-1)!;
    expect(last).toContain('GIÁM ĐỐC');
    expect(last).not.toContain('KT. GIÁM ĐỐC');
    expect(last).toContain('Nguyễn Văn Ký');
    // The portal table is in the PDF too.
    expect(pages.join('\n')).toContain('Đánh giá trên Cổng dịch vụ công (QĐ 766)');
    expect(errors).toEqual([]);
  }, 240_000);
});
