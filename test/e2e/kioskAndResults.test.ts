import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import type { RunningServer } from '../../src/server/startServer.js';
import { createKiosk } from '../../src/store/results.js';
import { saveResultSettings } from '../../src/report/resultsReport.js';
import { recordElectronicResponse } from '../../src/intake/kioskResponse.js';
import { questionsOf } from '../../src/survey/schema.js';
import { registerCases } from '../results/paperForms.js';
import { useBrowser } from '../support/browser.js';
import { useTempDir } from '../support/tempDir.js';
import { ADMIN_PASSWORD, useTestServers } from '../support/webServer.js';

const tempDir = useTempDir();
const SCREENSHOTS = process.env.PHIEU_SCREENSHOTS ?? '/tmp';
const browser = useBrowser();
const startServer = useTestServers();
let server: RunningServer | undefined;

const PHU_HOI = 'ubnd-phuong-phu-hoi';
const CASE_CODE = '000117.24.31';
const sipas = loadSurveyDefinition('sipas');

/** Problems a page reports: uncaught errors and console errors (a Content-Security-Policy refusal is one). */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  // A refusal the page expects (401 for a revoked kiosk, 409 for a case answered twice, 400 for a case code the server
  // refuses) is logged by the browser too, and so is the staff app's missing /favicon.ico.
  page.on('console', (m) => {
    const where = m.location().url;
    const expected = /status of (401|409)/.test(m.text()) || (/status of 400/.test(m.text()) && where.endsWith('/api/kiosk/check'));
    if (m.type() === 'error' && !expected && !where.endsWith('/favicon.ico')) problems.push(`${m.text()} ${where}`);
  });
  return problems;
}

/**
 * Two wards and a district in the register, with a few answers already given at other kiosks, so the results page
 * has a ranking and an office short of its minimum to show.
 */
function districtWithAnswers(server: RunningServer) {
  const { db } = server.ctx;
  const ward = (office: string, name: string, level: string, prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({ caseCode: `${prefix}${String(i + 1).padStart(4, '0')}.24.10`, officeCode: office, officeName: name, level, returnedOn: '2024-03-04' }));
  registerCases(db, [
    { caseCode: CASE_CODE, officeCode: PHU_HOI, officeName: 'UBND phường Phú Hội', level: 'xã', returnedOn: '2024-03-04' },
    ...ward(PHU_HOI, 'UBND phường Phú Hội', 'xã', '10', 6),
    ...ward('ubnd-phuong-vy-da', 'UBND phường Vỹ Dạ', 'xã', '20', 4),
    ...ward('ubnd-huyen-phu-vang', 'UBND huyện Phú Vang', 'huyện', '30', 3),
  ]);
  const scale = questionsOf(sipas).filter((q) => q.kind === 'scale').map((q) => q.id);
  const answers = (codes: string[]) => Object.fromEntries(scale.map((id, i) => [id, [codes[i % codes.length]]]));
  const earlier = [
    ['ubnd-phuong-vy-da', '200001.24.10', ['4', '5', '3']],
    ['ubnd-phuong-vy-da', '200002.24.10', ['5', '4']],
    ['ubnd-phuong-vy-da', '200003.24.10', ['4', '4', '2']],
    ['ubnd-huyen-phu-vang', '300001.24.10', ['2', '3', '4']],
    ['ubnd-huyen-phu-vang', '300002.24.10', ['1', '3', '5', '4']],
  ] as const;
  const kiosks = new Map<string, ReturnType<typeof createKiosk>['kiosk']>();
  for (const [office, caseCode, codes] of earlier) {
    if (!kiosks.has(office)) kiosks.set(office, createKiosk(db, { name: `Quầy một cửa ${kiosks.size + 2}`, officeCode: office, surveyId: 'sipas', actor: 'admin' }).kiosk);
    const kiosk = kiosks.get(office)!;
    recordElectronicResponse(db, { kiosk, survey: sipas, caseCode, answers: answers([...codes]), at: new Date('2024-03-05T02:00:00Z') });
  }
  // The quick survey (no satisfaction scale) at the district's desk: the results page shows its answer distributions.
  const quick = loadSurveyDefinition('quick');
  const desk = createKiosk(db, { name: 'Ki-ốt khảo sát nhanh', officeCode: 'ubnd-huyen-phu-vang', surveyId: 'quick', actor: 'admin' }).kiosk;
  for (const [caseCode, q1, q2] of [['300001.24.10', '1', '0'], ['300002.24.10', '2', '0'], ['300003.24.10', '2', '1']]) {
    recordElectronicResponse(db, { kiosk: desk, survey: quick, caseCode, answers: { q1: [q1], q2: [q2] }, at: new Date('2024-03-06T02:00:00Z') });
  }
}

