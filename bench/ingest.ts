import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IngestSummary } from '../src/ingest/ingestFiles.js';
import { loadOrCreateSecret } from '../src/io/secret.js';
import { TUNED_MALLOC } from '../src/runtime/tunedMalloc.js';
import { loadSurveyDefinition } from '../src/io/surveyFiles.js';
import { layoutForm } from '../src/layout/layoutForm.js';
import type { FormLayout } from '../src/layout/types.js';
import { compareWithTruth } from '../tools/scangen/judge.js';
import { mnistDigits } from '../tools/scangen/mnist.js';
import { loadMnistTestSplit } from '../tools/scangen/mnistFiles.js';
import { writeScanBatch, type BatchTruth, type FormToFill, type ScanProfile } from '../tools/scangen/scanBatch.js';
import { storedPages } from '../tools/scangen/storedPages.js';
import { openDatabase } from '../src/store/db.js';
import { createPrintRun, saveLayout } from '../src/store/printRuns.js';
import { followPeakMemory, runIfMain, type Figures } from './harness.js';

/**
 * End-to-end ingest with storage on all cores: a ~2,000-page stack of filled-in SIPAS, one-stop and quick forms from
 * the scan generator (PDF of JPEG pages, multi-page G4 TIFF at 200 and 300 dpi, single JPEGs; skew, scale,
 * perspective, blur, noise, specks, folds, upside-down sheets, photocopies, blank pages), checked against its truth.
 * Then one smaller batch per kind of input (BENCH_INGEST_KIND_PAGES pages each), for its speed and memory alone.
 *
 * Each batch is made in a process of its own. Each ingest is `phieu scan` as an operator runs it, with no MALLOC_*
 * variable set, and its peak memory is the high-water marks of phieu and the child it reads pages in (main thread,
 * page workers and OCR engine together; src/runtime/tunedMalloc.ts). The mixed batch is also ingested with the
 * tuned malloc set from outside (one process), for comparison. BENCH_INGEST_PAGES=0 leaves the mixed batch out.
 */

const MIXED: ScanProfile[] = [
  { container: 'pdf', encoding: 'jpeg', dpi: 300, pagesPerFile: 10 },
  { container: 'tiff', encoding: 'g4', dpi: 300, pagesPerFile: 10 },
  { container: 'tiff', encoding: 'g4', dpi: 200, pagesPerFile: 10 },
  { container: 'jpeg', encoding: 'jpeg', dpi: 300, pagesPerFile: 1 },
];

/** The kinds of input scanners and copiers write, each made into a batch of its own. */
const KINDS: Record<string, ScanProfile[]> = {
  'JPEG PDF': [{ container: 'pdf', encoding: 'jpeg', dpi: 300, pagesPerFile: 10 }],
  'CCITT PDF': [
    { container: 'pdf', encoding: 'g4', dpi: 300, pagesPerFile: 10 },
    { container: 'pdf', encoding: 'g4', dpi: 300, pagesPerFile: 10, polarity: 'blackIs1' },
  ],
  // Grey with PNG predictors (a PNG copied into a PDF), RGB as pdf-lib (@cantoo/pdf-lib) writes it, bilevel: the heaviest is RGB.
  'Flate PDF': [
    { container: 'pdf', encoding: 'png', dpi: 300, pagesPerFile: 10, flate: { colour: 'gray', predictor: 15 } },
    { container: 'pdf', encoding: 'png', dpi: 300, pagesPerFile: 10, flate: { colour: 'rgb' } },
    { container: 'pdf', encoding: 'png', dpi: 300, pagesPerFile: 10, flate: { colour: 'bilevel', predictor: 15 } },
  ],
  'TIFF G4': [{ container: 'tiff', encoding: 'g4', dpi: 300, pagesPerFile: 10 }],
  'JPEG files': [{ container: 'jpeg', encoding: 'jpeg', dpi: 300, pagesPerFile: 1 }],
};

interface IngestRun {
  pages: number;
  outcomes: Record<string, number>;
  needingReview: number;
  seconds: number;
  peakRssMb: number;
  misplaced: string[];
  wrongSilent: string[];
  firmChoices: number;
  firmReviewed: number;
}

