import { digitClassifier } from '../src/handwriting/digitClassifier.js';
import { readDigitCell, type DigitCellRead } from '../src/handwriting/readDigitField.js';
import { HANDWRITING_SETTINGS } from '../src/handwriting/settings.js';
import { digitCell, loadMnistTestSplit } from '../test/support/handwrittenCells.js';
import { knownValueFigures } from '../test/support/knownValueFields.js';
import { runIfMain, type Figures } from './harness.js';

/**
 * Digit fields weighed against what phieu knows (src/handwriting/knownValues.ts): quick-form case codes against a
 * dense register, one in five missing from it, and phones no reading of which can change a count. Written with
 * MNIST's test split (never trained on); BENCH_FIELDS sets how many of each (default 2,000).
 */
async function benchKnownValues(): Promise<Figures> {
  const classify = digitClassifier();
  const cells: DigitCellRead[][] = Array.from({ length: 10 }, () => []);
  for (const d of loadMnistTestSplit()) cells[d.label].push(readDigitCell(digitCell(d), 246, classify, HANDWRITING_SETTINGS));
  const n = Number(process.env.BENCH_FIELDS ?? 2000);
  return { ...knownValueFigures(cells, HANDWRITING_SETTINGS, { caseCodes: n, phones: n }, 'bench-known-values') };
}

runIfMain(import.meta, benchKnownValues);