async function logIn(page: Page, url: string) {
  await page.goto(url);
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', ADMIN_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForSelector('.tiles');
}

/** The counted / returned tile of the results page, for the ward the kiosk serves. */
async function countedAtWard(page: Page, url: string): Promise<string> {
  await page.goto(`${url}/#/ket-qua?survey=sipas&office=${PHU_HOI}`);
  const main = page.getByRole('main');
  await main.getByRole('group', { name: 'Phiếu được tính / đã nhận' }).or(main.getByText('Chưa có phiếu nào trong phạm vi đã chọn.')).waitFor();
  return (await main.textContent()) ?? '';
}

describe('kiosk and results in a real browser', () => {
  it('creates a kiosk, answers the survey on it by touch, refuses the same case politely, and the answer shows in the results', async () => {
    server = await startServer(tempDir());
    districtWithAnswers(server);
    // A handful of answers per office: ranked here (the small-sample flag has its own test, e2e/offices).
    saveResultSettings(server.ctx.db, { smallSampleBelow: 1 }, 'admin');
    const staff = await browser().newPage({ viewport: { width: 1366, height: 768 } });
    const staffProblems = watchProblems(staff);
    await logIn(staff, server.url);

    // The ward has no answers yet: the results page says so.
    expect(await countedAtWard(staff, server.url)).toContain('Chưa có phiếu nào trong phạm vi đã chọn.');

    // Quản trị → Ki-ốt khảo sát: a kiosk for the ward's one-stop desk, on the SIPAS survey.
    await staff.goto(`${server.url}/#/quan-tri`);
    const card = staff.locator('.kiosk-admin');
    await card.locator('input[name=kioskName]').fill('Quầy một cửa số 1');
    await card.locator('select[name=kioskOffice]').selectOption(PHU_HOI);
    await card.locator('select[name=kioskSurvey]').selectOption('sipas');
    await card.getByRole('button', { name: 'Tạo ki-ốt' }).click();
    const link = (await card.locator('.token-once .token').textContent())!;
    expect(link).toMatch(new RegExp(`^${server.url}/kiosk#kio_[A-Za-z0-9_-]{32}$`));
    await card.scrollIntoViewIfNeeded();
    await staff.screenshot({ path: `${SCREENSHOTS}/phieu-kiosk-admin.png` });
    expect(await card.locator('tbody tr').count()).toBe(4);

    // The kiosk: a touch screen of its own, opened once with the link.
    const context = await browser().newContext({ viewport: { width: 1366, height: 768 }, hasTouch: true });
    const kiosk = await context.newPage();
    const kioskProblems = watchProblems(kiosk);
    await kiosk.goto(link);
    await kiosk.waitForSelector('.kiosk-welcome');
    // The token moved to localStorage and left the address bar.
    expect(kiosk.url()).toBe(`${server.url}/kiosk`);
    expect(await kiosk.evaluate(() => localStorage.getItem('phieu.kioskToken'))).toBe(link.split('#')[1]);
    expect(await kiosk.textContent('.kiosk-office')).toBe('UBND phường Phú Hội');

    const typeCaseCode = async (code: string) => {
      for (const key of code) await kiosk.locator('.kiosk-keypad').getByRole('button', { name: key, exact: true }).tap();
      expect(await kiosk.inputValue('input[name=caseCode]')).toBe(code);
    };
    // A code no case can have: the kiosk asks the server and shows its refusal as the server words it.
    await typeCaseCode('.');
    const refusal = kiosk.waitForResponse((r) => r.url().endsWith('/api/kiosk/check'));
    await kiosk.getByRole('button', { name: 'Bắt đầu đánh giá' }).tap();
    const refused = await refusal;
    expect(refused.status()).toBe(400);
    const { error } = (await refused.json()) as { error: string };
    expect(error).toContain('Mã hồ sơ chưa đúng');
    await kiosk.getByRole('alert').getByText(error, { exact: true }).waitFor();
    await kiosk.getByRole('button', { name: 'Xoá một ký tự' }).tap();
    await typeCaseCode(CASE_CODE);
    await kiosk.screenshot({ path: `${SCREENSHOTS}/phieu-kiosk-welcome.png` });
    await kiosk.getByRole('button', { name: 'Bắt đầu đánh giá' }).tap();

    // One question a screen: a touch on a level moves on by itself; the comment is typed and confirmed.
    const asked: string[] = [];
    for (;;) {
      const screen = await kiosk.waitForSelector('.kiosk-question, .kiosk-review');
      if ((await screen.getAttribute('class'))!.includes('kiosk-review')) break;
      const id = (await kiosk.getAttribute('[data-question]', 'data-question'))!;
      expect(asked).not.toContain(id);
      asked.push(id);
      if (id === 'a2') await kiosk.screenshot({ path: `${SCREENSHOTS}/phieu-kiosk-question.png` });
      if (id === 'education') await kiosk.screenshot({ path: `${SCREENSHOTS}/phieu-kiosk-options.png` });
      if (await kiosk.$('.kiosk-scale')) await kiosk.locator('.kiosk-scale .level-5').tap();
      else if (await kiosk.$('.kiosk-choice[role=checkbox]')) {
        // The wishes: at most three; a fourth touch is not taken.
        for (const code of ['1', '4', '5', '6']) await kiosk.locator(`.kiosk-choice[data-code="${code}"]`).tap();
        expect(await kiosk.locator('.kiosk-choice.chosen').count()).toBe(3);
        expect(await kiosk.textContent('.kiosk-hint')).toContain('chọn tối đa 3 ý');
        await kiosk.getByRole('button', { name: 'Tiếp tục ›' }).tap();
      }
      else if (await kiosk.$('.kiosk-options')) await kiosk.locator('.kiosk-options .kiosk-choice').first().tap();
      else {
        await kiosk.locator('textarea').fill('Cán bộ hướng dẫn tận tình.');
        await kiosk.screenshot({ path: `${SCREENSHOTS}/phieu-kiosk-comment.png` });
        await kiosk.getByRole('button', { name: 'Tiếp tục ›' }).tap();
      }
      await kiosk.waitForFunction((previous) => document.querySelector('[data-question]')?.getAttribute('data-question') !== previous, id);
    }
    expect(asked).toEqual(questionsOf(sipas).map((q) => q.id));
    expect(await kiosk.textContent('.kiosk-review')).toContain(`Hồ sơ ${CASE_CODE}: Ông/Bà đã trả lời 22 trên 22 câu.`);
    await kiosk.getByRole('button', { name: 'Gửi đánh giá' }).tap();
    await kiosk.waitForSelector('.kiosk-thanks');
    expect(await kiosk.textContent('.kiosk-thanks')).toContain('Xin chân thành cảm ơn Ông/Bà!');
    await kiosk.screenshot({ path: `${SCREENSHOTS}/phieu-kiosk-thanks.png` });

    const stored = server.ctx.db.prepare(`SELECT source, office_code AS officeCode, answers_json AS answers FROM electronic_responses WHERE case_code = ?`).all(CASE_CODE) as { source: string; officeCode: string; answers: string }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ source: 'kiosk', officeCode: PHU_HOI });
    expect(JSON.parse(stored[0].answers)).toMatchObject({ a1: ['5'], overall: ['5'], comment: 'Cán bộ hướng dẫn tận tình.', gender: ['1'], expectations: ['1', '4', '5'] });

    // The same case again: thanked and turned away before any question.
    await kiosk.getByRole('button', { name: 'Hoàn tất' }).tap();
    await kiosk.waitForSelector('.kiosk-welcome');
    await typeCaseCode(CASE_CODE);
    await kiosk.getByRole('button', { name: 'Bắt đầu đánh giá' }).tap();
    await kiosk.waitForSelector('.kiosk-notice');
    expect(await kiosk.textContent('.kiosk-message')).toBe(`Hồ sơ ${CASE_CODE} đã được đánh giá trước đây. Xin cảm ơn Ông/Bà đã dành thời gian!`);
    await kiosk.screenshot({ path: `${SCREENSHOTS}/phieu-kiosk-refused.png` });

    // The answer is in the results: the ward now has one counted form, all "Rất hài lòng".
    const ward = await countedAtWard(staff, server.url);
    expect(await staff.textContent('.results .tile.counted strong')).toBe('1 / 1');
    expect(await staff.textContent('.results .tile.overall strong')).toBe('100,00 %');
    expect(ward).toContain('1. UBND phường Phú Hội');
    // The whole district: the ward ranks first, and offices short of their minimum are marked.
    await staff.goto(`${server.url}/#/ket-qua?survey=sipas`);
    // Only the address's filters changed: the screen is drawn again in place, so wait for the new figures.
    await staff.getByRole('group', { name: 'Phiếu được tính / đã nhận' }).getByText('6 / 6', { exact: true }).waitFor();
    expect(await staff.locator('.chart-row[data-key]').filter({ hasText: 'UBND' }).first().textContent()).toContain('1. UBND phường Phú Hội');
    expect(await staff.locator(`table.adequacy tr.short[data-office=${PHU_HOI}]`).count()).toBe(1);
    expect(await staff.locator('.chart-row[data-key=A1] .chart-whisker').count()).toBe(1);
    await staff.screenshot({ path: `${SCREENSHOTS}/phieu-results.png` });
    await staff.screenshot({ path: `${SCREENSHOTS}/phieu-results-full.png`, fullPage: true });

    // Filters go to the server: the district level alone.
    await staff.selectOption('select[name=level]', 'huyện');
    await staff.getByRole('group', { name: 'Phiếu được tính / đã nhận' }).getByText('2 / 2', { exact: true }).waitFor();
    expect(staff.url()).toContain('level=huy%E1%BB%87n');
    expect(await staff.getAttribute('a:has-text("Bảng tính XLSX")', 'href')).toContain('level=huy%E1%BB%87n');
    await staff.selectOption('select[name=survey]', 'quick');
    await staff.waitForSelector('.chart-row.distribution');
    expect(await staff.textContent('.results .tile.counted strong')).toBe('3 / 3');
    expect(await staff.locator('.chart-row.distribution').count()).toBe(2);
    await staff.screenshot({ path: `${SCREENSHOTS}/phieu-results-quick.png` });

    // Revoked, the kiosk asks staff for a new token on its next start.
    const kioskId = (server.ctx.db.prepare('SELECT id FROM kiosks WHERE name = ?').get('Quầy một cửa số 1') as { id: number }).id;
    await staff.evaluate(async (id) => {
      const { csrfToken } = await (await fetch('/api/session')).json();
      await fetch(`/api/kiosks/${id}`, { method: 'DELETE', headers: { 'X-CSRF-Token': csrfToken } });
    }, kioskId);
    await kiosk.reload();
    await kiosk.waitForSelector('.kiosk-setup');
    expect(await kiosk.textContent('.kiosk-error')).toContain('Mã ki-ốt không đúng hoặc đã bị thu hồi');
    expect(await kiosk.evaluate(() => localStorage.getItem('phieu.kioskToken'))).toBeNull();
    await kiosk.screenshot({ path: `${SCREENSHOTS}/phieu-kiosk-setup.png` });

    expect(kioskProblems).toEqual([]);
    expect(staffProblems).toEqual([]);
    await context.close();
  });
});
