import { seededRandom } from '../sampling/random.js';
import type { Respondent } from './fillPage.js';
import { fontDigits, type DigitSource } from './handwriting.js';
import { EVERYDAY_HABITS } from './respondent.js';

let digits: Promise<DigitSource> | undefined;

/**
 * A respondent as a district sees them, for the demo the product ships: everyday habits, digits in a hand-like font
 * (real handwriting is test data and never ships), a few fields left empty. The demo scans in greyscale, which keeps
 * pencil.
 */
export async function everydayRespondent(): Promise<Respondent> {
  digits ??= fontDigits(seededRandom('font digits'));
  return { habits: EVERYDAY_HABITS, digits: await digits, pencil: 'kept', skipWriting: 0.1, printedText: 0.2 };
}
