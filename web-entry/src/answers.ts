import type { AnswerOption, AnswerValue } from '../../src/web/api.js';
import { h, type Child } from './dom.js';

/**
 * An option as a reviewer sees it on every screen: the key that picks it, then the label printed beside its box. Both
 * come from the server (the item's or the form's `options`), never worked out here, so the key a reviewer reads is the
 * key that picks that option.
 */
export const optionName = (option: Pick<AnswerOption, 'key' | 'label'>): HTMLSpanElement => h('span', { class: 'option-name' }, h('kbd', {}, option.key), ` ${option.label}`);

/** A stored answer in the words of the form: each chosen code as its option; typed values as they are. */
export function answerView(value: AnswerValue | null | undefined, options: readonly AnswerOption[] = []): Child {
  if (value === null || value === undefined) return '—';
  if (!Array.isArray(value)) return value || '(trống)';
  if (value.length === 0) return '(không trả lời)';
  return value.map((code, i) => {
    const option = options.find((o) => o.code === code);
    return [i > 0 && ', ', option ? optionName(option) : code];
  });
}
