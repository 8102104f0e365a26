import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/ingest/decode.js';
import { ingestFiles } from '../../src/ingest/ingestFiles.js';
import { PageWorkerPool } from '../../src/ingest/workerPool.js';
import { loadOrCreateSecret } from '../../src/io/secret.js';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import { assignPage, listPageItems, rejectPage, pagesPlacedEarlier, readPagesPlacedEarlier, rotatePage } from '../../src/review/pageItems.js';
import { claimNext, decide } from '../../src/review/queue.js';
import { judgeChoice } from '../../tools/scangen/judge.js';
import { mnistDigits } from '../../tools/scangen/mnist.js';
import { loadMnistTestSplit } from '../../tools/scangen/mnistFiles.js';
import { writeScanBatch } from '../../tools/scangen/scanBatch.js';
import { effectiveAnswers } from '../../src/store/answers.js';
import { openDatabase } from '../../src/store/db.js';
import { createPrintRun, saveLayout } from '../../src/store/printRuns.js';
import { resultsReport } from '../../src/report/resultsReport.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
const survey = loadSurveyDefinition('sipas');
const layout = layoutForm(survey);
const pools: PageWorkerPool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.close();
});

describe('pages a person places on a form', () => {
  it('are read again from the original scan with the form layout, as turned: the marks equal the truth, and the form counts once its items are resolved', async () => {
    const dataDir = tempDir();
    const scanDir = tempDir();
    const db = openDatabase(dataDir);
    saveLayout(db, survey, layout);
    const [serial] = createPrintRun(db, { layoutHash: layout.hash, surveyId: 'sipas', kind: 'blank', caseCodes: [null] }).serials;
    const truth = await writeScanBatch(scanDir, {
      seed: 'covered code',
      secret: loadOrCreateSecret(dataDir),
      forms: [{ layout, serial }],
      coveredQr: [serial],
      upsideDownShare: 0.5,
      profiles: [{ container: 'pdf', encoding: 'jpeg', dpi: 300, pagesPerFile: 2 }],
      digits: mnistDigits(loadMnistTestSplit()),
    });
    // One sheet went through the scanner upside down: the person turns it before placing it.
    expect(truth.pages.map((p) => p.scan.geometry.upsideDown).sort()).toEqual([false, true]);
    const pool = new PageWorkerPool({ dataDir, limits: DEFAULT_LIMITS }, 1);
    pools.push(pool);
    const summary = await ingestFiles(truth.files.map((f) => path.join(scanDir, f.name)), { db, dataDir, source: 'cli', pool });
    expect(summary.outcomes).toEqual({ unreadable: 2 });

    for (const item of listPageItems(db, 'open')) {
      const page = truth.pages[item.filePage - 1];
      if (page.content.kind !== 'form') throw new Error('the batch holds only form pages');
      if (page.scan.geometry.upsideDown) {
        // Placed as it came, the page is refused as upside down and stays on the page screen; turned, it goes in.
        await expect(assignPage(db, { itemId: item.id, actor: 'scanner', serial, pageNumber: page.content.page }, { dataDir, pool })).rejects.toThrow(/trang có vẻ đang bị ngược/);
        expect(listPageItems(db, 'open').map((i) => i.id)).toContain(item.id);
        rotatePage(db, { itemId: item.id, actor: 'scanner', quarterTurns: 2 });
      }
      await assignPage(db, { itemId: item.id, actor: 'scanner', serial, pageNumber: page.content.page }, { dataDir, pool });
    }
    expect(listPageItems(db, 'open')).toEqual([]);

    const answers = new Map(effectiveAnswers(db, { surveyId: 'sipas' }).map((a) => [a.questionId, a]));
    const choices = truth.pages.flatMap((p) => p.answers?.choices ?? []);
    expect(choices.length).toBe(21); // 16 scale, 4 one-answer and the wishes question
    const verdicts = choices.map((c) => {
      const answer = answers.get(c.questionId);
      return answer ? judgeChoice(c, { value: answer.value as string[], reasons: answer.reasons }) : 'missing';
    });
    expect(verdicts.filter((v) => v === 'missing' || v === 'wrongSilent')).toEqual([]);
    expect(verdicts.filter((v) => v === 'right').length).toBeGreaterThan(0.8 * choices.filter((c) => !c.reviewAllowed).length);

    const counted = () => resultsReport(db, survey).outcomes.get(`paper:${serial}`);
    // Only counting items (marks, digits) hold a form back; text waiting to be typed does not.
    const openCounting = (db.prepare("SELECT COUNT(*) AS n FROM review_items WHERE serial = ? AND status = 'open' AND queue = 'counting'").get(serial) as { n: number }).n;
    expect(counted()).toMatchObject(openCounting ? { counted: false, reason: 'pendingReview' } : { counted: true });
    const truthOf = new Map<string, unknown>([
      ...choices.map((c) => [c.questionId, c.silentReads[0] ?? []] as const),
      ...truth.pages.flatMap((p) => p.answers?.digits ?? []).map((d) => [d.questionId, d.digits] as const),
      ...truth.pages.flatMap((p) => p.answers?.texts ?? []).map((t) => [t.questionId, t.lines.join(' ')] as const),
    ]);
    for (;;) {
      const claimed = [...claimNext(db, { reviewer: 'reviewer', queue: 'open', count: 50 }), ...claimNext(db, { reviewer: 'reviewer', queue: 'open', reviewQueue: 'transcription', count: 50 })];
      if (!claimed.length) break;
      for (const itemId of claimed) {
        const { question_id: questionId } = db.prepare('SELECT question_id FROM review_items WHERE id = ?').get(itemId) as { question_id: string };
        decide(db, { itemId, actor: 'reviewer', supervisor: false, value: truthOf.get(questionId) ?? '' });
      }
    }
    expect(counted()).toEqual({ counted: true });
    db.close();
  });

  it('placed before such pages were read again, are read when asked (at server start), and their form counts', async () => {
    const dataDir = tempDir();
    const scanDir = tempDir();
    const db = openDatabase(dataDir);
    const quick = loadSurveyDefinition('quick');
    const quickLayout = layoutForm(quick);
    saveLayout(db, quick, quickLayout);
    const [serial] = createPrintRun(db, { layoutHash: quickLayout.hash, surveyId: 'quick', kind: 'blank', caseCodes: [null] }).serials;
    const truth = await writeScanBatch(scanDir, {
      seed: 'placed earlier',
      secret: loadOrCreateSecret(dataDir),
      forms: [{ layout: quickLayout, serial }],
      coveredQr: [serial],
      upsideDownShare: 0,
      profiles: [{ container: 'png', encoding: 'png', dpi: 300, pagesPerFile: 1 }],
      digits: mnistDigits(loadMnistTestSplit()),
    });
    const pool = new PageWorkerPool({ dataDir, limits: DEFAULT_LIMITS }, 1);
    pools.push(pool);
    await ingestFiles(truth.files.map((f) => path.join(scanDir, f.name)), { db, dataDir, source: 'hotFolder', pool });
    // What placing a page did before: the assignment and the item closed, the page itself never read.
    const [item] = listPageItems(db, 'open');
    db.prepare('INSERT INTO page_assignments (page_id, serial, page_number, assigned_by) VALUES (?, ?, 1, ?)').run(item.pageId, serial, 'scanner');
    db.prepare(`UPDATE review_items SET status = 'resolved' WHERE id = ?`).run(item.id);
    expect(effectiveAnswers(db, { surveyId: 'quick' })).toEqual([]);
    expect(pagesPlacedEarlier(db)).toBe(1);

    expect(await readPagesPlacedEarlier(db, { dataDir, pool })).toEqual({ read: 1, failed: 0 });
    expect(pagesPlacedEarlier(db)).toBe(0);
    const answers = new Map(effectiveAnswers(db, { surveyId: 'quick' }).map((a) => [a.questionId, a]));
    const choices = truth.pages[0].answers!.choices;
    expect(choices.map((c) => judgeChoice(c, { value: answers.get(c.questionId)!.value as string[], reasons: answers.get(c.questionId)!.reasons }))).not.toContain('wrongSilent');
    for (const itemId of claimNext(db, { reviewer: 'reviewer', queue: 'open', count: 50 })) {
      const { question_id: questionId } = db.prepare('SELECT question_id FROM review_items WHERE id = ?').get(itemId) as { question_id: string };
      const digits = truth.pages[0].answers!.digits.find((d) => d.questionId === questionId);
      decide(db, { itemId, actor: 'reviewer', supervisor: false, value: digits ? digits.digits : (choices.find((c) => c.questionId === questionId)?.silentReads[0] ?? []) });
    }
    expect(resultsReport(db, quick).outcomes.get(`paper:${serial}`)).toEqual({ counted: true });
    db.close();
  });

  it('refuses, in Vietnamese, a page that is not waiting or was already decided', () => {
    const db = openDatabase(tempDir());
    expect(() => rejectPage(db, { itemId: 4242, actor: 'scanner', reason: 'hỏng' })).toThrow('Không có trang số 4242 đang chờ xếp.');
    db.close();
  });
});
