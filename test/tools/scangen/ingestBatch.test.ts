import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ingestFiles } from '../../../src/ingest/ingestFiles.js';
import { loadOrCreateSecret } from '../../../src/io/secret.js';
import { loadSurveyDefinition } from '../../../src/io/surveyFiles.js';
import { layoutForm } from '../../../src/layout/layoutForm.js';
import { compareWithTruth } from '../../../tools/scangen/judge.js';
import { mnistDigits } from '../../../tools/scangen/mnist.js';
import { loadMnistTestSplit } from '../../../tools/scangen/mnistFiles.js';
import { writeScanBatch, type ScanBatchOptions } from '../../../tools/scangen/scanBatch.js';
import { storedPages } from '../../../tools/scangen/storedPages.js';
import { openDatabase, type Db } from '../../../src/store/db.js';
import { createPrintRun, saveLayout } from '../../../src/store/printRuns.js';
import { useTempDir } from '../../support/tempDir.js';

const tempDir = useTempDir();
const layouts = Object.fromEntries(['sipas', 'one-stop', 'quick'].map((id) => [id, layoutForm(loadSurveyDefinition(id))]));
const digits = mnistDigits(loadMnistTestSplit());

/** A data folder with the three surveys' layouts saved and `copies` of each printed (serials recorded). */
function printRun(dataDir: string, copies: Record<string, number>): { db: Db; secret: Buffer; serials: Record<string, number[]> } {
  const db = openDatabase(dataDir);
  const serials: Record<string, number[]> = {};
  for (const [id, layout] of Object.entries(layouts)) {
    saveLayout(db, loadSurveyDefinition(id), layout);
    if (copies[id]) serials[id] = createPrintRun(db, { layoutHash: layout.hash, surveyId: id, kind: 'blank', caseCodes: Array(copies[id]).fill(null) }).serials;
  }
  return { db, secret: loadOrCreateSecret(dataDir), serials };
}

