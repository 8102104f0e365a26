import { describe, expect, it } from 'vitest';
import shipped from '../../src/handwriting/digit-weights.json' with { type: 'json' };
import type { DigitWeights } from '../../src/handwriting/digitModel.js';
import { normalizeDigit } from '../../src/handwriting/normalizeDigit.js';
import { readingDigitClassifier } from '../../src/ingest/digitReader.js';
import { openDatabase } from '../../src/store/db.js';
import { saveDigitModel } from '../../src/store/digitTraining.js';
import { loadMnistTestSplit } from '../support/handwrittenCells.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

describe('the digit recogniser pages are read with', () => {
  it('is the shipped one until a recogniser is retrained, then the retrained one from the next page on', () => {
    const db = openDatabase(tempDir());
    const classifier = readingDigitClassifier(db);
    const digit = loadMnistTestSplit()[0];
    const input = normalizeDigit({ ink: Float32Array.from(digit.pixels, (p) => p / 255), width: 28, height: 28 });
    const first = classifier()(input);
    expect(first.digit).toBe(digit.label);
    // A retrained recogniser much less sure of itself: the same networks, their scores divided by 8.
    const retrained: DigitWeights = { ...(shipped as DigitWeights), temperature: 8 };
    saveDigitModel(db, { weightsJson: JSON.stringify(retrained), trainedOn: 1, heldOut: 1, accuracyBefore: 0.5, accuracyAfter: 0.6, trainedBy: 'test' });
    const next = classifier()(input);
    expect(next.digit).toBe(digit.label);
    expect(next.confidence).toBeLessThan(first.confidence - 0.1);
  });
});
