import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { openScan } from '../src/ingest/decode.js';
import { ingestFiles } from '../src/ingest/ingestFiles.js';
import { loadOrCreateSecret } from '../src/io/secret.js';
import { loadSurveyDefinition } from '../src/io/surveyFiles.js';
import { layoutForm } from '../src/layout/layoutForm.js';
import { printForms } from '../src/print/printForms.js';
import { encodeQrPayload } from '../src/qr/payload.js';
import { openDatabase } from '../src/store/db.js';
import { createPrintRun, saveLayout } from '../src/store/printRuns.js';
import { peakRssMb, runIfMain, type Figures } from './harness.js';
import { makeVariant, markPage, paintQr, seededRandom } from './omrWorkload.js';

/**
 * End-to-end ingest with storage on all cores: a 2,000-page batch of marked, degraded two-page SIPAS forms. The batch
 * is made in a process of its own, so the peak memory reported is the ingest's alone.
 */
export async function benchIngest(pages = Number(process.env.BENCH_INGEST_PAGES ?? 2_000)): Promise<Figures> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'phieu-bench-ingest-'));
  const made = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--generate', root, String(pages)], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (made.status !== 0) throw new Error('generating the batch failed');
  const generationSeconds = Number(made.stdout.trim());
  const dataDir = path.join(root, 'data');
  const scanDir = path.join(root, 'scans');
  const db = openDatabase(dataDir);
  const started = performance.now();
  const summary = await ingestFiles(fs.readdirSync(scanDir).sort().map((f) => path.join(scanDir, f)), { db, dataDir, source: 'cli' });
  const seconds = (performance.now() - started) / 1000;
  const dbBytes = fs.statSync(path.join(dataDir, 'phieu.sqlite')).size;
  db.close();
  fs.rmSync(root, { recursive: true, force: true });
  return {
    'ingest: pages (2/3 JPEG q75, 1/3 G4; 300 dpi)': summary.pages,
    'ingest: read / other outcomes': `${summary.outcomes.read ?? 0} / ${summary.pages - (summary.outcomes.read ?? 0)}`,
    'ingest: pages needing review': summary.needingReview,
    'ingest: seconds (all cores, with storage)': Number(seconds.toFixed(1)),
    'ingest: pages/s (all cores)': Number((summary.pages / seconds).toFixed(1)),
    'ingest: database MB': Number((dbBytes / 1048576).toFixed(1)),
    'ingest: peak RSS MB (main + page workers)': peakRssMb(),
    'ingest: (generating the batch took, s)': Number(generationSeconds.toFixed(1)),
  };
}

/** Prints forms into `root/data` (recording their serials) and writes `pages` marked, degraded scans into `root/scans`. */
async function generateBatch(root: string, pages: number): Promise<number> {
  const dataDir = path.join(root, 'data');
  const scanDir = path.join(root, 'scans');
  fs.mkdirSync(scanDir, { recursive: true });
  const survey = loadSurveyDefinition('sipas');
  const layout = layoutForm(survey);
  const secret = loadOrCreateSecret(dataDir);
  const db = openDatabase(dataDir);
  saveLayout(db, survey, layout);
  const forms = Math.ceil(pages / 2);
  const { serials } = createPrintRun(db, { layoutHash: layout.hash, surveyId: survey.id, kind: 'blank', caseCodes: Array(forms).fill(null) });

  const chunks: Buffer[] = [];
  await printForms(layout, [{ serial: serials[0], values: { office: 'UBND phường Phú Hội' } }], new PassThrough().on('data', (c: Buffer) => chunks.push(c)), { secret });
  const scan = await openScan(Buffer.concat(chunks));
  const rendered = [(await scan.decodePage(0)).image, (await scan.decodePage(1)).image];
  const random = seededRandom(42);
  const generationStarted = performance.now();
  let written = 0;
  for (const serial of serials) {
    for (const page of [1, 2]) {
      if (written >= pages) break;
      const base = { ...rendered[page - 1], data: new Uint8Array(rendered[page - 1].data) };
      paintQr(base, layout, page, encodeQrPayload({ surveyId: survey.id, layoutHash: layout.hash, serial, page, pageCount: 2 }, secret), 300 / 72, (text) => QRCode.create(text, { errorCorrectionLevel: 'M' }).modules);
      const { image } = markPage(layout, page, makeVariant(base, 300 / 72, random), random);
      const raw = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } }).withDensity(300);
      const file = path.join(scanDir, `${String(written).padStart(5, '0')}.${written % 3 === 0 ? 'tif' : 'jpg'}`);
      if (written % 3 === 0) await raw.threshold(150).toColourspace('b-w').tiff({ compression: 'ccittfax4', bitdepth: 1 }).toFile(file);
      else await raw.jpeg({ quality: 75 }).toFile(file);
      written++;
    }
  }
  db.close();
  return (performance.now() - generationStarted) / 1000;
}

const generate = process.argv.indexOf('--generate');
if (generate > 0) {
  generateBatch(process.argv[generate + 1], Number(process.argv[generate + 2])).then((seconds) => process.stdout.write(`${seconds}\n`));
} else runIfMain(import.meta, () => benchIngest());
