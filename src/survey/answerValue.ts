import { PhieuError } from '../errors/errorTable.js';
import { optionsOf, type Question } from './schema.js';

export type AnswerValue = string[] | string;

/**
 * Checks a reviewer's answer against the question it answers and returns it in canonical form (codes in print
 * order). An empty list or empty string records "no valid answer" — a decision too, kept apart from "not reviewed".
 */
export function canonicalAnswer(question: Question, value: unknown): AnswerValue {
  switch (question.kind) {
    case 'single':
    case 'scale':
    case 'multiple': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new PhieuError('answerChoicesNeeded', {});
      const codes = optionsOf(question).map((o) => o.code);
      const unknown = value.filter((v) => !codes.includes(v));
      if (unknown.length) throw new PhieuError('answerNoSuchOption', { question: question.id, options: unknown });
      const chosen = codes.filter((c) => value.includes(c));
      if (question.kind !== 'multiple' && chosen.length > 1) throw new PhieuError('answerOneOption', { question: question.id });
      if (question.kind === 'multiple' && question.maxChoices !== undefined && chosen.length > question.maxChoices) {
        throw new PhieuError('answerTooManyOptions', { question: question.id, max: question.maxChoices });
      }
      return chosen;
    }
    case 'digits': {
      if (typeof value !== 'string' || !/^[0-9]*$/.test(value) || value.length > question.length) {
        throw new PhieuError('answerDigits', { length: question.length });
      }
      return value;
    }
    case 'date': {
      const date = typeof value === 'string' ? asTypedDate(value) : undefined;
      if (date === undefined) throw new PhieuError('answerDate', {});
      return date;
    }
    case 'text': {
      if (typeof value !== 'string' || value.length > 2000) throw new PhieuError('answerText', {});
      return value.trim();
    }
  }
}

/**
 * A date as a reviewer types it, in dd/mm/yyyy: with slashes (or dots, dashes), or as the eight digits written in the
 * form's boxes (05032025), since typing the digits alone is faster. Empty stays empty ("no valid answer").
 */
function asTypedDate(value: string): string | undefined {
  const typed = value.trim();
  if (typed === '') return '';
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(typed) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(typed);
  if (!m) return undefined;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}

export function sameAnswer(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Handwritten fields: the ones double entry applies to. */
export const isKeyedKind = (kind: Question['kind']) => kind === 'digits' || kind === 'date' || kind === 'text';
