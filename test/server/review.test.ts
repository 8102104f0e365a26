import fs from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import { PAGE } from '../../src/layout/pageGeometry.js';
import { coverQr } from '../../tools/scangen/faults.js';
import type { RunningServer } from '../../src/server/startServer.js';
import { digitsByLabel, loadMnistTestSplit, writeDigitsOnPage } from '../support/handwrittenCells.js';
import { drawMarks, toGray } from '../support/marks.js';
import { printedScans } from '../support/printedScans.js';
import { useTempDir } from '../support/tempDir.js';
import { printedForms, scannedPage } from '../results/paperForms.js';
import { logIn, useTestServers, userWithRole, type Client } from '../support/webServer.js';

const tempDir = useTempDir();
const startServer = useTestServers();
let server: RunningServer | undefined;

const layout = layoutForm(loadSurveyDefinition('quick'));
const caseCodeCells = (() => {
  const field = layout.fields.find((f) => f.questionId === 'case_code');
  if (field?.kind !== 'digits') throw new Error('the quick survey has no case code cells');
  return field.cells;
})();

/**
 * Quick-survey scans that each put two items in the queue: two answers ticked on q1, and a case code written with a
 * gap (digits in the first two cells and the fourth), which no reader may close up on its own.
 */
async function scansWithTwoItems(dataDir: string, copies: number): Promise<string[]> {
  const { files } = await printedScans(dataDir, tempDir(), 'quick', copies);
  const digits = digitsByLabel(loadMnistTestSplit());
  for (const file of files) {
    const marked = await drawMarks(fs.readFileSync(file), layout, [
      { questionId: 'q1', code: '1', kind: 'x' },
      { questionId: 'q1', code: '2', kind: 'x' },
    ]);
    const page = await toGray(marked);
    writeDigitsOnPage(page, [caseCodeCells[0], caseCodeCells[1], caseCodeCells[3]], [digits[4][0], digits[7][0], digits[2][0]]);
    await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } }).png().toFile(file);
  }
  return files;
}

async function serverWithQueue(copies: number): Promise<{ admin: Client }> {
  const dataDir = tempDir();
  server = await startServer(dataDir);
  const admin = await logIn(server.url);
  const files = await scansWithTwoItems(dataDir, copies);
  for (const [i, file] of files.entries()) {
    await admin.agent.put(`/api/uploads?name=quick-${i}.png`).set('X-CSRF-Token', admin.csrf).set('Content-Type', 'application/octet-stream').send(fs.readFileSync(file)).expect(201);
  }
  await server.ctx.scans.idle();
  return { admin };
}

type Item = { id: number; questionId: string; kind: string; serial: number; queue: string };
const claim = async (client: Client, body: Record<string, unknown> = {}): Promise<Item[]> =>
  (await client.agent.post('/api/review/next').set('X-CSRF-Token', client.csrf).send(body).expect(200)).body.items;
