import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { digitClassifier } from '../../src/handwriting/digitClassifier.js';
import { decideDigitField, readDigitCell, type DigitCellRead } from '../../src/handwriting/readDigitField.js';
import { HANDWRITING_SETTINGS } from '../../src/handwriting/settings.js';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import type { FieldRead } from '../../src/recognize/readPage.js';
import type { RunningServer } from '../../src/server/startServer.js';
import type { Db } from '../../src/store/db.js';
import { beginScanFile } from '../../src/store/scans.js';
import { storePage } from '../../src/ingest/storePage.js';
import { printedForms, registerCases, scannedPage } from '../results/paperForms.js';
import { openLoggedIn, useBrowser } from '../support/browser.js';
import { answerBox, itemNumber, reviewDone, reviewItem } from '../support/reviewScreen.js';
import { digitCell, loadMnistTestSplit } from '../support/handwrittenCells.js';
import { drawMarks } from '../support/marks.js';
import { printedScans } from '../support/printedScans.js';
import { useTempDir } from '../support/tempDir.js';
import { logIn, useTestServers, userWithRole } from '../support/webServer.js';

const tempDir = useTempDir();
const browser = useBrowser();
const startServer = useTestServers();
let server: RunningServer;

const count = (sql: string, ...params: unknown[]) => (server.ctx.db.prepare(sql).get(...params) as { n: number }).n;

/** A server whose queue holds, per form, one counting item for each question given: its page read with a doubtful mark. */
async function serverWithDoubtfulMarks(forms: number, questions: string[] = ['q1']): Promise<number[]> {
  server = await startServer(tempDir());
  const { survey, layoutHash, pageCount, serials } = printedForms(server.ctx.db, 'quick', { caseCodes: Array(forms).fill(null) });
  for (const serial of serials) scannedPage(server.ctx.db, { surveyId: survey.id, layoutHash, serial, page: 1, pageCount }, Object.fromEntries(questions.map((q) => [q, '?'])));
  return serials;
}

const openReview = async (as: { username?: string; password?: string } = {}): Promise<Page> => {
  const { page } = await openLoggedIn(browser(), server.url, as);
  await page.goto(`${server.url}/#/duyet`);
  return page;
};
/** The item the screen shows, once it shows one: its accessible name. */
const shownItem = async (page: Page) => {
  await reviewItem(page).waitFor();
  return (await reviewItem(page).getAttribute('aria-label'))!;
};

