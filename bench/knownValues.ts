import { digitClassifier } from '../src/handwriting/digitClassifier.js';
import { readDigitCell, type DigitCellRead } from '../src/handwriting/readDigitField.js';
import { HANDWRITING_SETTINGS } from '../src/handwriting/settings.js';
import { digitCell, loadMnistTestSplit } from '../test/support/handwrittenCells.js';
import { knownValueFigures, phoneRegisterFigures } from '../test/support/knownValueFields.js';
import { runIfMain, type Figures } from './harness.js';

/**
 * Digit fields weighed against what phieu knows (src/handwriting/knownValues.ts): quick-form case codes against a
 * dense register, one in five missing from it, phones no reading of which can change a count, and blank one-stop forms'
 * phones against the register's (one in ten missing, each with its worst neighbour there). Written with
 * MNIST's test split (never trained on); BENCH_FIELDS sets how many of each (default 2,000).
 */
async function benchKnownValues(): Promise<Figures> {
  const classify = digitClassifier();
  const cells: DigitCellRead[][] = Array.from({ length: 10 }, () => []);
  for (const d of loadMnistTestSplit()) cells[d.label].push(readDigitCell(digitCell(d), 246, classify, HANDWRITING_SETTINGS));
  const n = Number(process.env.BENCH_FIELDS ?? 2000);
  // What counts is the margin less the penalty (src/handwriting/settings.ts): the shipped one, and one either side.
  const phoneGrid = Object.fromEntries(
    [4, 5, 6].map((margin) => {
      const penalty = HANDWRITING_SETTINGS.digits.phoneAbsentPenalty;
      const f = phoneRegisterFigures(cells, { ...HANDWRITING_SETTINGS, digits: { ...HANDWRITING_SETTINGS.digits, phoneMargin: margin, phoneAbsentPenalty: penalty } }, n, 'bench-known-phones');
      const pct = (k: number) => `${((100 * k) / f.registerPhones).toFixed(2)} %`;
      return [`phones against the register, margin ${margin} penalty ${penalty}: to a person (unweighed), accepted wrong, missing taken`, `${pct(f.registerPhonesToReviewAfter)} (${pct(f.registerPhonesToReviewBefore)}), ${pct(f.registerPhonesAcceptedWrongAfter)}, ${f.registerPhonesAbsentTaken} of ${f.registerPhonesAbsent}`];
    }),
  );
  return { ...knownValueFigures(cells, HANDWRITING_SETTINGS, { caseCodes: n, phones: n }, 'bench-known-values'), ...phoneRegisterFigures(cells, HANDWRITING_SETTINGS, n, 'bench-known-phones'), ...phoneGrid };
}

runIfMain(import.meta, benchKnownValues);
