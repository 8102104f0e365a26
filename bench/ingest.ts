import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestFiles } from '../src/ingest/ingestFiles.js';
import { loadOrCreateSecret } from '../src/io/secret.js';
import { loadSurveyDefinition } from '../src/io/surveyFiles.js';
import { layoutForm } from '../src/layout/layoutForm.js';
import type { FormLayout } from '../src/layout/types.js';
import { compareWithTruth } from '../src/scangen/judge.js';
import { mnistDigits } from '../src/scangen/mnist.js';
import { loadMnistTestSplit } from '../src/scangen/mnistFiles.js';
import { writeScanBatch, type BatchTruth, type FormToFill } from '../src/scangen/scanBatch.js';
import { storedPages } from '../src/scangen/storedPages.js';
import { openDatabase } from '../src/store/db.js';
import { createPrintRun, saveLayout } from '../src/store/printRuns.js';
import { peakRssMb, runIfMain, type Figures } from './harness.js';

/**
 * End-to-end ingest with storage on all cores: a ~2,000-page stack of filled-in SIPAS, one-stop and quick forms from
 * the scan generator (PDF of JPEG pages, multi-page G4 TIFF at 200 and 300 dpi, single JPEGs; skew, scale,
 * perspective, blur, noise, specks, folds, upside-down sheets, photocopies, blank pages), checked against its truth.
 * The batch is made in a process of its own, so the peak memory reported is the ingest's alone.
 */
export async function benchIngest(pages = Number(process.env.BENCH_INGEST_PAGES ?? 2_000)): Promise<Figures> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'phieu-bench-ingest-'));
  const made = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--generate', root, String(pages)], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (made.status !== 0) throw new Error('generating the batch failed');
  const generationSeconds = Number(made.stdout.trim());
  const dataDir = path.join(root, 'data');
  const scanDir = path.join(root, 'scans');
  const truth = JSON.parse(fs.readFileSync(path.join(scanDir, 'truth.json'), 'utf8')) as BatchTruth;
  const db = openDatabase(dataDir);
  const started = performance.now();
  const summary = await ingestFiles(truth.files.map((f) => path.join(scanDir, f.name)), { db, dataDir, source: 'cli' });
  const seconds = (performance.now() - started) / 1000;
  const rssMb = peakRssMb();
  const check = compareWithTruth(truth, storedPages(db));
  const dbBytes = fs.statSync(path.join(dataDir, 'phieu.sqlite')).size;
  db.close();
  const scanBytes = truth.files.reduce((n, f) => n + fs.statSync(path.join(scanDir, f.name)).size, 0);
  fs.rmSync(root, { recursive: true, force: true });
  return {
    'ingest: pages (files)': `${summary.pages} (${truth.files.length})`,
    'ingest: outcomes': Object.entries(summary.outcomes).map(([k, v]) => `${k} ${v}`).join(', '),
    'ingest: pages whose outcome, serial or page differ from the truth': check.misplaced.length,
    'ingest: box questions wrong and not sent to review': check.choices.wrongSilent,
    'ingest: firm box questions sent to review': `${((100 * check.firmReviewed) / Math.max(1, check.firmChoices)).toFixed(2)} %`,
    'ingest: pages needing review (any field, incl. handwriting)': summary.needingReview,
    'ingest: seconds (all cores, with storage)': Number(seconds.toFixed(1)),
    'ingest: pages/s (all cores)': Number((summary.pages / seconds).toFixed(1)),
    'ingest: scan files MB / database MB': `${(scanBytes / 1048576).toFixed(0)} / ${(dbBytes / 1048576).toFixed(0)}`,
    'ingest: peak RSS MB (main + page workers)': rssMb,
    'ingest: (generating the batch took, s)': Number(generationSeconds.toFixed(1)),
    ...(check.misplaced.length + check.wrongSilent.length ? { 'ingest: problems': [...check.misplaced, ...check.wrongSilent].slice(0, 20).join(' | ') } : {}),
  };
}

/** Prints the forms into `root/data` (recording their serials) and writes the batch and its truth into `root/scans`. */
async function generateBatch(root: string, pages: number): Promise<number> {
  const dataDir = path.join(root, 'data');
  const secret = loadOrCreateSecret(dataDir);
  const db = openDatabase(dataDir);
  const layouts = ['sipas', 'one-stop', 'quick'].map((id) => {
    const survey = loadSurveyDefinition(id);
    const layout = layoutForm(survey);
    saveLayout(db, survey, layout);
    return layout;
  });
  const blankPages = 6;
  const photocopied = 4;
  // Half the pages two-page SIPAS forms, the rest one-stop and quick forms (their digit combs carry MNIST digits).
  const plan: FormLayout[] = [];
  for (let budget = pages - blankPages - photocopied * 2; budget > 0; ) {
    const layout = plan.length % 4 < 2 && budget >= 2 ? layouts[0] : layouts[1 + (plan.length % 2)];
    plan.push(layout);
    budget -= layout.pages.length;
  }
  const serials = new Map(
    layouts.map((layout) => {
      const count = plan.filter((l) => l === layout).length;
      return [layout, createPrintRun(db, { layoutHash: layout.hash, surveyId: layout.surveyId, kind: 'blank', caseCodes: Array(count).fill(null) }).serials];
    }),
  );
  db.close();
  const forms: FormToFill[] = plan.map((layout) => ({ layout, serial: serials.get(layout)!.shift()! }));
  const started = performance.now();
  await writeScanBatch(path.join(root, 'scans'), {
    seed: 'bench-ingest',
    secret,
    forms,
    photocopies: forms.filter((f) => f.layout.surveyId === 'sipas').slice(0, photocopied).map((f) => f.serial),
    blankPages,
    profiles: [
      { container: 'pdf', encoding: 'jpeg', dpi: 300, pagesPerFile: 10 },
      { container: 'tiff', encoding: 'g4', dpi: 300, pagesPerFile: 10 },
      { container: 'tiff', encoding: 'g4', dpi: 200, pagesPerFile: 10 },
      { container: 'jpeg', encoding: 'jpeg', dpi: 300, pagesPerFile: 1 },
    ],
    digits: mnistDigits(loadMnistTestSplit()),
    printing: 'stamp',
  });
  return (performance.now() - started) / 1000;
}

const generate = process.argv.indexOf('--generate');
if (generate > 0) {
  generateBatch(process.argv[generate + 1], Number(process.argv[generate + 2])).then((seconds) => process.stdout.write(`${seconds}\n`));
} else runIfMain(import.meta, () => benchIngest());
