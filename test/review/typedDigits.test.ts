import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { digitClassifier } from '../../src/handwriting/digitClassifier.js';
import { decideDigitField, readDigitCell, type DigitCellRead } from '../../src/handwriting/readDigitField.js';
import { HANDWRITING_SETTINGS } from '../../src/handwriting/settings.js';
import type { GrayImage } from '../../src/image/grayImage.js';
import { decide } from '../../src/review/queue.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { digitSamples } from '../../src/store/digitTraining.js';
import { beginScanFile } from '../../src/store/scans.js';
import { storePage } from '../../src/ingest/storePage.js';
import { printedForms } from '../results/paperForms.js';
import { digitCell, digitsByLabel, loadMnistTestSplit, type TestDigit } from '../support/handwrittenCells.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
const S = HANDWRITING_SETTINGS;
let byLabel: TestDigit[][];
beforeAll(() => {
  byLabel = digitsByLabel(loadMnistTestSplit().slice(0, 300));
});

const png = async (image: GrayImage) => new Uint8Array(await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } }).png().toBuffer());

/** A one-stop form whose phone field, written with real handwriting in its cells, waits for a person. */
async function phoneToReview(db: Db, written: string, strike?: number) {
  const { survey, layoutHash, pageCount, serials } = printedForms(db, 'one-stop', { caseCodes: [null] });
  const clips = [...written].map((c, i) => digitCell(byLabel[Number(c)][i], i === strike ? { strokes: [[0, 0, 83, 106], [83, 0, 0, 106]] } : {}));
  const classify = digitClassifier();
  const reads: DigitCellRead[] = clips.map((clip) => readDigitCell(clip, 246, classify, S));
  const field = { questionId: 'phone', kind: 'digits' as const, ...decideDigitField(reads, { kind: 'digits', format: 'phone' }, S) };
  const sha256 = createHash('sha256').update(written).digest('hex');
  beginScanFile(db, { sha256, name: 'scan.pdf', size: 1, source: 'cli' }, 1);
  const qr = { surveyId: survey.id, layoutHash, serial: serials[0], page: 1, pageCount };
  const pngs = await Promise.all(clips.map(png));
  storePage(db, {
    sha256,
    pageIndex: 0,
    clips: pngs.map((p, cell) => ({ questionId: 'phone', cell, png: p })),
    read: { kind: 'read', qr, turned: false, scale: 1, transform: [1, 0, 0, 0, 1, 0, 0, 0, 1], quarterTurned: false, fields: [field], needsReview: true },
  });
  const item = db.prepare(`SELECT id FROM review_items WHERE serial = ? AND question_id = 'phone'`).get(serials[0]) as { id: number };
  return { itemId: item.id, pngs, reads };
}

describe('digits a reviewer types become training rows', () => {
  it('keeps each typed digit of a phone with the clip of the cell it was written in, and the latest decision wins', async () => {
    const db = openDatabase(tempDir());
    // 012… breaks Vietnamese numbering: the field goes to a person whatever the reader's confidence.
    const { itemId, pngs } = await phoneToReview(db, '0123456789');
    decide(db, { itemId, actor: 'duyet1', supervisor: true, value: '0123456789' });
    const rows = digitSamples(db);
    expect(rows.map((r) => r.digit)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    rows.forEach((r, i) => expect(new Uint8Array(r.png)).toEqual(pngs[i]));

    decide(db, { itemId, actor: 'giamsat', supervisor: true, value: '0123456780' });
    expect(digitSamples(db).map((r) => r.digit)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 0]);
  });

  it('learns nothing from a field whose typed digits cannot be matched cell by cell', async () => {
    const db = openDatabase(tempDir());
    const struck = await phoneToReview(db, '0123456789', 4);
    expect(struck.reads[4].state).toBe('crossedOut');
    decide(db, { itemId: struck.itemId, actor: 'duyet1', supervisor: true, value: '012356789' });
    expect(digitSamples(db)).toEqual([]);
    const other = openDatabase(tempDir());
    const { itemId } = await phoneToReview(other, '0123456789');
    decide(other, { itemId, actor: 'duyet1', supervisor: true, value: '01234567' });
    expect(digitSamples(other)).toEqual([]);
  });
});
