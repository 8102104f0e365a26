import shipped from '../handwriting/digit-weights.json' with { type: 'json' };
import { digitClassifier, type DigitClassifier } from '../handwriting/digitClassifier.js';
import type { DigitWeights } from '../handwriting/digitModel.js';
import type { Db } from '../store/db.js';
import { currentDigitModel, currentDigitModelId } from '../store/digitTraining.js';
import { parseStoredJson, storedDigitWeights } from '../store/storedJson.js';

/** The recogniser that reads now: the latest one retrained here (phieu train digits), else the one shipped. */
export function currentDigitWeights(db: Db): DigitWeights {
  const model = currentDigitModel(db);
  return model ? parseStoredJson(model.weightsJson, storedDigitWeights, { table: 'digit_models', row: model.id }) : (shipped as DigitWeights);
}

/**
 * The classifier pages are read with, built again only when a newer recogniser has been trained: a page worker asks
 * before every page, so a retrained recogniser reads from the next page on without restarting anything.
 */
export function readingDigitClassifier(db: Db): () => DigitClassifier {
  let built: { id: number | undefined; classify: DigitClassifier } | undefined;
  return () => {
    const id = currentDigitModelId(db);
    if (!built || built.id !== id) built = { id, classify: digitClassifier(currentDigitWeights(db)) };
    return built.classify;
  };
}