describe('generated scans through the real ingest', () => {
  it('land on their truth: pages out of order find their serial and page, a photocopy is a duplicate, a blank page is blank, another survey and another installation are set aside; no box read wrong in silence', async () => {
    const dataDir = tempDir();
    const scanDir = tempDir();
    const { db, secret, serials } = printRun(dataDir, { sipas: 2, 'one-stop': 1 });
    const options: ScanBatchOptions = {
      seed: 'stack faults',
      secret,
      forms: [
        { layout: layouts.sipas, serial: serials.sipas[0] },
        { layout: layouts.sipas, serial: serials.sipas[1] },
        { layout: layouts['one-stop'], serial: serials['one-stop'][0] },
        { layout: layouts.quick, serial: 424242, foreignSecret: Buffer.alloc(32, 9) },
      ],
      batchSurvey: 'sipas',
      photocopies: [serials.sipas[0]],
      blankPages: 1,
      shuffle: true,
      upsideDownShare: 0.3,
      profiles: [
        { container: 'tiff', encoding: 'g4', dpi: 200, pagesPerFile: 3 },
        { container: 'pdf', encoding: 'jpeg', dpi: 300, pagesPerFile: 3 },
        { container: 'jpeg', encoding: 'jpeg', dpi: 300, pagesPerFile: 1 },
      ],
      digits,
    };
    const truth = await writeScanBatch(scanDir, options);
    // The sample holds what it is meant to: every stack fault and both multi-page containers.
    expect(truth.pages.map((p) => p.expectedOutcome).sort()).toEqual(['blank', 'duplicate', 'duplicate', 'notOurForm', 'read', 'read', 'read', 'read', 'wrongSurvey']);
    expect(truth.pages.some((p) => p.scan.geometry.upsideDown && p.expectedOutcome === 'read')).toBe(true);
    expect(new Set(truth.files.filter((f) => f.pages > 1).map((f) => f.container))).toEqual(new Set(['tiff', 'pdf']));
    const inStackOrder = truth.pages.filter((p) => p.content.kind === 'form' && p.content.surveyId === 'sipas').map((p) => (p.content.kind === 'form' ? p.content.page : 0));
    expect(inStackOrder).not.toEqual([...inStackOrder].sort());

    const summary = await ingestFiles(truth.files.map((f) => path.join(scanDir, f.name)), { db, dataDir, source: 'cli', expectedSurvey: 'sipas' });
    expect(summary.pages).toBe(truth.pages.length);
    const check = compareWithTruth(truth, storedPages(db));
    expect(check.misplaced).toEqual([]);
    expect(check.wrongTurn).toEqual([]);
    expect(check.wrongSilent).toEqual([]);
    expect(check.choices.right).toBeGreaterThan(0.8 * check.firmChoices);
    expect(summary.forms).toBe(2);
    db.close();
  });

  it('write real handwritten digits into every written cell, and ingest clips each cell and text zone for the handwriting reader', async () => {
    const dataDir = tempDir();
    const scanDir = tempDir();
    const { db, secret, serials } = printRun(dataDir, { 'one-stop': 2, quick: 2 });
    const truth = await writeScanBatch(scanDir, {
      seed: 'handwriting',
      secret,
      forms: [...serials['one-stop'].map((serial) => ({ layout: layouts['one-stop'], serial })), ...serials.quick.map((serial) => ({ layout: layouts.quick, serial }))],
      profiles: [
        { container: 'pdf', encoding: 'jpeg', dpi: 300, pagesPerFile: 2 },
        { container: 'tiff', encoding: 'g4', dpi: 300, pagesPerFile: 2 },
      ],
      digits,
    });
    const written = truth.pages.flatMap((p) => p.answers?.digits ?? []);
    expect(written.filter((d) => d.digits.length > 0).length).toBeGreaterThanOrEqual(4);
    expect(written.every((d) => d.mnistIndexes.length === d.digits.length && d.mnistIndexes.every((i) => i !== null && i >= 0 && i < 10_000))).toBe(true);

    await ingestFiles(truth.files.map((f) => path.join(scanDir, f.name)), { db, dataDir, source: 'cli' });
    expect(compareWithTruth(truth, storedPages(db)).misplaced).toEqual([]);
    const clipsOf = db.prepare(
      `SELECT c.question_id AS questionId, c.cell, c.png FROM clips c JOIN pages p ON p.id = c.page_id JOIN scan_files f ON f.sha256 = p.file_sha256
       WHERE f.name = ? AND p.page_index = ?`,
    );
    for (const page of truth.pages) {
      if (page.content.kind !== 'form') continue;
      const layout = layouts[page.content.surveyId];
      const clips = clipsOf.all(page.file, page.pageIndex) as { questionId: string; cell: number; png: Buffer }[];
      for (const field of layout.fields) {
        if (field.kind === 'text') expect(clips.filter((c) => c.questionId === field.questionId)).toHaveLength(1);
        if (field.kind !== 'digits' && field.kind !== 'date') continue;
        const truthOfField = page.answers!.digits.find((d) => d.questionId === field.questionId)!;
        for (const [cell, rect] of field.cells.entries()) {
          const clip = clips.find((c) => c.questionId === field.questionId && c.cell === cell);
          expect(clip, `${page.file} ${field.questionId} cell ${cell}`).toBeDefined();
          const { data, info } = await sharp(clip!.png).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
          expect(Math.abs(info.width - (rect.w * 300) / 72)).toBeLessThanOrEqual(1);
          // Inside the printed border, a written cell holds the digit's ink (a thin 1 covers about 2 % of it) and an
          // unwritten one none.
          const ink = darkShare(data, info.width, info.height, 0.2);
          if (cell < truthOfField.digits.length) expect(ink, `${page.file} ${field.questionId} cell ${cell}`).toBeGreaterThan(0.015);
          else expect(ink).toBeLessThan(0.01);
        }
      }
    }
    db.close();
  });
});

/** Share of dark pixels in the middle of an image, `inset` of each side left out. */
function darkShare(data: Uint8Array, width: number, height: number, inset: number): number {
  let dark = 0;
  let all = 0;
  for (let y = Math.round(height * inset); y < height * (1 - inset); y++) {
    for (let x = Math.round(width * inset); x < width * (1 - inset); x++) {
      all++;
      if (data[y * width + x] < 128) dark++;
    }
  }
  return dark / all;
}