const decideItem = (client: Client, id: number, value: string | string[]) => client.agent.post(`/api/review/items/${id}/decision`).set('X-CSRF-Token', client.csrf).send({ value });
/** A message in Vietnamese: at least one letter only Vietnamese writes. */
const VIETNAMESE = /[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;
const ENGLISH = /\b(the|this|is|not|no|item|you|expected|option|question|answer|takes|waits|for|supervisor|claimed|reviewer|invalid|input|received|digits|date|text|list)\b/i;
const itemStatus = (id: number) => (server!.ctx.db.prepare('SELECT status FROM review_items WHERE id = ?').get(id) as { status: string }).status;

describe('the review queue over HTTP', () => {
  it('never gives two reviewers the same item at once, and gives an item back when its reviewer lets go', async () => {
    const { admin } = await serverWithQueue(2);
    const first = await userWithRole(server!.url, admin, 'reviewer');
    await admin.agent.post('/api/users').set('X-CSRF-Token', admin.csrf).send({ username: 'reviewer-2', displayName: 'Người nhập 2', role: 'reviewer', password: 'long-enough-password' }).expect(201);
    const second = await logIn(server!.url, 'reviewer-2', 'long-enough-password');

    const mine = await claim(first, { count: 3 });
    const theirs = await claim(second, { count: 10 });
    expect(mine).toHaveLength(3);
    expect(theirs).toHaveLength(1);
    expect(new Set([...mine, ...theirs].map((i) => i.id)).size).toBe(4);
    // Another reviewer's item is not even shown.
    await second.agent.get(`/api/review/items/${mine[0].id}`).expect(403);

    await first.agent.post('/api/review/release').set('X-CSRF-Token', first.csrf).expect(200);
    const after = await claim(second, { count: 10, exclude: theirs.map((i) => i.id) });
    expect(after.map((i) => i.id).sort()).toEqual(mine.map((i) => i.id).sort());
  });

  it('sends a referred item to the supervisor, whose decision shows in the form view as a correction over the original read', async () => {
    const { admin } = await serverWithQueue(1);
    const reviewer = await userWithRole(server!.url, admin, 'reviewer');
    const supervisor = await userWithRole(server!.url, admin, 'supervisor');
    const [choice] = (await claim(reviewer, { count: 5 })).filter((i) => i.questionId === 'q1');
    await reviewer.agent.post(`/api/review/items/${choice.id}/refer`).set('X-CSRF-Token', reviewer.csrf).send({ note: 'Hai ô, không rõ ý' }).expect(200);
    expect(itemStatus(choice.id)).toBe('referred');
    await reviewer.agent.post('/api/review/next').set('X-CSRF-Token', reviewer.csrf).send({ queue: 'referred' }).expect(403);

    const referred = await claim(supervisor, { queue: 'referred' });
    expect(referred.map((i) => i.id)).toEqual([choice.id]);
    await decideItem(supervisor, choice.id, ['2']).expect(200);
    expect(itemStatus(choice.id)).toBe('resolved');

    const { body: form } = await supervisor.agent.get(`/api/forms/${choice.serial}`).expect(200);
    const q1 = form.answers.find((q: { questionId: string }) => q.questionId === 'q1');
    expect(q1.original).toEqual(['1', '2']);
    expect(q1.corrections.map((c: { reviewer: string; value: unknown }) => [c.reviewer, c.value])).toEqual([['supervisor-user', ['2']]]);
    expect(q1.effective).toEqual(['2']);
    const audit = server!.ctx.db.prepare(`SELECT action, actor FROM audit_events WHERE action IN ('review.referred', 'correction') ORDER BY id`).all();
    expect(audit).toEqual([
      { action: 'review.referred', actor: 'reviewer-user' },
      { action: 'correction', actor: 'supervisor-user' },
    ]);
  });

  it('with double entry on, closes a keyed field when two reviewers agree and sends it to the supervisor when they do not', async () => {
    const { admin } = await serverWithQueue(2);
    await admin.agent.post('/api/supervise/double-entry').set('X-CSRF-Token', admin.csrf).send({ on: true }).expect(200);
    const first = await userWithRole(server!.url, admin, 'reviewer');
    await admin.agent.post('/api/users').set('X-CSRF-Token', admin.csrf).send({ username: 'reviewer-2', displayName: 'Người nhập 2', role: 'reviewer', password: 'long-enough-password' }).expect(201);
    const second = await logIn(server!.url, 'reviewer-2', 'long-enough-password');

    const keyed = (items: Item[]) => items.filter((i) => i.questionId === 'case_code').sort((a, b) => a.serial - b.serial);
    const [agreed, disputed] = keyed(await claim(first, { count: 10 }));
    await decideItem(first, agreed.id, '47002').expect(200);
    await decideItem(first, disputed.id, '47002').expect(200);
    // After one keying the field is still open, and the first reviewer is not offered it again.
    expect(itemStatus(agreed.id)).toBe('open');
    expect(keyed(await claim(first, { count: 10 }))).toEqual([]);
    await first.agent.post('/api/review/release').set('X-CSRF-Token', first.csrf).expect(200);

    const again = keyed(await claim(second, { count: 10 }));
    expect(again.map((i) => i.id)).toEqual([agreed.id, disputed.id]);
    await decideItem(second, agreed.id, '47002').expect(200);
    await decideItem(second, disputed.id, '47802').expect(200);
    expect(itemStatus(agreed.id)).toBe('resolved');
    expect(itemStatus(disputed.id)).toBe('referred');
  });

  it('shows each option of the one-stop form by its printed label and the key that picks it, and key 1 stores the option printed first', async () => {
    const dataDir = tempDir();
    server = await startServer(dataDir);
    const admin = await logIn(server.url);
    const oneStop = layoutForm(loadSurveyDefinition('one-stop'));
    const { files, serials } = await printedScans(dataDir, tempDir(), 'one-stop', 1);
    // "Rất hài lòng" (code 5, printed first) and "Không hài lòng" (code 2, printed fourth) both ticked.
    const marked = await drawMarks(fs.readFileSync(files[0]), oneStop, [
      { questionId: 'result_satisfaction', code: '5', kind: 'x' },
      { questionId: 'result_satisfaction', code: '2', kind: 'x' },
    ]);
    await admin.agent.put('/api/uploads?name=mot-cua.png').set('X-CSRF-Token', admin.csrf).set('Content-Type', 'application/octet-stream').send(marked).expect(201);
    await server.ctx.scans.idle();

    const supervisor = await userWithRole(server.url, admin, 'supervisor');
    const [item] = (await supervisor.agent.post('/api/review/next').set('X-CSRF-Token', supervisor.csrf).send({ filter: { questionId: 'result_satisfaction' } }).expect(200)).body.items;
    const printed = oneStop.fields.find((f) => f.questionId === 'result_satisfaction');
    if (printed?.kind !== 'single') throw new Error('result_satisfaction is not a box question');
    // The keys run down the options in the order they are printed; each carries the label printed beside its box.
    expect(item.question.options).toEqual(printed.options.map((o, i) => ({ key: String(i + 1), code: o.code, label: o.label })));
    expect(item.question.options[0]).toEqual({ key: '1', code: '5', label: 'Rất hài lòng' });
    expect(item.question.options[3]).toEqual({ key: '4', code: '2', label: 'Không hài lòng' });
    // The machine's score line names each box by its key and label, never by its bare code.
    type Box = { key: string; code: string; label: string; state: string };
    expect(item.read.boxes.map((b: Box) => [b.key, b.code, b.label])).toEqual(item.question.options.map((o: Box) => [o.key, o.code, o.label]));
    expect(item.read.boxes.filter((b: Box) => b.state === 'marked').map((b: Box) => `${b.key} ${b.label}`)).toEqual(['1 Rất hài lòng', '4 Không hài lòng']);

    const picked = item.question.options.find((o: Box) => o.key === '1').code;
    await decideItem(supervisor, item.id, [picked]).expect(200);
    const { body: form } = await supervisor.agent.get(`/api/forms/${serials[0]}`).expect(200);
    const answer = form.answers.find((a: { questionId: string }) => a.questionId === 'result_satisfaction');
    expect(answer.effective).toEqual(['5']);
    // The form view carries the same options, so it shows the stored code as the label the citizen ticked.
    expect(answer.options).toEqual(item.question.options);
    expect(answer.effective.map((code: string) => answer.options.find((o: Box) => o.code === code).label)).toEqual(['Rất hài lòng']);
  });

  it('never gives a referred item back to a reviewer, only to supervisors, and answers a reviewer who tries it in Vietnamese', async () => {
    const { admin } = await serverWithQueue(2);
    const reviewer = await userWithRole(server!.url, admin, 'reviewer');
    await admin.agent.post('/api/users').set('X-CSRF-Token', admin.csrf).send({ username: 'reviewer-2', displayName: 'Người nhập 2', role: 'reviewer', password: 'long-enough-password' }).expect(201);
    const other = await logIn(server!.url, 'reviewer-2', 'long-enough-password');
    const supervisor = await userWithRole(server!.url, admin, 'supervisor');

    const held = await claim(reviewer, { count: 10 });
    const referred = held[0];
    await reviewer.agent.post(`/api/review/items/${referred.id}/refer`).set('X-CSRF-Token', reviewer.csrf).send({}).expect(200);
    // Neither the reviewer who referred it (even when letting go of everything and asking again) nor another reviewer gets it.
    expect((await claim(reviewer, { count: 10 })).map((i) => i.id)).not.toContain(referred.id);
    await reviewer.agent.post('/api/review/release').set('X-CSRF-Token', reviewer.csrf).expect(200);
    expect((await claim(other, { count: 10 })).map((i) => i.id)).not.toContain(referred.id);
    expect((await claim(reviewer, { count: 10 })).map((i) => i.id)).not.toContain(referred.id);
    expect((await claim(supervisor, { queue: 'referred', count: 10 })).map((i) => i.id)).toEqual([referred.id]);

    // Whatever a reviewer then tries on it, or on another's item, or with an answer that does not fit, is refused in words they read.
    const mine = await claim(other, { count: 10, exclude: [] });
    const ownChoice = mine.find((i) => i.questionId === 'q1')!;
    const ownDigits = mine.find((i) => i.questionId === 'case_code')!;
    const refusals = [
      await decideItem(reviewer, referred.id, referred.questionId === 'q1' ? ['1'] : '47002'),
      await reviewer.agent.get(`/api/review/items/${referred.id}`),
      await reviewer.agent.get(`/api/review/items/${referred.id}/clip`),
      await reviewer.agent.post(`/api/review/items/${referred.id}/refer`).set('X-CSRF-Token', reviewer.csrf).send({}),
      await decideItem(reviewer, 999999, ['1']),
      await decideItem(reviewer, ownChoice.id, ['1']),
      await decideItem(other, ownChoice.id, ['1', '2']),
      await decideItem(other, ownChoice.id, ['9']),
      await decideItem(other, ownChoice.id, 'x'),
      await decideItem(other, ownDigits.id, '4x'),
      await decideItem(other, ownDigits.id, { value: 1 } as unknown as string),
      await other.agent.post(`/api/review/items/${ownDigits.id}/decision`).set('X-CSRF-Token', other.csrf).set('Content-Type', 'application/json').send('{"value": ['),
    ];
    expect(refusals.map((r) => r.status)).toEqual([403, 403, 403, 409, 404, 409, 400, 400, 400, 400, 400, 400]);
    for (const refusal of refusals) {
      expect(refusal.body.error).toMatch(VIETNAMESE);
      expect(refusal.body.error).not.toMatch(ENGLISH);
    }
  });

  it('lets a page be turned, placed on a form page (read again as that page: its answer counts) or rejected with a reason, each written to the audit trail', async () => {
    const dataDir = tempDir();
    server = await startServer(dataDir);
    const admin = await logIn(server.url);
    const scanner = await userWithRole(server.url, admin, 'scanner');
    const { files, serials } = await printedScans(dataDir, tempDir(), 'quick', 2);
    // Both pages, answered differently, lose their code under a label: unreadable pages for a person to place.
    for (const [i, file] of files.entries()) {
      const page = await toGray(await drawMarks(fs.readFileSync(file), layout, [{ questionId: 'q1', code: String(i + 1), kind: 'x' }]));
      coverQr(page, layout.pages[0].qr, page.width / PAGE.width);
      const covered = await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } }).png().toBuffer();
      await admin.agent.put(`/api/uploads?name=covered-${i}.png`).set('X-CSRF-Token', admin.csrf).set('Content-Type', 'application/octet-stream').send(covered).expect(201);
    }
    await server.ctx.scans.idle();
    const { body } = await scanner.agent.get('/api/page-items').expect(200);
    expect(body.items.map((i: { outcome: string }) => i.outcome)).toEqual(['unreadable', 'unreadable']);
    const [first, second] = body.items as { id: number; pageId: number }[];
    const sentAs = (pageId: number) =>
      (server!.ctx.db.prepare('SELECT u.original_name AS name FROM pages p JOIN uploads u ON u.sha256 = p.file_sha256 WHERE p.id = ?').get(pageId) as { name: string }).name;
    const place = (id: number, serial: number) => scanner.agent.post(`/api/page-items/${id}/assign`).set('X-CSRF-Token', scanner.csrf).send({ serial, pageNumber: 1 });
    const turn = (id: number, quarterTurns: number) => scanner.agent.post(`/api/page-items/${id}/rotate`).set('X-CSRF-Token', scanner.csrf).send({ quarterTurns }).expect(200);

    expect((await turn(first.id, 2)).body.quarterTurns).toBe(2);
    await place(first.id, 999999).expect(400);
    // Turned the wrong way up, the page is not read upside down: it stays here and the person is told why.
    expect((await place(first.id, serials[0]).expect(400)).body.error).toMatch(/trang có vẻ đang bị ngược/);
    await turn(first.id, 2);
    await place(first.id, serials[0]).expect(200);
    // The same form page cannot be placed twice.
    await place(second.id, serials[0]).expect(400);
    await scanner.agent.post(`/api/page-items/${second.id}/reject`).set('X-CSRF-Token', scanner.csrf).send({ reason: 'Trang của đợt khác' }).expect(200);

    expect((await scanner.agent.get('/api/page-items').expect(200)).body.items).toEqual([]);
    expect(server.ctx.db.prepare(`SELECT status FROM forms WHERE serial = ?`).get(serials[0])).toEqual({ status: 'scanned' });
    const { body: form } = await admin.agent.get(`/api/forms/${serials[0]}`).expect(200);
    expect(form.answers.find((q: { questionId: string }) => q.questionId === 'q1').effective).toEqual([sentAs(first.pageId) === 'covered-0.png' ? '1' : '2']);
    const audit = server.ctx.db.prepare(`SELECT action, actor FROM audit_events WHERE action LIKE 'page.%' ORDER BY id`).all();
    expect(audit).toEqual([
      { action: 'page.rotated', actor: 'scanner-user' },
      { action: 'page.placingFailed', actor: 'scanner-user' },
      { action: 'page.rotated', actor: 'scanner-user' },
      { action: 'page.assigned', actor: 'scanner-user' },
      { action: 'page.rejected', actor: 'scanner-user' },
    ]);
  });
});

