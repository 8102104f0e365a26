import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/recognize/settings.js';
import { applyMarkCut, calibrateMarkBatch, markBatchView } from '../../src/ingest/markCuts.js';
import { decide } from '../../src/review/queue.js';
import { seededRandom } from '../../src/sampling/random.js';
import { effectiveAnswers } from '../../src/store/answers.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { markBatchFor } from '../../src/store/markCuts.js';
import { printedForms, scannedPage } from '../results/paperForms.js';
import { scannedBatch } from '../support/markBatch.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
const s = DEFAULT_SETTINGS.checkbox;

const openItems = (db: Db) => (db.prepare(`SELECT COUNT(*) AS n FROM review_items WHERE status = 'open' AND question_id IS NOT NULL`).get() as { n: number }).n;
const boxAnswers = (db: Db) => effectiveAnswers(db, { surveyId: 'sipas' }).filter((a) => a.scores);

describe('mark cuts set per batch', () => {
  it('gives a batch whose empty boxes are all darker a cut that reads them empty and its marks marked, and settles its items', () => {
    const db = openDatabase(tempDir());
    const random = seededRandom('grey paper');
    const { batch, truth, questions, forms } = scannedBatch(db, 12, () => 0.045 + 0.015 * random(), 'grey');
    // Read under the default cut, every question of the batch waits for a person.
    expect(openItems(db)).toBe(questions * forms);

    const calibration = calibrateMarkBatch(db, batch);
    expect(calibration.outcome).toBe('calibrated');
    expect(calibration.cut.emptyBelow).toBeLessThanOrEqual(0.08);
    expect(calibration.cut.markedFrom).toBeLessThanOrEqual(0.16);
    expect(openItems(db)).toBe(0);
    const answers = boxAnswers(db);
    expect(answers).toHaveLength(questions * forms);
    expect(answers.filter((a) => JSON.stringify(a.value) !== JSON.stringify([truth.get(`${a.serial}/${a.questionId}`)]))).toEqual([]);
    const audited = db.prepare(`SELECT actor, detail_json FROM audit_events WHERE action = 'markCut'`).all() as { actor: string; detail_json: string }[];
    expect(audited).toHaveLength(1);
    expect(JSON.parse(audited[0].detail_json)).toMatchObject({ batch, source: 'auto', to: calibration.cut, accepted: questions * forms });
  });

  it('keeps the default for a batch with an ambiguous spread of scores, and its doubtful boxes stay with people', () => {
    const db = openDatabase(tempDir());
    const random = seededRandom('smear');
    const { batch } = scannedBatch(db, 12, () => 0.12 * random(), 'smear');
    const before = openItems(db);
    expect(before).toBeGreaterThan(0);
    expect(calibrateMarkBatch(db, batch).outcome).toBe('ambiguous');
    expect(openItems(db)).toBe(before);
    expect(db.prepare('SELECT COUNT(*) AS n FROM mark_cuts').get()).toEqual({ n: 0 });
  });

  it("counts in the what-if view what a cut would send to a person and accept, as a count of the batch's boxes one by one says", () => {
    const db = openDatabase(tempDir());
    const random = seededRandom('what if');
    const { batch, questions, forms } = scannedBatch(db, 8, () => 0.07 * random(), 'whatif');
    const cut = { emptyBelow: 0.05, markedFrom: 0.12 };
    const [effect] = markBatchView(db, batch, [cut]).whatIf;

    // Counted independently: each stored box against the cut's two lines (marks are crosses, spread across the box).
    const rows = db.prepare(`SELECT read_json FROM pages WHERE outcome = 'read'`).all() as { read_json: string }[];
    const boxes = { empty: 0, marginal: 0, marked: 0 };
    let review = 0;
    let openNow = 0;
    for (const row of rows) {
      for (const field of JSON.parse(row.read_json).fields as { reasons: string[]; boxes: { score: number }[] }[]) {
        const states = field.boxes.map((b) => (b.score < cut.emptyBelow ? 'empty' : b.score >= cut.markedFrom * (1 + s.doubtMargin) ? 'marked' : 'marginal'));
        for (const state of states) boxes[state]++;
        const doubt = states.includes('marginal') || states.filter((x) => x === 'marked').length > 1;
        if (doubt) review++;
        if (field.reasons.length && !doubt) openNow++;
      }
    }
    expect(effect.boxes).toEqual({ ...boxes, cancelled: 0 });
    expect(effect.questions).toEqual({ review, accepted: questions * forms - review });
    expect(effect.changes.accepted).toBe(openNow);
    expect(openNow).toBeGreaterThan(0);
  });

  it("applies a supervisor's cut with an audit row, decides the batch's items again, and leaves alone what a person decided", () => {
    const db = openDatabase(tempDir());
    const random = seededRandom('supervisor');
    const { batch } = scannedBatch(db, 8, () => 0.07 * random(), 'apply');
    const doubtful = db.prepare(`SELECT id, serial, question_id FROM review_items WHERE status = 'open' ORDER BY id`).all() as { id: number; serial: number; question_id: string }[];
    // A person decides the first doubtful question before the cut changes.
    decide(db, { itemId: doubtful[0].id, actor: 'nhaplieu', supervisor: true, value: [] });
    const cut = { emptyBelow: 0.075, markedFrom: 0.12 };
    const [expected] = markBatchView(db, batch, [cut]).whatIf;
    expect(expected.changes.accepted).toBeGreaterThan(0);

    const effect = applyMarkCut(db, { batch, cut, actor: 'giamsat', source: 'supervisor' });
    expect(effect).toEqual(expected);
    expect(openItems(db)).toBe(doubtful.length - 1 - expected.changes.accepted + expected.changes.toReview);
    const audit = db.prepare(`SELECT actor, detail_json FROM audit_events WHERE action = 'markCut'`).get() as { actor: string; detail_json: string };
    expect(audit.actor).toBe('giamsat');
    expect(JSON.parse(audit.detail_json)).toMatchObject({ batch, source: 'supervisor', from: { emptyBelow: s.emptyBelow, markedFrom: s.markedFrom }, to: cut });
    expect(markBatchView(db, batch).batch.cut).toMatchObject({ ...cut, source: 'supervisor', setBy: 'giamsat' });
    // The person's answer stands.
    const mine = boxAnswers(db).find((a) => a.serial === doubtful[0].serial && a.questionId === doubtful[0].question_id)!;
    expect(mine.value).toEqual([]);

    // Back to the default: what the cut settled waits for a person again.
    const back = applyMarkCut(db, { batch, cut: { emptyBelow: s.emptyBelow, markedFrom: s.markedFrom }, actor: 'giamsat', source: 'supervisor' });
    expect(back.changes.toReview).toBe(expected.changes.accepted);
    expect(openItems(db)).toBe(doubtful.length - 1);
  });

  it('refuses a cut outside the safe bounds and changes nothing', () => {
    const db = openDatabase(tempDir());
    const { batch } = scannedBatch(db, 2, () => 0.01, 'bounds');
    expect(() => applyMarkCut(db, { batch, cut: { emptyBelow: 0.2, markedFrom: 0.3 }, actor: 'giamsat', source: 'supervisor' })).toThrow(/Ngưỡng ô trống/);
    expect(db.prepare('SELECT COUNT(*) AS n FROM mark_cuts').get()).toEqual({ n: 0 });
  });

  it("decides pages read into a batch later under the batch's cut: its own, or the one a supervisor set", () => {
    const db = openDatabase(tempDir());
    const random = seededRandom('later pages');
    const grey = () => 0.045 + 0.015 * random();
    const { batch, questions } = scannedBatch(db, 10, grey, 'first');
    const own = calibrateMarkBatch(db, batch).cut;
    expect(openItems(db)).toBe(0);
    // The next upload of the same batch, read under the default cut: every question waits, until the batch decides it.
    expect(scannedBatch(db, 2, grey, 'second').batch).toBe(batch);
    expect(openItems(db)).toBe(2 * questions);
    calibrateMarkBatch(db, batch);
    expect(openItems(db)).toBe(0);
    expect(db.prepare('SELECT empty_below AS emptyBelow, marked_from AS markedFrom FROM mark_cuts').all()).toEqual([own]);

    const chosen = { emptyBelow: 0.08, markedFrom: 0.14 };
    applyMarkCut(db, { batch, cut: chosen, actor: 'giamsat', source: 'supervisor' });
    scannedBatch(db, 2, grey, 'third');
    calibrateMarkBatch(db, batch);
    expect(markBatchView(db, batch).batch.cut).toMatchObject({ ...chosen, source: 'supervisor', setBy: 'giamsat' });
    expect(openItems(db)).toBe(0);
  });

  it('leaves alone a box question stored without the ink of its boxes: nothing to decide it again from', () => {
    const db = openDatabase(tempDir());
    const sipas = printedForms(db, 'sipas', { caseCodes: [null] });
    scannedPage(db, { surveyId: 'sipas', layoutHash: sipas.layoutHash, serial: sipas.serials[0], page: 1, pageCount: sipas.pageCount }, { a1: '?' });
    const batch = markBatchFor(db, 'Lô cũ');
    db.prepare('UPDATE scan_files SET mark_batch = ?').run(batch);
    applyMarkCut(db, { batch, cut: { emptyBelow: 0.08, markedFrom: 0.14 }, actor: 'giamsat', source: 'supervisor' });
    expect(openItems(db)).toBe(1);
  });
});
