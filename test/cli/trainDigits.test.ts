import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCellInk } from '../../src/handwriting/cellInk.js';
import { HANDWRITING_SETTINGS } from '../../src/handwriting/settings.js';
import { paperLevel } from '../../src/image/grayImage.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { currentDigitModel } from '../../src/store/digitTraining.js';
import { runPhieu } from '../support/cli.js';
import { digitCell } from '../support/handwrittenCells.js';
import { loadOptdigits } from '../support/optdigits.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
/** Reviewers' typed digits from writers the shipped recogniser never saw (UCI's), as their cells' clips. */
let typed: { digit: number; png: Buffer }[];
/** How many of their clips the cell reader finds one written digit in (a 4 whose bar runs past it may look struck). */
let written: number;

beforeAll(async () => {
  const digits = loadOptdigits().slice(0, 360);
  written = digits.filter((d) => {
    const cell = digitCell(d);
    return readCellInk(cell, paperLevel(cell), HANDWRITING_SETTINGS).state === 'written';
  }).length;
  typed = await Promise.all(
    digits.map(async (d) => {
      const cell = digitCell(d);
      return { digit: d.label, png: await sharp(cell.data, { raw: { width: cell.width, height: cell.height, channels: 1 } }).png().toBuffer() };
    }),
  );
}, 120_000);

function storeTyped(db: Db, rows: { digit: number; png: Buffer }[]): void {
  const insert = db.prepare(`INSERT INTO digit_samples (review_item_id, cell, digit, png, typed_by) VALUES (?, ?, ?, ?, 'duyet1')`);
  rows.forEach((r, i) => insert.run(Math.floor(i / 10) + 1, i % 10, r.digit, r.png));
}

interface Report {
  heldOut: number;
  trainedOn: number;
  before: { accuracy: number; logLoss: number };
  after: { accuracy: number; logLoss: number };
  kept: boolean;
  modelId?: number;
}

async function trainDigits(data: string, ...args: string[]): Promise<Report> {
  const run = await runPhieu(['--data', data, '--json', 'train', 'digits', ...args]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Report;
}

describe('phieu train digits', () => {
  it('retrains on the digits reviewers typed and reads with the new recogniser once it reads their held-out digits better', async () => {
    const data = tempDir();
    const db = openDatabase(data);
    storeTyped(db, typed);
    const report = await trainDigits(data, '--epochs', '3');
    // Every clip with one written digit is used, and nearly all are.
    expect(written).toBeGreaterThanOrEqual(typed.length - 3);
    expect(report.heldOut + report.trainedOn).toBe(written);
    expect(report.after.accuracy).toBeGreaterThan(report.before.accuracy);
    expect(report.kept).toBe(true);
    const model = currentDigitModel(db)!;
    expect(model.id).toBe(report.modelId);
    expect(model.accuracyAfter).toBe(report.after.accuracy);
  }, 600_000);

  it('refuses a retrained recogniser that reads worse, and the one reading until then stays', async () => {
    const data = tempDir();
    const db = openDatabase(data);
    storeTyped(db, typed);
    const good = await trainDigits(data, '--epochs', '3');
    expect(good.kept).toBe(true);
    const before = currentDigitModel(db)!;
    // Far too fast a learning rate wrecks what the networks knew; the same seed holds out the same digits.
    const wrecked = await trainDigits(data, '--epochs', '2', '--learning-rate', '0.05');
    expect(wrecked.after.accuracy).toBeLessThan(wrecked.before.accuracy);
    expect(wrecked.before.accuracy).toBe(good.after.accuracy);
    expect(wrecked.kept).toBe(false);
    expect(currentDigitModel(db)).toEqual(before);
    const audited = db.prepare(`SELECT action FROM audit_events WHERE action LIKE 'digitModel%' ORDER BY id`).all() as { action: string }[];
    expect(audited.map((a) => a.action)).toEqual(['digitModelReplaced', 'digitModelKept']);
  }, 600_000);

  it('says in Vietnamese that too few typed digits teach nothing, and trains nothing', async () => {
    const data = tempDir();
    const db = openDatabase(data);
    storeTyped(db, typed.slice(0, 12));
    const run = await runPhieu(['--data', data, 'train', 'digits']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Mới có 12 chữ số do người duyệt gõ đọc được');
    expect(currentDigitModel(db)).toBeUndefined();
  }, 120_000);
});
