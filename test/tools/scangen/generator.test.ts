import { describe, expect, it } from 'vitest';
import { openScan } from '../../../src/ingest/decode.js';
import { loadSurveyDefinition } from '../../../src/io/surveyFiles.js';
import { layoutForm } from '../../../src/layout/layoutForm.js';
import { PAGE } from '../../../src/layout/pageGeometry.js';
import type { Rect } from '../../../src/layout/types.js';
import { classifyBox, scoreBox } from '../../../src/recognize/checkboxes.js';
import { applyHomography } from '../../../src/recognize/homography.js';
import type { GrayImage } from '../../../src/image/grayImage.js';
import { DEFAULT_SETTINGS } from '../../../src/recognize/settings.js';
import { seededRandom } from '../../../src/sampling/random.js';
import { packScanFile } from '../../../tools/scangen/encode.js';
import { blankPaper } from '../../../tools/scangen/faults.js';
import { fillPage } from '../../../src/demo/fillPage.js';
import { randomGeometry, scanSheet } from '../../../tools/scangen/geometry.js';
import { fontDigits } from '../../../src/demo/handwriting.js';
import { drawMark, type MarkKind } from '../../../src/demo/marks.js';
import { mnistDigits, parseIdx } from '../../../tools/scangen/mnist.js';
import { loadMnistTestSplit } from '../../../tools/scangen/mnistFiles.js';
import { paperSheet } from '../../../src/demo/pen.js';
import { PHONE_PHOTO, photographPage } from '../../../tools/scangen/photo.js';
import { PAPER_PIXELS_PER_POINT } from '../../../tools/scangen/printedPages.js';
import { EVERYDAY_HABITS, digitsFor } from '../../../src/demo/respondent.js';
import { generateScanBatch, type BatchTruth, type ScanBatchOptions } from '../../../tools/scangen/scanBatch.js';

const layouts = Object.fromEntries(['sipas', 'one-stop', 'quick'].map((id) => [id, layoutForm(loadSurveyDefinition(id))]));
const blankSheet = () => paperSheet(blankPaper(Math.round(PAGE.width * PAPER_PIXELS_PER_POINT), Math.round(PAGE.height * PAPER_PIXELS_PER_POINT)), PAPER_PIXELS_PER_POINT);

/** Share of dark pixels of a sheet inside a layout rectangle. */
function inkIn(image: GrayImage, rect: Rect): number {
  let dark = 0;
  let all = 0;
  for (let y = Math.round(rect.y * PAPER_PIXELS_PER_POINT); y < (rect.y + rect.h) * PAPER_PIXELS_PER_POINT; y++) {
    for (let x = Math.round(rect.x * PAPER_PIXELS_PER_POINT); x < (rect.x + rect.w) * PAPER_PIXELS_PER_POINT; x++) {
      all++;
      if (image.data[y * image.width + x] < 128) dark++;
    }
  }
  return dark / all;
}

async function collect(options: ScanBatchOptions): Promise<{ files: { name: string; bytes: Buffer }[]; truth: BatchTruth }> {
  const batch = generateScanBatch(options);
  const files: { name: string; bytes: Buffer }[] = [];
  for (;;) {
    const next = await batch.next();
    if (next.done) return { files, truth: next.value };
    files.push({ name: next.value.name, bytes: next.value.bytes });
  }
}

