import { questionsOf, type Question, type SurveyDefinition } from '../survey/schema.js';
import type { ResponseAnswer } from './types.js';

/** One option of a multiple-answer question: how many respondents chose it, and their share of those who answered. */
export interface ChosenOption {
  code: string;
  label: string;
  count: number;
  /** Of the respondents with a valid answer to the question; null when there is none. */
  share: number | null;
}

export interface ChoiceCounts {
  questionId: string;
  label: string;
  maxChoices: number | null;
  /** Respondents with a valid answer (one to `maxChoices` known options): the base of the shares. */
  valid: number;
  /** Nothing chosen, or the form was printed before the question existed. */
  blank: number;
  /** More options than allowed, or a value the question has no option for. */
  invalid: number;
  options: ChosenOption[];
}

/** A group's counts, overall (`key` = '') or for one office. */
export interface ChoicesGroup {
  key: string;
  label: string;
  forms: number;
  questions: ChoiceCounts[];
}

type MultipleQuestion = Extract<Question, { kind: 'multiple' }>;

/** Multiple-answer questions of a survey, in print order: the wishes (mong đợi) a round asks about. */
export function multipleQuestions(survey: SurveyDefinition): MultipleQuestion[] {
  return questionsOf(survey).filter((q): q is MultipleQuestion => q.kind === 'multiple');
}

/**
 * Counts multiple-answer questions into groups in one pass, as IndexAccumulator does for one-answer ones. A respondent
 * counts once per option chosen; an answer with more marks than the question allows says nothing about any option,
 * so it is invalid, as two marks are on a one-answer question.
 */
export class ChoicesAccumulator {
  private readonly groups = new Map<string, { label: string; forms: number; counts: Int32Array[] }>();
  private readonly codes: string[][];

  constructor(readonly questions: readonly MultipleQuestion[]) {
    this.codes = questions.map((q) => q.options.map((o) => o.code));
  }

  add(groups: readonly { key: string; label: string }[], answers: Record<string, ResponseAnswer>): void {
    if (!this.questions.length) return;
    const cells = this.questions.map((q, i) => classifyChoices(answers[q.id], this.codes[i], q.maxChoices));
    for (const { key, label } of groups) {
      let group = this.groups.get(key);
      if (!group) this.groups.set(key, (group = { label, forms: 0, counts: this.questions.map((q) => new Int32Array(3 + q.options.length)) }));
      group.forms++;
      cells.forEach((cell, i) => {
        const counts = group.counts[i];
        if (cell === 'blank') counts[0]++;
        else if (cell === 'invalid') counts[1]++;
        else {
          counts[2]++;
          for (const index of cell) counts[3 + index]++;
        }
      });
    }
  }

  group(key: string): ChoicesGroup {
    const group = this.groups.get(key) ?? { label: '', forms: 0, counts: this.questions.map((q) => new Int32Array(3 + q.options.length)) };
    return {
      key,
      label: group.label,
      forms: group.forms,
      questions: this.questions.map((q, i) => {
        const c = group.counts[i];
        const valid = c[2];
        return {
          questionId: q.id,
          label: q.text,
          maxChoices: q.maxChoices ?? null,
          valid,
          blank: c[0],
          invalid: c[1],
          options: q.options.map((o, j) => ({ code: o.code, label: o.label, count: c[3 + j], share: valid ? c[3 + j] / valid : null })),
        };
      }),
    };
  }

  keys(): string[] {
    return [...this.groups.keys()];
  }
}

/** Blank, invalid, or the indices of the options chosen (each once, whatever order they came in). */
function classifyChoices(answer: ResponseAnswer | undefined, codes: readonly string[], maxChoices: number | undefined): 'blank' | 'invalid' | number[] {
  if (answer === null || answer === undefined || answer.length === 0) return 'blank';
  if (typeof answer === 'string') return 'invalid';
  const indices = [...new Set(answer)].map((code) => codes.indexOf(code));
  if (indices.some((i) => i < 0) || (maxChoices !== undefined && indices.length > maxChoices)) return 'invalid';
  return indices;
}
