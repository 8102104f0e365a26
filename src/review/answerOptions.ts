import type { FieldLayout } from '../layout/types.js';

/** An answer box as a reviewer sees and picks it: the key that picks it, the code stored, the label printed beside it. */
export interface AnswerOption {
  key: string;
  code: string;
  label: string;
}

/** Keys in the order they pick the printed options: 1–9, then a–z (0 is "no answer"). */
export const OPTION_KEYS = '123456789abcdefghijklmnopqrstuvwxyz';

/**
 * The options of a box field in the order they are printed, each with the key that picks it. Every screen where a
 * reviewer sees or types an answer uses this one list, so the key pressed, the label read and the code stored never
 * part: on the one-stop form key 1 is "Rất hài lòng", printed first, stored as code 5.
 */
export function answerOptions(field: FieldLayout): AnswerOption[] {
  return 'options' in field ? field.options.map((o, i) => ({ key: OPTION_KEYS[i], code: o.code, label: o.label })) : [];
}
