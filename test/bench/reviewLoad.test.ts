import { describe, expect, it } from 'vitest';
import { keystrokes, reviewLoad } from '../../bench/reviewLoad/count.js';
import type { FieldRead } from '../../src/recognize/readPage.js';
import { ingestWorkload, makeWorkload } from '../../bench/reviewLoad/workload.js';
import { contextEffect, importFieldContext, resultOutcomes } from '../../bench/reviewLoad/context.js';
import { importWrittenRegister } from '../../bench/reviewLoad/register.js';
import { electronicResponses } from '../../src/report/resultsReport.js';
import { openDatabase } from '../../src/store/db.js';
import { staffList } from '../../src/store/results.js';
import type { StoredPage } from '../../tools/scangen/judge.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

describe('the review-load bench', () => {
  it('counts every review item of six realistic forms against a field of its page and the truth, and finds a mark or a digit field corrupted in silence', { timeout: 300_000 }, async () => {
    const workload = await makeWorkload(tempDir(), 6, 'review-load test');
    const ingested = await ingestWorkload(workload);
    const load = reviewLoad(workload.truth, workload.layouts, ingested.pages, ingested.items);

    expect(load.forms).toBe(6);
    expect(load.strayItems).toEqual([]);
    expect(load.misplaced).toEqual([]);
    // Every item ingest made is counted once, in one queue and under one kind.
    const counted = load.items.counting + load.items.transcription;
    expect(counted).toBe(ingested.items.length);
    expect(Object.values(load.itemsByKind).reduce((a, b) => a + b, 0)).toBe(counted);
    // Each field read in doubt made one item, and each item is one such field (page items aside).
    const doubtful = ingested.pages.flatMap((p) => (p.read.kind === 'read' && p.outcome === 'read' ? p.read.fields.filter((f) => f.reasons.length).map((f) => `${p.file}#${p.pageIndex}/${f.questionId}`) : []));
    const fieldItems = ingested.items.filter((i) => i.questionId !== null).map((i) => `${i.file}#${i.pageIndex}/${i.questionId}`);
    expect(fieldItems.sort()).toEqual(doubtful.sort());
    // The shipped surveys keep what respondents write as images only: no zone written in is anyone's work, and each
    // is counted as kept (none read as empty).
    const written = workload.truth.pages.flatMap((p) => (p.answers?.texts ?? []).map((t) => `${p.file}#${p.pageIndex}/${t.questionId}`));
    expect(written.length).toBeGreaterThan(0);
    expect(fieldItems.filter((item) => written.includes(item))).toEqual([]);
    // What is left to type is phones and case codes waiting without holding a count up, each counted once.
    expect(load.items.transcription).toBe(load.waitingToType.phone.total + load.waitingToType.caseCode.total);
    expect(load.textsLost).toEqual([]);
    expect(load.keptAsImages.zones).toBe(written.length);
    // One-stop forms carry a phone and a date, quick forms a case code: two of each survey.
    expect(load.digitFields.total).toBe(6);
    expect(Object.fromEntries(Object.entries(load.digitFieldsByKind).map(([kind, k]) => [kind, k.total]))).toEqual({ phone: 2, date: 2, caseCode: 2 });
    const byKind = Object.values(load.digitFieldsByKind);
    expect(byKind.reduce((sum, k) => sum + k.reviewed, 0)).toBe(load.digitFields.reviewed);
    expect(byKind.reduce((sum, k) => sum + Object.values(k.settledBy).reduce((a, b) => a + b, 0), 0)).toBe(load.digitFields.accepted);

    // A box question read wrong and accepted, and a digit field accepted with digits never written: both are found.
    const corrupted = structuredClone(ingested.pages) as StoredPage[];
    const rightChoices = corrupted.flatMap((page) => {
      const answers = workload.truth.pages.find((t) => t.file === page.file && t.pageIndex === page.pageIndex)?.answers?.choices ?? [];
      const fields = page.read.kind === 'read' ? page.read.fields : [];
      return fields.flatMap((f) => ('boxes' in f && !f.reasons.length && answers.some((a) => a.questionId === f.questionId && a.silentReads.length === 1 && a.silentReads[0].join() === f.value.join() && f.value.length === 1) ? [f] : []));
    });
    const choice = rightChoices[0];
    if (!choice || !('boxes' in choice)) throw new Error('no box question read right and accepted, to corrupt');
    choice.value = [choice.boxes.map((b) => b.code).find((c) => c !== choice.value[0])!];
    const digitPage = corrupted.find((p) => p.read.kind === 'read' && p.read.fields.some((f) => 'cells' in f))!;
    const digits = digitPage.read.kind === 'read' ? digitPage.read.fields.find((f) => 'cells' in f)! : undefined;
    if (!digits || !('cells' in digits)) throw new Error('no digit field to corrupt');
    digits.value = '0000000000';
    digits.reasons = [];

    const after = reviewLoad(workload.truth, workload.layouts, corrupted, ingested.items);
    expect(after.wrongSilent.marks.length).toBe(load.wrongSilent.marks.length + 1);
    expect(after.wrongSilent.marks.some((w) => w.includes(choice.questionId))).toBe(true);
    expect(after.wrongSilent.digits.filter((w) => w.includes(`${digitPage.file} page ${digitPage.pageIndex + 1} ${digits.questionId}`))).toHaveLength(1);
    expect(after.digitFields.acceptedWrong).toBe(load.digitFields.acceptedWrong + 1);
  });

  it('imports the field context before the scans, and holds a doubtful case code one of whose readings a kiosk answered in the counting queue rather than waiting to be typed', { timeout: 300_000 }, async () => {
    const workload = await makeWorkload(tempDir(), 6, 'review-load context test');
    const register = await importWrittenRegister(workload);
    const db = openDatabase(workload.dataDir);
    try {
      // Every case of the register answered on the kiosk: whatever the quick forms' codes may read, the case is answered.
      const context = await importFieldContext(db, workload, { cases: register.registerCases, repeatCases: register.repeatCases }, { kioskShare: 1 });
      expect(context.kioskAnswers).toBe(register.registerCases.length);
      expect(electronicResponses(db, 'quick')).toHaveLength(register.registerCases.length);
      expect(electronicResponses(db, 'sipas')).toHaveLength(register.repeatCases.length);
      expect(staffList(db).phones.size).toBe(context.staff);
    } finally {
      db.close();
    }

    const ingested = await ingestWorkload(workload);
    const doubtfulCodes = ingested.pages.flatMap((p) => (p.read.kind === 'read' ? p.read.fields.filter((f) => 'format' in f && f.format === 'caseCode' && f.reasons.includes('doubtfulDigit')).map((f) => ({ page: p, field: f })) : []));
    expect(doubtfulCodes.length).toBeGreaterThan(0);
    for (const { page, field } of doubtfulCodes) {
      expect('caseReadings' in field && field.caseReadings).toBeFalsy();
      expect(ingested.items.filter((i) => i.file === page.file && i.pageIndex === page.pageIndex && i.questionId === field.questionId).map((i) => i.queue)).toEqual(['counting']);
    }
    const stored = openDatabase(workload.dataDir);
    try {
      const effect = contextEffect(stored, ingested.pages);
      // Weighed with no case answered, at least one of them would have waited to be typed.
      expect(effect.waiting.caseCode).toBe(0);
      expect(effect.held.caseCode).toBeGreaterThan(0);
      // Unreviewed, a quick form with a code in doubt is pending, never counted.
      expect(resultOutcomes(stored).bySurvey.quick.paper.pendingReview).toBeGreaterThanOrEqual(doubtfulCodes.length);
    } finally {
      stored.close();
    }
  });

  it('counts a digit field whose first offered value is the written one as Enter alone, a later one as a key to pick it and Enter, and one not offered as Tab and typed in full', () => {
    const truth = { questionId: 'case_code', digits: '460125003811', mnistIndexes: [] };
    const read = (candidates?: string[]): FieldRead => ({ questionId: 'case_code', kind: 'digits', value: '460125003817', cells: [], confidence: 0.9, reasons: ['doubtfulDigit'], format: 'caseCode', ...(candidates ? { candidates } : {}) }) as FieldRead;
    expect(keystrokes('digits', truth, read(['460125003817', '460125.00.3811']))).toBe(2);
    expect(keystrokes('digits', truth, read(['460125003817', '460125003810']))).toBe(14);
    expect(keystrokes('digits', truth, read())).toBe(13);
    expect(keystrokes('digits', { ...truth, digits: '460125003817' }, read(['460125003817']))).toBe(1);
    // The register's likeliest code is the written one though the machine's own digits are not: Enter takes it.
    expect(keystrokes('digits', truth, read(['460125.00.3811', '460125003817']))).toBe(1);
  });

  it('counts a doubtful digit put right as one key each up to the last wrong one, and Enter; a wrong digit the reader was sure of as the field typed in full', () => {
    const cells = (digits: string, doubtful: number[]) => [...digits].map((digit, i) => ({ state: 'written' as const, digit, confidence: doubtful.includes(i) ? 0.6 : 0.999 }));
    const phone = (value: string, doubtful: number[]): FieldRead => ({ questionId: 'phone', kind: 'digits', value, cells: cells(value, doubtful), confidence: 0.6, reasons: ['doubtfulDigit'], format: 'phone' });
    const truth = { questionId: 'phone', digits: '0368127358', mnistIndexes: [] };
    expect(keystrokes('digits', truth, phone('0360127350', [3, 9]))).toBe(3);
    expect(keystrokes('digits', truth, phone('0368127350', [3, 9]))).toBe(3);
    expect(keystrokes('digits', truth, phone('0360127358', [3, 9]))).toBe(2);
    expect(keystrokes('digits', truth, phone('0368127358', [3, 9]))).toBe(1);
    // The reader was sure of the 0 where an 8 was written: select all, type ten digits, Enter.
    expect(keystrokes('digits', truth, phone('0360127350', [9]))).toBe(13);
    // A number that breaks the numbering rules with no digit in doubt: the least sure one is selected.
    const leastSure = (value: string, at: number, confidence: number): FieldRead => {
      const read = phone(value, []);
      return { ...read, reasons: ['badPhone'], cells: 'cells' in read ? read.cells.map((c, i) => (i === at ? { ...c, confidence } : c)) : [] } as FieldRead;
    };
    expect(keystrokes('digits', truth, leastSure('0360127358', 3, 0.99))).toBe(2);
    expect(keystrokes('digits', truth, leastSure('0360127358', 5, 0.99))).toBe(13);
    const date: FieldRead = { questionId: 'date', kind: 'date', value: '05/08/2025', cells: cells('05082025', [3]), confidence: 0.6, reasons: ['doubtfulDigit'] };
    expect(keystrokes('digits', { questionId: 'date', digits: '05032025', mnistIndexes: [] }, date)).toBe(2);
  });

  it('counts a box question as one key picking the box and Enter, and a multiple-answer question as a key per box to toggle', () => {
    const choice = (kind: 'single' | 'multiple', value: string[]): FieldRead => ({ questionId: 'q', kind, boxes: [], value, reasons: ['multipleAnswers'] });
    const truth = (answer: string[]) => ({ questionId: 'q', marks: [], silentReads: [answer], reviewAllowed: true });
    expect(keystrokes('choice', truth(['2']), choice('single', ['2', '3']))).toBe(2);
    expect(keystrokes('choice', truth(['4']), choice('single', ['2', '3']))).toBe(2);
    expect(keystrokes('choice', truth([]), choice('single', ['2', '3']))).toBe(2);
    expect(keystrokes('choice', truth(['2']), choice('single', ['2']))).toBe(1);
    expect(keystrokes('choice', truth(['1', '4']), choice('multiple', ['1', '2']))).toBe(3);
  });
});
