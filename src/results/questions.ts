import { optionsOf, SATISFACTION_SCALE, type Question, type SurveyDefinition, questionsOf } from '../survey/schema.js';
import type { ResponseAnswer } from './types.js';

/** The five SIPAS elements (yếu tố), for surveys whose questions carry only the element code. */
export const SIPAS_ELEMENT_NAMES: Record<string, string> = {
  A: 'Tiếp cận dịch vụ hành chính công của cơ quan hành chính nhà nước',
  B: 'Thủ tục hành chính',
  C: 'Công chức giải quyết công việc',
  D: 'Kết quả cung ứng dịch vụ hành chính công',
  E: 'Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị',
};

/** A question answered with one box, whose answers are counted option by option. */
export interface ChoiceQuestion {
  questionId: string;
  label: string;
  options: readonly { code: string; label: string }[];
  /** On the five-level satisfaction scale: it gets satisfied and dissatisfied shares. */
  satisfaction: boolean;
  /** SIPAS element, where the question measures one; the criterion code falls back to the question id. */
  element: string | null;
  criterion: string;
}

const SCALE = SATISFACTION_SCALE.map((o) => `${o.code}=${o.label}`).sort().join('|');
/** The five SIPAS levels, in any order: the same codes with the same words (an age band coded 1–5 is not). */
const onSatisfactionScale = (options: readonly { code: string; label: string }[]) => options.map((o) => `${o.code}=${o.label}`).sort().join('|') === SCALE;

/** The one-answer questions of a survey in print order (multiple-answer and handwritten ones are not indexed). */
export function choiceQuestions(survey: SurveyDefinition): ChoiceQuestion[] {
  return questionsOf(survey)
    .filter((q): q is Extract<Question, { kind: 'single' | 'scale' }> => q.kind === 'single' || q.kind === 'scale')
    .map((q) => {
      const options = optionsOf(q);
      return {
        questionId: q.id,
        label: q.text,
        options,
        satisfaction: onSatisfactionScale(options),
        element: q.element ?? null,
        criterion: q.criterion ?? q.id,
      };
    });
}

export function elementName(code: string): string {
  return SIPAS_ELEMENT_NAMES[code] ?? `Yếu tố ${code}`;
}

export type AnswerClass = { kind: 'blank' } | { kind: 'invalid' } | { kind: 'valid'; index: number };

/**
 * Blank: nothing chosen. Invalid: two or more boxes, or a value the question has no option for (an electronic
 * export's unknown value). Valid: exactly one known option (its index in the question's options).
 */
export function classifyAnswer(answer: ResponseAnswer | undefined, codes: readonly string[]): AnswerClass {
  if (answer === null || answer === undefined || answer.length === 0) return { kind: 'blank' };
  if (typeof answer === 'string' || answer.length !== 1) return { kind: 'invalid' };
  const index = codes.indexOf(answer[0]);
  return index < 0 ? { kind: 'invalid' } : { kind: 'valid', index };
}
