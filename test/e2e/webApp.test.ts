import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import type { RunningServer } from '../../src/server/startServer.js';
import { drawMarks } from '../support/marks.js';
import { printedScans } from '../support/printedScans.js';
import { useBrowser } from '../support/browser.js';
import { answerBox, itemNumber, nextOnReviewScreen, reviewDone, reviewItem } from '../support/reviewScreen.js';
import { useTempDir } from '../support/tempDir.js';
import { ADMIN_PASSWORD, logIn, useTestServers, userWithRole } from '../support/webServer.js';

const tempDir = useTempDir();
const browser = useBrowser();
const startServer = useTestServers();
let server: RunningServer | undefined;

async function logInWithKeyboard(page: Page, url: string, username = 'admin', password = ADMIN_PASSWORD) {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector('input[name=username]:focus');
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Tổng quan', level: 1 }).waitFor();
  return errors;
}

const count = (sql: string, ...params: unknown[]) => (server!.ctx.db.prepare(sql).get(...params) as { n: number }).n;

describe('the web app in a real browser', () => {
  it('logs in, loads the demo (once, however often pressed), and reviews the whole queue with the keyboard alone; every decision is a correction with an audit row', async () => {
    server = await startServer(tempDir());
    const page = await browser().newPage({ viewport: { width: 1366, height: 768 } });
    const errors = await logInWithKeyboard(page, server.url);
    // The task starts when the server has the click's request, not when the click returns: wait for its answer first.
    const started = page.waitForResponse((r) => r.url().endsWith('/api/demo') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Tải dữ liệu mẫu' }).click();
    expect((await started).status()).toBe(202);
    await server.ctx.tasks.idle();
    expect(server.ctx.tasks.get('demo')?.error).toBeUndefined();
    const queued = count(`SELECT COUNT(*) AS n FROM review_items WHERE status = 'open' AND question_id IS NOT NULL`);
    expect(queued).toBeGreaterThan(5);
    // The shipped surveys keep comments, names and addresses as images only: what waits to be typed is a handwritten
    // phone whose readings change no count — there may be some or none, depending on what was read first.
    const toType = count(`SELECT COUNT(*) AS n FROM review_items WHERE status = 'open' AND queue = 'transcription'`);
    // The dashboard says what to open next, and a second press adds nothing and says why.
    await page.getByRole('main').getByText(/^Đã tạo dữ liệu mẫu: \d+ trang quét, \d+ trường chờ duyệt.*Mở Duyệt phiếu/).waitFor();
    await page.getByRole('button', { name: 'Tải dữ liệu mẫu' }).click();
    await page.getByRole('status').getByText(/^Dữ liệu mẫu đã được tạo lúc .*Mở Duyệt phiếu/).waitFor();
    await server.ctx.tasks.idle();
    expect(count(`SELECT COUNT(*) AS n FROM review_items WHERE status = 'open' AND question_id IS NOT NULL`)).toBe(queued);

    await page.goto(`${server.url}/#/duyet`);
    // The screen's own status line says how many items were decided, the keys per item and how long the last item took to come.
    const progress = page.getByRole('status', { name: 'Tiến độ duyệt' });
    const nextItemMs: number[] = [];
    let decided = 0;
    const queuesWorked: string[] = [];
    let previous: string | undefined;
    for (;;) {
      const shown = await nextOnReviewScreen(page, previous);
      if (shown.done) {
        // The counting queue first; once it is empty, Enter moves on to what waits to be typed.
        const offered = /Còn \d+ mục ([^:]+): nhấn Enter để chuyển sang/.exec((await shown.done.textContent()) ?? '')?.[1];
        if (!offered) break;
        queuesWorked.push(offered);
        await page.keyboard.press('Enter');
        await reviewItem(page).waitFor();
        previous = undefined;
        continue;
      }
      previous = shown.item;
      if (await answerBox(page).count()) {
        const placeholder = (await answerBox(page).getAttribute('placeholder')) ?? '';
        await page.keyboard.type(placeholder.includes('chữ số') ? '0905123456'.slice(0, Number.parseInt(placeholder, 10)) : placeholder === 'dd/mm/yyyy' ? '03/02/2025' : 'Cán bộ nhiệt tình');
      } else await page.keyboard.press('1');
      await page.keyboard.press('Enter');
      decided++;
      nextItemMs.push(Number(/chuyển mục (\d+) ms/.exec((await progress.textContent()) ?? '')?.[1]));
    }
    const [, resolved, keysPerItem] = /^Đã duyệt (\d+) mục · ([\d.]+) phím\/mục/.exec((await progress.textContent()) ?? '') ?? [];
    // Decisions are saved behind the screen: wait for the last ones to land.
    await expect.poll(() => count(`SELECT COUNT(*) AS n FROM review_items WHERE status = 'resolved' AND question_id IS NOT NULL`), { timeout: 10_000 }).toBe(decided);
    expect(decided).toBe(queued);
    expect(Number(resolved)).toBe(decided);
    expect(queuesWorked).toEqual(toType > 0 ? ['chép chữ viết tay'] : []);
    expect(count(`SELECT COUNT(*) AS n FROM corrections WHERE reviewer = 'admin'`)).toBe(decided);
    expect(count(`SELECT COUNT(*) AS n FROM audit_events WHERE action = 'correction' AND actor = 'admin'`)).toBe(decided);
    expect(count(`SELECT COUNT(*) AS n FROM audit_events WHERE action = 'login' AND actor = 'admin'`)).toBe(1);
    expect(errors).toEqual([]);
    expect(nextItemMs.every(Number.isFinite)).toBe(true);
    const sorted = [...nextItemMs].sort((a, b) => a - b);
    console.log(`review screen: ${decided} items, next item median ${sorted[Math.floor(sorted.length / 2)]} ms, worst ${sorted.at(-1)} ms, ${keysPerItem} keystrokes per item`);
    // The demo imports a district register, draws, prints and reads scans: on two busy cores that takes a while.
  }, 240_000);

  it('names every box of the one-stop form by its key and printed label, stores what key 1 picks, and never shows a referred item again', async () => {
    server = await startServer(tempDir());
    await userWithRole(server.url, await logIn(server.url), 'reviewer');
    const oneStop = layoutForm(loadSurveyDefinition('one-stop'));
    const { files } = await printedScans(server.ctx.dataDir, tempDir(), 'one-stop', 3);
    for (const [i, file] of files.entries()) {
      const marked = await drawMarks(fs.readFileSync(file), oneStop, [
        { questionId: 'result_satisfaction', code: '5', kind: 'x' },
        { questionId: 'result_satisfaction', code: '2', kind: 'x' },
      ]);
      await server.ctx.scans.receive(Readable.from(marked), { originalName: `mot-cua-${i}.png`, actor: 'admin', source: 'upload', maxBytes: 1e8 });
    }
    await server.ctx.scans.idle();
    const page = await browser().newPage({ viewport: { width: 1366, height: 768 } });
    const errors = await logInWithKeyboard(page, server.url, 'reviewer-user', 'long-enough-password');
    // Every message the screen shows, as it shows it.
    await page.evaluate(() => {
      const seen: string[] = ((window as unknown as { __toasts: string[] }).__toasts = []);
      const box = document.getElementById('toast')!;
      new MutationObserver(() => box.className.includes('show') && seen.push(`${box.className}: ${box.textContent}`)).observe(box, { attributes: true, childList: true, characterData: true, subtree: true });
    });
    await page.goto(`${server.url}/#/duyet`);

    const shown: string[] = [];
    let referred: string | null = null;
    let previous: string | undefined;
    for (;;) {
      const next = await nextOnReviewScreen(page, previous);
      if (next.done) break;
      const name = (previous = next.item);
      shown.push(name);
      if (referred === null) {
        referred = name;
        await page.keyboard.press('F9');
      } else {
        if (await answerBox(page).count()) {
          const placeholder = (await answerBox(page).getAttribute('placeholder')) ?? '';
          await page.keyboard.type(placeholder.includes('chữ số') ? '0905123456'.slice(0, Number.parseInt(placeholder, 10)) : placeholder === 'dd/mm/yyyy' ? '03/02/2025' : 'Cán bộ nhiệt tình');
        } else {
          // The score line and the choices read as the form prints them: key, label, score; key 1 is the option printed first.
          expect(await reviewItem(page).getByText(/^Máy đọc:/).textContent()).toMatch(/^Máy đọc: 1 Rất hài lòng: \d+ %2 Hài lòng: \d+ %3 Bình thường: \d+ %4 Không hài lòng: \d+ %5 Rất không hài lòng: \d+ %$/);
          const options = await reviewItem(page).getByRole('listbox').ariaSnapshot();
          expect([...options.matchAll(/option "([^"]+)"/g)].map((m) => m[1])).toEqual(['1 Rất hài lòng', '2 Hài lòng', '3 Bình thường', '4 Không hài lòng', '5 Rất không hài lòng']);
          await page.keyboard.press('1');
        }
        await page.keyboard.press('Enter');
      }
    }
    await expect.poll(() => count(`SELECT COUNT(*) AS n FROM review_items WHERE status = 'open' AND question_id IS NOT NULL`), { timeout: 10_000 }).toBe(0);
    expect(shown.filter((id) => id === referred)).toHaveLength(1);
    expect(server.ctx.db.prepare('SELECT status FROM review_items WHERE id = ?').get(itemNumber(referred!))).toEqual({ status: 'referred' });
    const satisfaction = server.ctx.db.prepare(`SELECT DISTINCT value_json AS value FROM corrections WHERE question_id = 'result_satisfaction'`).all();
    expect(satisfaction).toEqual([{ value: '["5"]' }]);
    const toasts = await page.evaluate(() => (window as unknown as { __toasts: string[] }).__toasts);
    expect(toasts.filter((t) => t.includes('error'))).toEqual([]);
    expect(errors).toEqual([]);
  }, 120_000);

  it('shows a string holding markup as text, never as markup', async () => {
    server = await startServer(tempDir());
    const page = await browser().newPage();
    await logInWithKeyboard(page, server.url);
    const { files, serials } = await printedScans(server.ctx.dataDir, tempDir(), 'quick', 1);
    const hostile = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    await server.ctx.scans.receive(fs.createReadStream(files[0]), { originalName: hostile, actor: 'admin', source: 'upload', maxBytes: 1e8 });
    await server.ctx.scans.idle();
    // The machine's text for a field is stored in the original read; a reviewer's correction carries the same kind of string.
    server.ctx.db.prepare(`INSERT INTO corrections (serial, question_id, value_json, reviewer, reason) VALUES (?, 'q1', ?, 'admin', ?)`).run(serials[0], JSON.stringify([hostile]), hostile);
    await page.goto(`${server.url}/#/phieu/${serials[0]}`);
    await page.waitForSelector('table');
    expect(await page.textContent('main')).toContain(hostile);
    await page.goto(`${server.url}/#/quet`);
    await page.waitForSelector('table');
    expect(await page.textContent('main')).toContain(hostile);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.$('main img[src=x], main script')).toBeNull();
  });

  it('uploads a scan from the scanning screen and the reviewer sees it arrive in the queue', async () => {
    server = await startServer(tempDir());
    const page = await browser().newPage({ viewport: { width: 1366, height: 768 } });
    await logInWithKeyboard(page, server.url);
    const { files, serials } = await printedScans(server.ctx.dataDir, tempDir(), 'quick', 1);
    const marked = await drawMarks(fs.readFileSync(files[0]), layoutForm(loadSurveyDefinition('quick')), [
      { questionId: 'q2', code: '1', kind: 'x' },
      { questionId: 'q2', code: '2', kind: 'x' },
    ]);
    fs.writeFileSync(files[0], marked);
    await page.goto(`${server.url}/#/duyet`);
    await reviewDone(page).waitFor();
    const scanning = await browser().newPage();
    await scanning.context().addCookies(await page.context().cookies());
    await scanning.goto(`${server.url}/#/quet`);
    await scanning.setInputFiles('input[type=file]', files[0]);
    // Once sent, the file's row follows the server's state: waiting, being read, then read.
    await scanning.getByText(/đang chờ đọc|đang đọc|đã đọc/).first().waitFor();
    // The review screen polls for new work: the doubtful field appears without a reload.
    const item = page.getByRole('article', { name: new RegExp(`^Mục \\d+: phiếu ${serials[0]}, `) });
    await item.waitFor({ timeout: 30_000 });
    expect(await item.getByRole('heading').textContent()).toContain('Câu 2');
    await scanning.getByText('đã đọc (1 trang)').waitFor();
    await scanning.getByRole('cell', { name: 'Đã đọc', exact: true }).first().waitFor();
  });
});