export async function benchIngest(pages = Number(process.env.BENCH_INGEST_PAGES ?? 2_000), kindPages = Number(process.env.BENCH_INGEST_KIND_PAGES ?? 200)): Promise<Figures> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'phieu-bench-ingest-'));
  try {
    const figures: Figures = pages > 0 ? await mixedBatch(path.join(root, 'mixed'), pages) : {};
    // BENCH_INGEST_KINDS="Flate PDF,TIFF G4" measures only those kinds.
    const only = process.env.BENCH_INGEST_KINDS?.split(',').map((k) => k.trim());
    for (const [kind, profiles] of Object.entries(KINDS)) {
      if (kindPages <= 0) break;
      if (only && !only.includes(kind)) continue;
      const dir = path.join(root, kind.replace(/\W+/g, '-'));
      generateInChild(dir, kindPages, profiles);
      const run = await scanWithCli(path.join(dir, 'data'), path.join(dir, 'scans'));
      const problems = [...run.misplaced, ...run.wrongSilent];
      figures[`ingest ${kind}: pages/s, peak RSS MB (no MALLOC_* variables set)`] = `${(run.pages / run.seconds).toFixed(1)} pages/s, ${run.peakRssMb} MB (${run.pages} pages)`;
      if (problems.length) figures[`ingest ${kind}: problems`] = problems.slice(0, 10).join(' | ');
    }
    return figures;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function mixedBatch(root: string, pages: number): Promise<Figures> {
  const generationSeconds = generateInChild(root, pages, MIXED);
  fs.cpSync(path.join(root, 'data'), path.join(root, 'data-tuned'), { recursive: true });
  const plain = await scanWithCli(path.join(root, 'data'), path.join(root, 'scans'));
  const tuned = await scanWithCli(path.join(root, 'data-tuned'), path.join(root, 'scans'), TUNED_MALLOC);
  const truth = JSON.parse(fs.readFileSync(path.join(root, 'scans', 'truth.json'), 'utf8')) as BatchTruth;
  const scanBytes = truth.files.reduce((n, f) => n + fs.statSync(path.join(root, 'scans', f.name)).size, 0);
  const dbBytes = fs.statSync(path.join(root, 'data', 'phieu.sqlite')).size;
  const problems = [...plain.misplaced, ...plain.wrongSilent, ...tuned.misplaced, ...tuned.wrongSilent];
  return {
    'ingest: pages (files, scan MB)': `${plain.pages} (${truth.files.length}, ${(scanBytes / 1048576).toFixed(0)} MB)`,
    'ingest: outcomes': Object.entries(plain.outcomes).map(([k, v]) => `${k} ${v}`).join(', '),
    'ingest: pages whose outcome, serial or page differ from the truth': plain.misplaced.length,
    'ingest: box questions wrong and not sent to review': plain.wrongSilent.length,
    'ingest: firm box questions sent to review': `${((100 * plain.firmReviewed) / Math.max(1, plain.firmChoices)).toFixed(2)} % of ${plain.firmChoices}`,
    'ingest: pages needing review (any field, handwriting included)': plain.needingReview,
    'ingest: seconds (all cores, with storage)': plain.seconds,
    'ingest: pages/s (all cores)': Number((plain.pages / plain.seconds).toFixed(1)),
    'ingest: database MB': Number((dbBytes / 1048576).toFixed(0)),
    'ingest: peak RSS MB of phieu scan (no MALLOC_* variables set)': plain.peakRssMb,
    'ingest: peak RSS MB of phieu scan (MALLOC_ARENA_MAX=2, MALLOC_MMAP_THRESHOLD_=131072)': tuned.peakRssMb,
    'ingest: pages/s with the tuned malloc': Number((tuned.pages / tuned.seconds).toFixed(1)),
    'ingest: (generating the batch took, s)': Number(generationSeconds.toFixed(0)),
    ...(problems.length ? { 'ingest: problems': problems.slice(0, 20).join(' | ') } : {}),
  };
}

/** Makes the batch in a process of its own (see generateBatch); returns the seconds it took. */
function generateInChild(root: string, pages: number, profiles: ScanProfile[]): number {
  const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--generate', root, String(pages), JSON.stringify(profiles)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`generating the batch failed (exit ${run.status})`);
  return Number(run.stdout.trim().split('\n').at(-1));
}

/** Prints the forms into `root/data` (recording their serials) and writes the batch and its truth into `root/scans`. */
async function generateBatch(root: string, pages: number, profiles: ScanProfile[]): Promise<number> {
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
    profiles,
    digits: mnistDigits(loadMnistTestSplit()),
    printing: 'stamp',
  });
  return (performance.now() - started) / 1000;
}

// BENCH_PHIEU_BIN runs another checkout's phieu on the same batches (figures before and after a change).
// The command as people run it (bin/phieu, the shell launcher): what it costs is what they pay.
const PHIEU = process.env.BENCH_PHIEU_BIN ?? fileURLToPath(new URL('../bin/phieu', import.meta.url));

/** Runs `phieu scan` on the batch into `dataDir`, following its memory, and sets what it stored against the truth. */
async function scanWithCli(dataDir: string, scanDir: string, env: Record<string, string> = {}): Promise<IngestRun> {
  const truth = JSON.parse(fs.readFileSync(path.join(scanDir, 'truth.json'), 'utf8')) as BatchTruth;
  const started = performance.now();
  const files = truth.files.map((f) => path.join(scanDir, f.name));
  const scan = spawn(PHIEU, ['scan', '--json', '--data', dataDir, ...files], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  let out = '';
  scan.stdout.on('data', (chunk: Buffer) => (out += chunk));
  // Every process phieu scan starts counts (bin/phieu starts one; `node bin/phieu.js` would start a child: both count).
  const memory = followPeakMemory(scan.pid!);
  const code = await new Promise<number | null>((resolve) => scan.on('exit', resolve));
  const peakBytes = memory.stop();
  if (code !== 0) throw new Error(`phieu scan failed (exit ${code})`);
  const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
  const summary = JSON.parse(out) as IngestSummary;
  const db = openDatabase(dataDir);
  const check = compareWithTruth(truth, storedPages(db));
  db.close();
  return {
    pages: summary.pages,
    outcomes: summary.outcomes,
    needingReview: summary.needingReview,
    seconds,
    peakRssMb: Math.round(peakBytes / 1048576),
    misplaced: check.misplaced,
    wrongSilent: check.wrongSilent,
    firmChoices: check.firmChoices,
    firmReviewed: check.firmReviewed,
  };
}

const generate = process.argv.indexOf('--generate');
if (generate > 0) {
  const [root, pages, profiles] = process.argv.slice(generate + 1);
  generateBatch(root, Number(pages), JSON.parse(profiles) as ScanProfile[]).then((seconds) => process.stdout.write(`${seconds}\n`));
}
else runIfMain(import.meta, () => benchIngest());