describe('the scan generator', () => {
  it('reads the MNIST test split: 10,000 labelled 28 × 28 digits, every digit among them', () => {
    const set = loadMnistTestSplit();
    expect([set.count, set.rows, set.cols]).toEqual([10_000, 28, 28]);
    expect(new Set(set.labels)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const { image, mnistIndex } = mnistDigits(set)(7, seededRandom('seven'));
    expect(set.labels[mnistIndex!]).toBe(7);
    expect(Math.min(...image.data)).toBeLessThan(80);
  });

  it('refuses files that are not MNIST image and label files', () => {
    expect(() => parseIdx(new Uint8Array(16), new Uint8Array(8))).toThrow(/IDX image file/);
  });

  it('draws each kind of mark the way the reader tells them apart', () => {
    const field = layouts.sipas.fields.find((f) => f.questionId === 'a1')!;
    if (!('options' in field)) throw new Error('a1 is a box question');
    const rect = field.options[2].rect;
    const stateOf = (kind: MarkKind) => {
      const sheet = blankSheet();
      drawMark(sheet, rect, kind, seededRandom(kind));
      return classifyBox(scoreBox(sheet.image, sheet.transform, rect, 255, sheet.pixelsPerPoint, DEFAULT_SETTINGS.checkbox.inset), DEFAULT_SETTINGS.checkbox);
    };
    expect(stateOf('x')).toBe('marked');
    expect(stateOf('tick')).toBe('marked');
    expect(stateOf('pencil')).toBe('marked');
    expect(stateOf('filled')).toBe('cancelled');
    expect(stateOf('borderStroke')).toBe('empty');
    expect(stateOf('dot')).not.toBe('marked');
  });

  it('writes each digit inside its cell and each line of text inside its zone, and says what it wrote', async () => {
    const layout = layouts['one-stop'];
    const sheet = blankSheet();
    const respondent = { habits: EVERYDAY_HABITS, digits: mnistDigits(loadMnistTestSplit()), pencil: 'kept' as const, skipWriting: 0, printedText: 0.5 };
    const answers = await fillPage(sheet, layout, 1, seededRandom('writing'), respondent);
    for (const field of layout.fields) {
      if (field.kind === 'digits' || field.kind === 'date') {
        const written = answers.digits.find((d) => d.questionId === field.questionId)!;
        expect(written.digits).toHaveLength(field.cells.length);
        for (const cell of field.cells) expect(inkIn(sheet.image, { x: cell.x + 3, y: cell.y + 3, w: cell.w - 6, h: cell.h - 6 })).toBeGreaterThan(0.02);
      }
      if (field.kind === 'text') {
        const text = answers.texts.find((t) => t.questionId === field.questionId)!;
        expect(text.lines.length).toBeGreaterThan(0);
        expect(inkIn(sheet.image, field.rect)).toBeGreaterThan(0.01);
      }
    }
    expect(answers.digits.find((d) => d.questionId === 'phone')!.digits).toMatch(/^0[35789]\d{8}$/);
    expect(answers.digits.find((d) => d.questionId === 'date')!.digits).toMatch(/^(0[1-9]|1\d|2[0-8])(0[1-9]|1[0-2])2025$/);
    // Nothing but the fields gets ink: every dark pixel lies on or next to one.
    const near = (r: Rect) => ({ x: r.x - 12, y: r.y - 12, w: r.w + 24, h: r.h + 24 });
    const fieldAreas = layout.fields.flatMap((f) => ('options' in f ? f.options.map((o) => near(o.rect)) : 'cells' in f ? f.cells.map(near) : [near(f.rect)]));
    let stray = 0;
    for (let i = 0; i < sheet.image.data.length; i++) {
      if (sheet.image.data[i] >= 128) continue;
      const x = (i % sheet.image.width) / PAPER_PIXELS_PER_POINT;
      const y = Math.floor(i / sheet.image.width) / PAPER_PIXELS_PER_POINT;
      if (!fieldAreas.some((a) => x >= a.x && y >= a.y && x <= a.x + a.w && y <= a.y + a.h)) stray++;
    }
    expect(stray).toBe(0);
  });

  it('dates a form on a day of the round\'s period when given one, across the turn of a month and a year', () => {
    const date = layouts['one-stop'].fields.find((f) => f.kind === 'date')!;
    if (date.kind !== 'date') throw new Error('the one-stop form has no date');
    const random = seededRandom('dates');
    const days = new Set(Array.from({ length: 400 }, () => digitsFor(date, random, { from: '2025-12-20', to: '2026-01-05' })));
    const iso = [...days].map((d) => `${d.slice(4)}-${d.slice(2, 4)}-${d.slice(0, 2)}`).sort();
    expect(iso[0]).toBe('2025-12-20');
    expect(iso.at(-1)).toBe('2026-01-05');
    expect(iso).toHaveLength(17);
  });

  it('keeps the printed area on the scan whatever the skew, scale and perspective, and turns an upside-down sheet', () => {
    const random = seededRandom('geometry');
    const paper = paperSheet(blankPaper(60, 85), 60 / PAGE.width);
    for (let i = 0; i < 200; i++) {
      const geometry = randomGeometry(random);
      expect(Math.abs(geometry.angle)).toBeLessThanOrEqual(3);
      expect(geometry.scale).toBeGreaterThanOrEqual(0.97);
      expect(geometry.scale).toBeLessThanOrEqual(1.03);
      const scan = scanSheet(paper, geometry, 100 / 72);
      for (const mark of layouts.sipas.pages[0].marks) {
        const at = applyHomography(scan.transform, mark);
        expect(at.x).toBeGreaterThan(0);
        expect(at.y).toBeGreaterThan(0);
        expect(at.x).toBeLessThan(scan.image.width);
        expect(at.y).toBeLessThan(scan.image.height);
      }
    }
    const turned = scanSheet(paper, { ...randomGeometry(random), upsideDown: true }, 100 / 72);
    const topLeft = applyHomography(turned.transform, { x: 30, y: 30 });
    expect(topLeft.x).toBeGreaterThan(turned.image.width / 2);
    expect(topLeft.y).toBeGreaterThan(turned.image.height / 2);
  });

  it('packs pages into the files scanners write, which ingest opens page by page at their resolution', async () => {
    const pages = [0, 1, 2].map(() => ({ image: blankPaper(827, 1170), pixelsPerPoint: 100 / 72 }));
    const tiff = await openScan(await packScanFile(pages, { kind: 'g4', threshold: 150 }, 'tiff'));
    const pdf = await openScan(await packScanFile(pages, { kind: 'jpeg', quality: 60 }, 'pdf'));
    for (const scan of [tiff, pdf]) {
      expect(scan.pageCount).toBe(3);
      const { image, pixelsPerPoint } = await scan.decodePage(2);
      expect([image.width, image.height]).toEqual([827, 1170]);
      expect(pixelsPerPoint).toBeCloseTo(100 / 72, 2);
    }
    // G4 in a PDF is one stream per page, coded 16 pixels at a time: the page is widened with paper to 832.
    const g4 = await openScan(await packScanFile(pages, { kind: 'g4', threshold: 150 }, 'pdf'));
    const { image, pixelsPerPoint } = await g4.decodePage(2);
    expect([g4.pageCount, image.width, image.height]).toEqual([3, 832, 1170]);
    expect(pixelsPerPoint).toBeCloseTo(100 / 72, 2);
    await expect(packScanFile(pages, { kind: 'jpeg', quality: 60 }, 'jpeg')).rejects.toThrow(/one page/);
  });

  it('makes the same files and truth from the same seed, and a photocopy carries the very marks of its original', async () => {
    const options: ScanBatchOptions = {
      seed: 'twice',
      secret: Buffer.alloc(32, 3),
      forms: [{ layout: layouts.quick, serial: 7 }],
      photocopies: [7],
      profiles: [{ container: 'pdf', encoding: 'jpeg', dpi: 200, pagesPerFile: 2 }],
      digits: await fontDigits(seededRandom('font')),
      printing: 'stamp',
    };
    const first = await collect(options);
    const second = await collect(options);
    expect(second.files).toEqual(first.files);
    expect(second.truth).toEqual(first.truth);
    const [original, copy] = first.truth.pages;
    expect(copy.content).toMatchObject({ kind: 'form', serial: 7, photocopy: true });
    expect(copy.expectedOutcome).toBe('duplicate');
    expect(copy.answers).toEqual(original.answers);
  });

  it('photographs a page on a table: light falling off to the given share, the far edge shortened, the transform on the page', async () => {
    const photo = await photographPage(blankSheet(), { ...PHONE_PHOTO, light: 0.55, lightAngle: 0, keystone: 0.03, farEdge: 'top', angle: 0, blur: 0, noise: 0 }, seededRandom('photo'));
    const at = (x: number, y: number) => {
      const p = applyHomography(photo.transform, { x, y });
      return photo.image.data[Math.floor(p.y) * photo.image.width + Math.floor(p.x)];
    };
    // Lit from the left: the paper's right edge gets 55 % of the light of its left edge.
    expect(at(PAGE.width - 2, PAGE.height / 2) / at(2, PAGE.height / 2)).toBeCloseTo(0.55, 1);
    const corner = (x: number, y: number) => applyHomography(photo.transform, { x, y });
    const topWidth = corner(PAGE.width, 0).x - corner(0, 0).x;
    const bottomWidth = corner(PAGE.width, PAGE.height).x - corner(0, PAGE.height).x;
    expect(topWidth / bottomWidth).toBeCloseTo(0.94, 3);
    // The table shows around the page, darker than the paper beside it.
    expect(photo.image.data[photo.image.width * 5 + 5]).toBeLessThan(at(2, 2) * 0.6);
  });
});
