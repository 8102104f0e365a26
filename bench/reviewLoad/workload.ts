import fs from 'node:fs';
import path from 'node:path';
import { ingestFiles, type IngestSummary } from '../../src/ingest/ingestFiles.js';
import { loadOrCreateSecret } from '../../src/io/secret.js';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import type { FormLayout } from '../../src/layout/types.js';
import { seededRandom } from '../../src/sampling/random.js';
import type { StoredPage } from '../../tools/scangen/judge.js';
import { fontDigits } from '../../src/demo/handwriting.js';
import { mnistDigits } from '../../tools/scangen/mnist.js';
import { loadMnistTestSplit } from '../../tools/scangen/mnistFiles.js';
import type { Habits } from '../../src/demo/respondent.js';
import { writeScanBatch, type BatchTruth, type FormToFill, type ScanBatchOptions } from '../../tools/scangen/scanBatch.js';
import { storedPages, storedReviewItems, type StoredReviewItem } from '../../tools/scangen/storedPages.js';
import { openDatabase } from '../../src/store/db.js';
import { officeCodeOf } from '../../src/sampling/offices.js';
import { createPrintRun, saveLayout } from '../../src/store/printRuns.js';
import { manyWriters } from './writers.js';

export const SURVEYS = ['sipas', 'one-stop', 'quick'] as const;

/**
 * Respondents as they are, not as a stress test (REVIEW-LOAD.md): a firm pen cross or tick on 92 % of questions, 4 %
 * left blank, and a few doubtful marks, each 0.5–1.5 % of questions: a corrected box, a stroke ending on a neighbour's
 * border, two answers, a light pencil cross, a pen resting on a box. The generator's EVERYDAY_HABITS (5 % two answers,
 * 6 % pencil) put about one double answer on every SIPAS form, which no reader may settle: a robustness setting.
 */
export const REALISTIC_HABITS: Habits = { x: 0.67, tick: 0.25, none: 0.04, cancelThenMark: 0.015, borderStroke: 0.01, twoAnswers: 0.01, pencil: 0.01, dot: 0.005, scaleLean: 0.5 };

/** 5 % of digit and name fields left empty, a comment on a quarter of the forms, 20 % of text in capitals. */
export const REALISTIC_WRITING: NonNullable<ScanBatchOptions['writing']> = { skipWriting: 0.05, printedText: 0.2, commentShare: 0.25 };

/** The office every form of the stack was printed for and handed out at, as its register names it (and the forms print it). */
export const OFFICE_NAME = 'UBND phường Phú Hội';

/** Days in the round's period (the draw's), ending on the scan day: one-stop forms are filled in and dated in it. */
export const ROUND_DAYS = 30;

/** The round's period: the `ROUND_DAYS` up to the day the stack is scanned (today, in UTC), ISO dates inclusive. */
export function roundPeriod(scanDay = new Date()): { from: string; to: string } {
  const to = scanDay.toISOString().slice(0, 10);
  return { from: new Date(Date.parse(`${to}T00:00:00Z`) - (ROUND_DAYS - 1) * 86_400_000).toISOString().slice(0, 10), to };
}

/** An office scanner: half the files 300-dpi greyscale (PDF of JPEG pages), half 200-dpi bilevel (G4 TIFF). */
export const REALISTIC_PROFILES: ScanBatchOptions['profiles'] = [
  { container: 'pdf', encoding: 'jpeg', dpi: 300, pagesPerFile: 4 },
  { container: 'tiff', encoding: 'g4', dpi: 200, pagesPerFile: 4 },
];

export interface Workload {
  dataDir: string;
  scanDir: string;
  truth: BatchTruth;
  /** The three surveys' layouts by hash. */
  layouts: Map<string, FormLayout>;
  /** The round's period the forms were dated in (and the register's cases returned in). */
  period: { from: string; to: string };
}

/**
 * A stack of forms of all three surveys in equal numbers, printed for one office into `root/data` (serials recorded)
 * and filled in during the round's period and scanned into `root/scans` with its truth. Deterministic for a seed and
 * a scan day.
 */
export async function makeWorkload(root: string, forms: number, seed = 'review-load'): Promise<Workload> {
  const dataDir = path.join(root, 'data');
  const scanDir = path.join(root, 'scans');
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = loadOrCreateSecret(dataDir);
  const db = openDatabase(dataDir);
  const layouts = SURVEYS.map((id) => {
    const survey = loadSurveyDefinition(id);
    const layout = layoutForm(survey);
    saveLayout(db, survey, layout);
    return layout;
  });
  const plan = Array.from({ length: forms }, (_, i) => layouts[i % layouts.length]);
  const serials = new Map(
    layouts.map((layout) => {
      const count = plan.filter((l) => l === layout).length;
      const run = { layoutHash: layout.hash, surveyId: layout.surveyId, kind: 'blank' as const, officeCode: officeCodeOf(OFFICE_NAME), caseCodes: Array(count).fill(null) };
      return [layout, count ? createPrintRun(db, run).serials : []];
    }),
  );
  db.close();
  const period = roundPeriod();
  const toFill: FormToFill[] = plan.map((layout) => ({ layout, serial: serials.get(layout)!.shift()! }));
  const truth = await writeScanBatch(scanDir, {
    seed,
    secret,
    forms: toFill,
    profiles: REALISTIC_PROFILES,
    habits: REALISTIC_HABITS,
    writing: { ...REALISTIC_WRITING, dates: period },
    digits: manyWriters(mnistDigits(loadMnistTestSplit()), await fontDigits(seededRandom(`${seed}/font`))),
    upsideDownShare: 0.05,
    foldShare: 0.05,
    blurShare: 0.2,
    noiseShare: 0.2,
    printing: 'stamp',
  });
  return { dataDir, scanDir, truth, layouts: new Map(layouts.map((l) => [l.hash, l])), period };
}

/** The digits written in a question's comb on every form of the stack, in page order (blank combs left out). */
export function writtenDigits(workload: Workload, questionId: string): string[] {
  return workload.truth.pages.flatMap((p) => p.answers?.digits.filter((d) => d.questionId === questionId && d.digits) ?? []).map((d) => d.digits);
}

export interface IngestedWorkload {
  summary: IngestSummary;
  pages: StoredPage[];
  items: StoredReviewItem[];
}

/** The workload through the real ingest (page workers, OCR, storage), and what it stored. */
export async function ingestWorkload(workload: Workload): Promise<IngestedWorkload> {
  const db = openDatabase(workload.dataDir);
  try {
    const files = workload.truth.files.map((f) => path.join(workload.scanDir, f.name));
    const summary = await ingestFiles(files, { db, dataDir: workload.dataDir, source: 'cli' });
    return { summary, pages: storedPages(db), items: storedReviewItems(db) };
  } finally {
    db.close();
  }
}
