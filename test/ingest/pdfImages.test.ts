import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, PDFName, PDFRawStream } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import { openScan } from '../../src/ingest/decode.js';
import { ingestFiles } from '../../src/ingest/ingestFiles.js';
import { loadOrCreateSecret } from '../../src/io/secret.js';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import { seededRandom } from '../../src/sampling/random.js';
import { packScanFile } from '../../tools/scangen/encode.js';
import { blankPaper } from '../../tools/scangen/faults.js';
import { compareWithTruth } from '../../tools/scangen/judge.js';
import { fontDigits } from '../../src/demo/handwriting.js';
import { writeScanBatch, type ScanProfile } from '../../tools/scangen/scanBatch.js';
import { storedPages } from '../../tools/scangen/storedPages.js';
import { openDatabase } from '../../src/store/db.js';
import { createPrintRun, saveLayout } from '../../src/store/printRuns.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
const quick = layoutForm(loadSurveyDefinition('quick'));

/** Filled-in quick forms, one per profile, each scanned into a PDF of its own; then ingested. */
async function scanAndIngest(seed: string, profiles: ScanProfile[]) {
  const dataDir = tempDir();
  const scanDir = tempDir();
  const db = openDatabase(dataDir);
  saveLayout(db, loadSurveyDefinition('quick'), quick);
  const { serials } = createPrintRun(db, { layoutHash: quick.hash, surveyId: 'quick', kind: 'blank', caseCodes: Array(profiles.length).fill(null) });
  const truth = await writeScanBatch(scanDir, {
    seed,
    secret: loadOrCreateSecret(dataDir),
    forms: serials.map((serial) => ({ layout: quick, serial })),
    profiles,
    digits: await fontDigits(seededRandom(seed)),
    printing: 'stamp',
  });
  const files = truth.files.map((f) => path.join(scanDir, f.name));
  const via = await Promise.all(files.map(async (file) => (await (await openScan(fs.readFileSync(file))).decodePage(0)).via));
  const summary = await ingestFiles(files, { db, dataDir, source: 'cli' });
  const check = compareWithTruth(truth, storedPages(db));
  db.close();
  return { via, summary, check };
}

describe('PDF pages holding one image', () => {
  it('read G4 data marked inverted by /BlackIs1 true or by /Decode [1 0] the way the PDF means it, with the right marks', async () => {
    const { via, summary, check } = await scanAndIngest('g4 polarity', [
      { container: 'pdf', encoding: 'g4', dpi: 300, pagesPerFile: 1, polarity: 'blackIs0' },
      { container: 'pdf', encoding: 'g4', dpi: 300, pagesPerFile: 1, polarity: 'blackIs1' },
      { container: 'pdf', encoding: 'g4', dpi: 200, pagesPerFile: 1, polarity: 'decodeInverted' },
    ]);
    expect(summary.outcomes).toEqual({ read: 3 });
    expect(check.misplaced).toEqual([]);
    expect(check.wrongSilent).toEqual([]);
    expect(check.choices.right).toBeGreaterThan(0);
    expect(via).toEqual(['CCITTFaxDecode', 'CCITTFaxDecode', 'CCITTFaxDecode']);
  }, 180_000);

  it('take a Flate image (grey, bilevel, RGB or a palette of greys; PNG predictors or none) directly instead of drawing the page, and read it right', async () => {
    const { via, summary, check } = await scanAndIngest('flate styles', [
      { container: 'pdf', encoding: 'png', dpi: 300, pagesPerFile: 1, flate: { colour: 'gray', predictor: 15 } },
      { container: 'pdf', encoding: 'png', dpi: 200, pagesPerFile: 1, flate: { colour: 'gray' } },
      { container: 'pdf', encoding: 'png', dpi: 300, pagesPerFile: 1, flate: { colour: 'bilevel', predictor: 10 } },
      { container: 'pdf', encoding: 'png', dpi: 300, pagesPerFile: 1, flate: { colour: 'bilevel' } },
      { container: 'pdf', encoding: 'png', dpi: 200, pagesPerFile: 1, flate: { colour: 'rgb', predictor: 12 } },
      { container: 'pdf', encoding: 'png', dpi: 300, pagesPerFile: 1, flate: { colour: 'rgb' } },
      { container: 'pdf', encoding: 'png', dpi: 300, pagesPerFile: 1, flate: { colour: 'palette', predictor: 15 } },
    ]);
    expect(via).toEqual(Array(7).fill('FlateDecode'));
    expect(summary.outcomes).toEqual({ read: 7 });
    expect(check.misplaced).toEqual([]);
    expect(check.wrongSilent).toEqual([]);
    expect(check.choices.right).toBeGreaterThan(0);
  }, 240_000);

  it('take a G4 image mask directly, as the black-on-white page it paints', async () => {
    const paper = blankPaper(400, 300);
    for (let y = 100; y < 140; y++) paper.data.fill(0, y * 400 + 50, y * 400 + 350);
    const plain = await packScanFile([{ image: paper, pixelsPerPoint: 1 }], { kind: 'g4', threshold: 128 }, 'pdf');
    const doc = await PDFDocument.load(plain);
    const [, stream] = doc.context.enumerateIndirectObjects().find(([, o]) => o instanceof PDFRawStream && o.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'))!;
    const dict = (stream as PDFRawStream).dict;
    dict.delete(PDFName.of('ColorSpace'));
    dict.delete(PDFName.of('BitsPerComponent'));
    dict.set(PDFName.of('ImageMask'), doc.context.obj(true));
    const mask = await (await openScan(await doc.save())).decodePage(0);
    const image = await (await openScan(plain)).decodePage(0);
    expect(mask.via).toBe('CCITTFaxDecode');
    expect(Buffer.from(mask.image.data).equals(Buffer.from(image.image.data))).toBe(true);
    expect(image.image.data[120 * image.image.width + 200]).toBe(0);
  });
});
