import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { recordElectronicResponse } from '../../src/intake/kioskResponse.js';
import { importRegister } from '../../src/planning/registerImport.js';
import { createKiosk } from '../../src/store/results.js';
import { questionsOf } from '../../src/survey/schema.js';
import { useBrowser } from '../support/browser.js';
import { useTempDir } from '../support/tempDir.js';
import { ADMIN_PASSWORD, useTestServers } from '../support/webServer.js';
import { wilson } from '../support/wilson.js';

const tempDir = useTempDir();
const SCREENSHOTS = process.env.PHIEU_SCREENSHOTS ?? '/tmp';
const browser = useBrowser();
const startServer = useTestServers();
const sipas = loadSurveyDefinition('sipas');

describe('the results screen by procedure, field and wishes', () => {
  it('shows the field and procedure tables with n, index and interval, and the wishes overall and by office, at 1366×768', async () => {
    const server = await startServer(tempDir());
    const { db } = server.ctx;
    const register = path.join(tempDir(), 'so.csv');
    fs.writeFileSync(
      register,
      [
        'Mã hồ sơ,Cơ quan/Đơn vị,Tên thủ tục,Lĩnh vực',
        'K1,UBND phường Phú Hội,Đăng ký khai sinh,Hộ tịch',
        'K2,UBND phường Phú Hội,Đăng ký khai sinh,Hộ tịch',
        'K3,UBND phường Vỹ Dạ,Chứng thực chữ ký,Chứng thực',
      ].join('\n'),
    );
    await importRegister(db, register, { actor: 'test' });
    const scale = questionsOf(sipas).filter((q) => q.kind === 'scale').map((q) => q.id);
    // Every criterion answered alike, so the index is the share of forms satisfied: Hộ tịch 1 of 2, Chứng thực 1 of 1.
    const answers = (level: string, wishes: string[]) => ({ ...Object.fromEntries(scale.map((id) => [id, [level]])), expectations: wishes });
    for (const [office, caseCode, level, wishes] of [
      ['ubnd-phuong-phu-hoi', 'K1', '5', ['1', '4']],
      ['ubnd-phuong-phu-hoi', 'K2', '2', ['4']],
      ['ubnd-phuong-vy-da', 'K3', '4', ['2', '4', '6']],
    ] as const) {
      const { kiosk } = createKiosk(db, { name: `Ki-ốt ${caseCode}`, officeCode: office, surveyId: 'sipas', actor: 'admin' });
      recordElectronicResponse(db, { kiosk, survey: sipas, caseCode, answers: answers(level, [...wishes]), at: new Date('2024-03-05T02:00:00Z') });
    }

    const page = await browser().newPage({ viewport: { width: 1366, height: 768 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(server.url);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.tiles');
    await page.goto(`${server.url}/#/ket-qua?survey=sipas`);
    await page.waitForSelector('.results-procedures');

    // Every group here has fewer than 30 answers: each is flagged "ít mẫu" where it is named.
    const rows = async (selector: string) =>
      page.locator(`${selector} tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    const percent = (v: number) => `${(v * 100).toFixed(1).replace('.', ',')} %`;
    expect(await rows('[data-breakdown=field]')).toEqual([
      ['Chứng thựcít mẫu', '1', percent(1), `${percent(wilson(1, 1)[0])} – ${percent(wilson(1, 1)[1])}`],
      ['Hộ tịchít mẫu', '2', percent(0.5), `${percent(wilson(1, 2)[0])} – ${percent(wilson(1, 2)[1])}`],
    ]);
    // The fields as bars too, each with its interval as a whisker.
    expect(await page.locator('.results-procedures .chart-row[data-key] .chart-whisker').count()).toBe(2);
    expect(await rows('[data-breakdown=procedure]')).toEqual([
      ['Chứng thực chữ kýít mẫu', '1', percent(1), `${percent(wilson(1, 1)[0])} – ${percent(wilson(1, 1)[1])}`],
      ['Đăng ký khai sinhít mẫu', '2', percent(0.5), `${percent(wilson(1, 2)[0])} – ${percent(wilson(1, 2)[1])}`],
    ]);

    // Wishes: 3 valid answers; "Rút ngắn thời gian giải quyết" (4) chosen by all three, 1, 2 and 6 by one each.
    const wishes = page.locator('.results-choices');
    expect(await wishes.locator('.chart-row[data-key="4"] .chart-value').textContent()).toBe(percent(1));
    expect(await wishes.locator('.chart-row[data-key="1"] .chart-value').textContent()).toBe(percent(1 / 3));
    expect(await wishes.locator('.chart-row[data-key="3"] .chart-value').textContent()).toBe(percent(0));
    expect(await rows('.results-choices .choices-offices')).toEqual([
      ['UBND phường Phú Hộiít mẫu', '2', `1 (${percent(0.5)})`, `0 (${percent(0)})`, `0 (${percent(0)})`, `2 (${percent(1)})`, `0 (${percent(0)})`, `0 (${percent(0)})`],
      ['UBND phường Vỹ Dạít mẫu', '1', `0 (${percent(0)})`, `1 (${percent(1)})`, `0 (${percent(0)})`, `1 (${percent(1)})`, `0 (${percent(0)})`, `1 (${percent(1)})`],
    ]);
    // Nothing runs off the side of the card at this width.
    const overflow = await page.locator('.results-procedures, .results-choices').evaluateAll((cards) => cards.map((c) => c.scrollWidth - c.clientWidth));
    expect(overflow).toEqual([0, 0]);
    await page.locator('.results-procedures').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}/phieu-results-procedures.png` });
    await wishes.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}/phieu-results-wishes.png` });
    expect(problems).toEqual([]);
  }, 180_000);
});