describe('the review screen at 1366×768, keyboard first', () => {
  it('shows the key legend without scrolling, above a real page and its clip', async () => {
    server = await startServer(tempDir());
    const { files } = await printedScans(server.ctx.dataDir, tempDir(), 'quick', 1);
    const marked = await drawMarks(fs.readFileSync(files[0]), layoutForm(loadSurveyDefinition('quick')), [
      { questionId: 'q1', code: '1', kind: 'x' },
      { questionId: 'q1', code: '2', kind: 'x' },
    ]);
    await server.ctx.scans.receive(Readable.from(marked), { originalName: 'quick.png', actor: 'admin', source: 'upload', maxBytes: 1e8 });
    await server.ctx.scans.idle();
    const page = await openReview();
    await shownItem(page);
    await expect.poll(() => reviewItem(page).getByRole('img').evaluateAll((images) => images.every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalHeight > 0)), { timeout: 30_000 }).toBe(true);
    const legend = page.getByLabel('Phím tắt');
    await expect.poll(() => legend.textContent()).toContain('Ctrl+Z');
    const box = (await legend.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(768);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
  });

  it('moves to the question filter with Alt+C, where the arrow keys choose a question and Enter goes back to the item', async () => {
    await serverWithDoubtfulMarks(1, ['q1', 'q2']);
    const page = await openReview();
    await shownItem(page);
    expect(await reviewItem(page).getByRole('heading').textContent()).toContain('Câu 1');
    await page.keyboard.press('Alt+KeyC');
    const questions = page.getByLabel('Câu hỏi');
    expect(await questions.evaluate((e) => e === document.activeElement)).toBe(true);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await reviewItem(page).getByRole('heading', { name: /Câu 2/ }).waitFor();
    // The keys work the item again: 1 and Enter decide the question chosen in the filter.
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await expect.poll(() => count(`SELECT COUNT(*) AS n FROM corrections WHERE question_id = 'q2'`), { timeout: 10_000 }).toBe(1);
    expect(count(`SELECT COUNT(*) AS n FROM corrections WHERE question_id = 'q1'`)).toBe(0);
  });

  it('takes the last decision back with Ctrl+Z: the item is shown again and open on the server', async () => {
    await serverWithDoubtfulMarks(2);
    const page = await openReview();
    const first = await shownItem(page);
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await page.getByRole('article', { name: first, exact: true }).waitFor({ state: 'detached' });
    await expect.poll(() => count(`SELECT COUNT(*) AS n FROM review_items WHERE status = 'resolved'`), { timeout: 10_000 }).toBe(1);
    await page.keyboard.press('Control+z');
    await page.getByRole('article', { name: first, exact: true }).waitFor();
    await page.locator('#toast').getByText(/^Đã hoàn tác: phiếu \d+/).waitFor();
    expect(count(`SELECT COUNT(*) AS n FROM review_items WHERE status = 'resolved'`)).toBe(0);
    // Decided again, with another key: that is the answer that counts.
    await page.keyboard.press('2');
    await page.keyboard.press('Enter');
    await expect.poll(() => count(`SELECT COUNT(*) AS n FROM review_items WHERE status = 'resolved'`), { timeout: 10_000 }).toBe(1);
    expect(server.ctx.db.prepare('SELECT value_json FROM corrections WHERE review_item_id = ? ORDER BY id DESC LIMIT 1').get(itemNumber(first))).toEqual({ value_json: '["2"]' });
  });

  it('finds a form by its serial from the review screen, and says so when a serial names no form instead of "Đang tải…"', async () => {
    const [serial] = await serverWithDoubtfulMarks(1);
    const page = await openReview();
    await shownItem(page);
    await page.keyboard.press('Alt+KeyF');
    await page.keyboard.type('999999');
    await page.keyboard.press('Enter');
    await page.locator('#toast').getByText('Không có phiếu nào có số phiếu hoặc mã hồ sơ 999999.').waitFor();
    await page.keyboard.press('Alt+KeyF');
    await page.keyboard.type(String(serial));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: new RegExp(`^Phiếu ${serial} — `) }).waitFor();
    await page.goto(`${server.url}/#/phieu/999999`);
    await page.getByRole('alert').getByText('Không có phiếu số 999999.').waitFor();
    expect(await page.textContent('main')).not.toContain('Đang tải');
  });

  it('accepts a date typed as its eight digits (05032025)', async () => {
    server = await startServer(tempDir());
    const { survey, layoutHash, pageCount, serials } = printedForms(server.ctx.db, 'one-stop', { caseCodes: [null] });
    const datePage = layoutForm(survey).fields.find((f) => f.questionId === 'date')!.page;
    scannedPage(server.ctx.db, { surveyId: survey.id, layoutHash, serial: serials[0], page: datePage, pageCount }, { date: 'handwriting' });
    const page = await openReview();
    await shownItem(page);
    expect(await answerBox(page).getAttribute('placeholder')).toBe('dd/mm/yyyy');
    await page.keyboard.type('05032025');
    await page.keyboard.press('Enter');
    await reviewDone(page).waitFor();
    expect(server.ctx.db.prepare(`SELECT value_json FROM corrections WHERE question_id = 'date'`).all()).toEqual([{ value_json: '"05/03/2025"' }]);
  });

  it('types a comment in a box of several lines: Shift+Enter starts a new line, Enter accepts', async () => {
    server = await startServer(tempDir());
    const { survey, layoutHash, pageCount, serials } = printedForms(server.ctx.db, 'one-stop', { caseCodes: [null] });
    const commentPage = layoutForm(survey).fields.find((f) => f.questionId === 'other_comments')!.page;
    scannedPage(server.ctx.db, { surveyId: survey.id, layoutHash, serial: serials[0], page: commentPage, pageCount }, { other_comments: 'handwriting' });
    const page = await openReview();
    // The counting queue is empty: Enter moves on to the text to type.
    await reviewDone(page).waitFor();
    expect(await reviewDone(page).textContent()).toMatch(/Còn 1 mục chép chữ viết tay: nhấn Enter để chuyển sang/);
    await page.keyboard.press('Enter');
    await shownItem(page);
    const box = page.getByRole('textbox', { name: 'Nội dung' });
    expect(await box.evaluate((e) => e.tagName === 'TEXTAREA' && e === document.activeElement)).toBe(true);
    await page.keyboard.type('Cán bộ nhiệt tình');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('nhưng phải chờ lâu');
    await page.keyboard.press('Enter');
    await reviewDone(page).waitFor();
    expect(server.ctx.db.prepare(`SELECT value_json FROM corrections WHERE question_id = 'other_comments'`).all()).toEqual([{ value_json: JSON.stringify('Cán bộ nhiệt tình\nnhưng phải chờ lâu') }]);
  });

  /**
   * A quick form whose written case code's last digit the reader doubts, between it and a register neighbour; the
   * register lacks the written code when `inRegister` is false.
   */
  async function doubtfulQuickCode(inRegister = true): Promise<{ db: Db; written: string; neighbour: string; offered: string[] }> {
    server = await startServer(tempDir());
    const db = server.ctx.db;
    // Cells of MNIST digits as the real reader reads them: sure ones, and a 7 it doubts with a runner-up.
    const classify = digitClassifier();
    const s = HANDWRITING_SETTINGS;
    const found = new Map<string, DigitCellRead>();
    let doubtful: { cell: DigitCellRead; runnerUp: number } | undefined;
    for (const d of loadMnistTestSplit()) {
      if (found.size === 10 && doubtful) break;
      const cell = readDigitCell(digitCell(d), 246, classify, s);
      if (cell.digit === String(d.label) && cell.confidence >= 0.999 && !found.has(cell.digit)) found.set(cell.digit, cell);
      if (d.label === 7 && !doubtful && cell.digit === '7' && cell.confidence < s.digits.acceptFrom && cell.probabilities![7] >= 0.6) {
        const runnerUp = cell.probabilities!.map((p, digit) => ({ p, digit })).filter((o) => o.digit !== 7).sort((a, b) => b.p - a.p)[0];
        if (runnerUp.p >= 0.01) doubtful = { cell, runnerUp: runnerUp.digit };
      }
    }
    const written = '460125003817';
    const neighbour = `46012500381${doubtful!.runnerUp}`;
    registerCases(db, [...(inRegister ? [written] : []), neighbour, '460125111111'].map((caseCode) => ({ caseCode, officeCode: 'X01', officeName: 'Phường Một', level: 'xa' })));
    const { survey, layoutHash, pageCount, serials } = printedForms(db, 'quick', { officeCode: 'X01', caseCodes: [null] });
    const cells = [...written].map((c, i) => (i === 11 ? doubtful!.cell : found.get(c)!));
    const field: FieldRead = { questionId: 'case_code', kind: 'digits', ...decideDigitField(cells, { kind: 'digits', format: 'caseCode' }, s) };
    const sha256 = createHash('sha256').update('case-code').digest('hex');
    beginScanFile(db, { sha256, name: 'quick.pdf', size: 1, source: 'cli' }, 1);
    const qr = { surveyId: survey.id, layoutHash, serial: serials[0], page: 1, pageCount };
    storePage(db, { sha256, pageIndex: 0, clips: [], read: { kind: 'read', qr, turned: false, scale: 1, transform: [1, 0, 0, 0, 1, 0, 0, 0, 1], quarterTurned: false, fields: [field], needsReview: true } });
    const offered = (JSON.parse((db.prepare('SELECT read_json FROM pages').get() as { read_json: string }).read_json) as { fields: { candidates?: string[] }[] }).fields[0].candidates!;
    expect(offered).toEqual(expect.arrayContaining(inRegister ? [written, neighbour] : [neighbour]));
    // No case it may be is answered elsewhere: the form counts meanwhile, and the code waits to be typed.
    expect(db.prepare('SELECT queue FROM review_items').pluck().all()).toEqual(['transcription']);
    return { db, written, neighbour, offered };
  }
  /** The review screen, moved on with Enter from the empty counting queue to the codes waiting to be typed. */
  const openTranscription = async () => {
    const page = await openReview();
    await reviewDone(page).getByText(/Còn 1 mục chép chữ viết tay: nhấn Enter để chuyển sang/).waitFor();
    await page.keyboard.press('Enter');
    return page;
  };
  const storedCaseCodes = (db: Db) => db.prepare(`SELECT value_json FROM corrections WHERE question_id = 'case_code'`).all();

  it("offers the register's likeliest case codes for a doubtful quick-form code, picked with one key", async () => {
    const { db, neighbour, offered } = await doubtfulQuickCode();
    const page = await openTranscription();
    await shownItem(page);
    const list = page.getByRole('list', { name: 'Gợi ý' });
    expect(await list.getByRole('listitem').allTextContents()).toEqual(offered.map((code, i) => `${i + 1} ${code}`));
    const wanted = offered.indexOf(neighbour);
    await page.keyboard.press(String(wanted + 1));
    await page.keyboard.press('Enter');
    await reviewDone(page).waitFor();
    expect(storedCaseCodes(db)).toEqual([{ value_json: JSON.stringify(neighbour) }]);
  });

  it("takes the register's likeliest case code with Enter alone where the machine's digits are no register code, and types over those digits after Tab", async () => {
    const { db, written, neighbour, offered } = await doubtfulQuickCode(false);
    expect(offered[0]).toBe(neighbour);
    const page = await openTranscription();
    await shownItem(page);
    // The first offered code is the one chosen, in the list and in the box: Enter alone takes it.
    expect(await page.getByRole('list', { name: 'Gợi ý' }).getByRole('listitem').first().getAttribute('class')).toBe('chosen');
    expect(await answerBox(page).inputValue()).toBe(neighbour);
    await page.keyboard.press('Enter');
    await expect.poll(() => storedCaseCodes(db)).toEqual([{ value_json: JSON.stringify(neighbour) }]);
    // Back to the item, the decision is shown as made; Tab puts the machine's digits in the box with the doubtful
    // last one selected, so one key puts it right.
    await page.keyboard.press('Backspace');
    await shownItem(page);
    expect(await answerBox(page).inputValue()).toBe(neighbour);
    await page.keyboard.press('Tab');
    expect(await answerBox(page).inputValue()).toBe(written);
    expect(await answerBox(page).evaluate((input: HTMLInputElement) => [input.selectionStart, input.selectionEnd])).toEqual([11, 12]);
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await expect.poll(() => storedCaseCodes(db)).toContainEqual({ value_json: JSON.stringify('460125003811') });
  });

  it('shows the items left in each queue, and counts a decision off once it is saved', async () => {
    await serverWithDoubtfulMarks(2);
    const page = await openReview();
    await shownItem(page);
    const left = page.getByRole('status', { name: 'Mục còn lại' });
    await expect.poll(() => left.textContent()).toMatch(/Ảnh hưởng kết quả: 2 mục.*Chép chữ viết tay: 0 mục/);
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await expect.poll(() => left.textContent(), { timeout: 10_000 }).toMatch(/Ảnh hưởng kết quả: 1 mục/);
  });

  it('says "Không còn mục nào" only when the queues are really empty, not while another reviewer holds the items', async () => {
    await serverWithDoubtfulMarks(1);
    const admin = await logIn(server.url);
    const other = await userWithRole(server.url, admin, 'reviewer');
    const held = (await other.agent.post('/api/review/next').set('X-CSRF-Token', other.csrf).send({}).expect(200)).body.items;
    expect(held).toHaveLength(1);
    const page = await openReview();
    const empty = reviewDone(page);
    await empty.waitFor();
    expect(await empty.textContent()).toContain('đang có người khác duyệt');
    expect(await empty.textContent()).not.toContain('Không còn mục');
    // Let go, the item comes (the screen looks for work on its own), is decided, and now nothing is left.
    await other.agent.post('/api/review/release').set('X-CSRF-Token', other.csrf).expect(200);
    await reviewItem(page).waitFor({ timeout: 30_000 });
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    const done = reviewDone(page);
    await done.waitFor();
    expect(await done.textContent()).toContain('Không còn mục nào cần duyệt');
  });

  it("puts the machine's reading in the box with the doubtful digit selected (a struck-out cell's place, or a date's cell found empty, as a caret): one key each puts it right, Enter accepts, Enter alone confirms", async () => {
    server = await startServer(tempDir());
    const db = server.ctx.db;
    const { survey, layoutHash, pageCount, serials } = printedForms(db, 'one-stop', { caseCodes: [null, null, null, null] });
    const s = HANDWRITING_SETTINGS;
    // Written 0368127358; the reader saw two clear 8s as 0, unsure of both: the fourth and the last cells.
    const sure = (digit: string): DigitCellRead => ({ state: 'written', digit, confidence: 0.999 });
    const unsure = (digit: string): DigitCellRead => ({ state: 'written', digit, confidence: 0.6 });
    const phone = (digits: string, doubtful: number[]): FieldRead => ({
      questionId: 'phone',
      kind: 'digits',
      ...decideDigitField([...digits].map((d, i) => (doubtful.includes(i) ? unsure(d) : sure(d))), { kind: 'digits', format: 'phone' }, s),
    });
    const reads = [phone('0360127350', [3, 9]), phone('0905123456', [4])];
    for (const [i, field] of reads.entries()) {
      expect(field.reasons).toEqual(['doubtfulDigit']);
      const sha256 = createHash('sha256').update(`phone-${i}`).digest('hex');
      beginScanFile(db, { sha256, name: `mot-cua-${i}.pdf`, size: 1, source: 'cli' }, 1);
      const qr = { surveyId: survey.id, layoutHash, serial: serials[i], page: 1, pageCount };
      storePage(db, { sha256, pageIndex: 0, clips: [], read: { kind: 'read', qr, turned: false, scale: 1, transform: [1, 0, 0, 0, 1, 0, 0, 0, 1], quarterTurned: false, fields: [field], needsReview: true } });
    }

    const page = await openReview();
    const first = await shownItem(page);
    const box = answerBox(page);
    expect(await box.inputValue()).toBe('0360127350');
    expect(await box.evaluate((e: HTMLInputElement) => [e.value.slice(e.selectionStart!, e.selectionEnd!), e.selectionStart])).toEqual(['0', 3]);
    await page.keyboard.press('8');
    await page.keyboard.press('8');
    await page.keyboard.press('Enter');
    await page.getByRole('article', { name: first, exact: true }).waitFor({ state: 'detached' });
    // The second form's phone was read right: Enter alone keeps it.
    await page.keyboard.press('Enter');
    await reviewDone(page).waitFor();
    // Four keys for the two items, as the screen's status line counts them.
    await expect.poll(() => page.getByRole('status', { name: 'Tiến độ duyệt' }).textContent()).toMatch(/^Đã duyệt 2 mục · 2\.0 phím\/mục/);
    await expect.poll(() => db.prepare(`SELECT serial, value_json FROM corrections WHERE question_id = 'phone' ORDER BY serial`).all(), { timeout: 10_000 }).toEqual([
      { serial: serials[0], value_json: '"0368127358"' },
      { serial: serials[1], value_json: '"0905123456"' },
    ]);

    // A date with its second cell struck out, read 0092025: the box opens with the caret where that digit goes; and a
    // date whose first digit the reader missed (a faint 2 read as an empty cell), read 2112026: the caret is before it.
    const storeDate = (serial: number, read: string) => {
      const cells: DigitCellRead[] = [...read].map((d) => (d === 'x' ? { state: 'crossedOut', digit: null, confidence: 0 } : d === '_' ? { state: 'empty', digit: null, confidence: 1 } : sure(d)));
      const date: FieldRead = { questionId: 'date', kind: 'date', ...decideDigitField(cells, { kind: 'date' }, s) };
      expect(date.reasons.length).toBeGreaterThan(0);
      const sha256 = createHash('sha256').update(`date-${serial}`).digest('hex');
      beginScanFile(db, { sha256, name: `mot-cua-ngay-${serial}.pdf`, size: 1, source: 'cli' }, 1);
      const datePage = layoutForm(survey).fields.find((f) => f.questionId === 'date')!.page;
      storePage(db, { sha256, pageIndex: 0, clips: [], read: { kind: 'read', qr: { surveyId: survey.id, layoutHash, serial, page: datePage, pageCount }, turned: false, scale: 1, transform: [1, 0, 0, 0, 1, 0, 0, 0, 1], quarterTurned: false, fields: [date], needsReview: true } });
    };
    const storedDates = () => db.prepare(`SELECT serial, value_json FROM corrections WHERE question_id = 'date' ORDER BY serial`).all();
    /** The box opens on the digits read with the caret at `caret`: one key puts the missing digit in, Enter accepts. */
    const typeAtCaret = async (serial: number, read: string, shown: string, caret: number, key: string) => {
      storeDate(serial, read);
      await reviewItem(page).waitFor({ timeout: 30_000 });
      expect(await box.inputValue()).toBe(shown);
      expect(await box.evaluate((e: HTMLInputElement) => [e.selectionStart, e.selectionEnd])).toEqual([caret, caret]);
      await page.keyboard.press(key);
      await page.keyboard.press('Enter');
    };
    await typeAtCaret(serials[2], '0x092025', '0092025', 1, '6');
    await expect.poll(storedDates, { timeout: 10_000 }).toEqual([{ serial: serials[2], value_json: '"06/09/2025"' }]);
    await reviewDone(page).waitFor();
    await typeAtCaret(serials[3], '_2112026', '2112026', 0, '2');
    await expect.poll(storedDates, { timeout: 10_000 }).toEqual([
      { serial: serials[2], value_json: '"06/09/2025"' },
      { serial: serials[3], value_json: '"22/11/2026"' },
    ]);
  });
});