describe('the counting and the transcription queues', () => {
  it('gives a reviewer working counting items no transcription item until they choose that queue, and counts both on the review screen', async () => {
    server = await startServer(tempDir());
    const admin = await logIn(server.url);
    const { db } = server.ctx;
    const sipas = printedForms(db, 'sipas', { caseCodes: [null, null] });
    for (const serial of sipas.serials) {
      const form = (page: number) => ({ surveyId: 'sipas', layoutHash: sipas.layoutHash, serial, page, pageCount: sipas.pageCount });
      scannedPage(db, form(1), { a1: '?', a2: ['4'] });
      scannedPage(db, form(2), { overall: '?', comment: 'handwriting' });
    }
    const reviewer = await userWithRole(server.url, admin, 'reviewer');
    expect((await reviewer.agent.get('/api/review/stats').expect(200)).body).toEqual({ forms: 2, open: { counting: 4, transcription: 2 }, byReason: { marginalMark: 4, handwriting: 2 }, keptAsImages: 0 });

    const counting = await claim(reviewer, { count: 10 });
    expect(counting.map((i) => i.questionId).sort()).toEqual(['a1', 'a1', 'overall', 'overall']);
    expect(await claim(reviewer, { count: 10, exclude: counting.map((i) => i.id) })).toEqual([]);
    for (const item of counting) await decideItem(reviewer, item.id, ['4']).expect(200);
    // Nothing counting-critical is left: the counting queue is empty though two comments wait.
    expect(await claim(reviewer, { count: 10 })).toEqual([]);

    const transcription = await claim(reviewer, { count: 10, reviewQueue: 'transcription' });
    expect(transcription.map((i) => [i.questionId, i.queue])).toEqual([
      ['comment', 'transcription'],
      ['comment', 'transcription'],
    ]);
    await decideItem(reviewer, transcription[0].id, 'Cần thêm ghế chờ').expect(200);
    expect((await reviewer.agent.get('/api/review/stats').expect(200)).body.open).toEqual({ counting: 0, transcription: 1 });
  });
});
