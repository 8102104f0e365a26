import { classifyAnswer, elementName, type ChoiceQuestion } from './questions.js';
import type { ResultSettings } from './settings.js';
import { wilsonInterval } from './wilson.js';
import type { ResponseAnswer } from './types.js';

export interface Share {
  /** null when there is no valid answer to divide by. */
  value: number | null;
  /** The 95 % (or the configured) Wilson interval. */
  low: number | null;
  high: number | null;
}

export interface CriterionIndex {
  questionId: string;
  element: string | null;
  criterion: string;
  label: string;
  /** Valid answers: n of the shares. */
  valid: number;
  blank: number;
  invalid: number;
  satisfied: number;
  dissatisfied: number;
  satisfiedShare: Share;
  dissatisfiedShare: Share;
}

export interface ElementIndex {
  element: string;
  label: string;
  /** Criteria with at least one valid answer: the ones averaged. */
  criteria: number;
  valid: number;
  /** Mean of its criteria's shares. */
  satisfiedShare: number | null;
  dissatisfiedShare: number | null;
}

export interface OptionCount {
  code: string;
  label: string;
  count: number;
  /** Of the valid answers. */
  share: number | null;
}

export interface QuestionDistribution {
  questionId: string;
  label: string;
  valid: number;
  blank: number;
  invalid: number;
  options: OptionCount[];
}

export interface IndexSet {
  /** Counted forms. */
  forms: number;
  criteria: CriterionIndex[];
  elements: ElementIndex[];
  /** Mean of the elements' shares. */
  overall: { satisfiedShare: number | null; dissatisfiedShare: number | null; elements: number };
  /** Every one-answer question, option by option (the quick survey's questions are read here). */
  distributions: QuestionDistribution[];
}

/**
 * Counts answers into any number of groups in one pass. Per group, per question: blank, invalid, then one counter per
 * option — a flat Int32Array, so a country's year of answers stays small.
 */
export class IndexAccumulator {
  private readonly groups = new Map<string, { forms: number; counts: Int32Array }>();
  private readonly offsets: number[] = [];
  private readonly width: number;
  private readonly codes: string[][];

  constructor(readonly questions: readonly ChoiceQuestion[]) {
    let offset = 0;
    for (const q of questions) {
      this.offsets.push(offset);
      offset += 2 + q.options.length;
    }
    this.width = offset;
    this.codes = questions.map((q) => q.options.map((o) => o.code));
  }

  add(groupKeys: readonly string[], answers: Record<string, ResponseAnswer>): void {
    const cells = this.questions.map((q, i) => {
      const c = classifyAnswer(answers[q.questionId], this.codes[i]);
      return this.offsets[i] + (c.kind === 'blank' ? 0 : c.kind === 'invalid' ? 1 : 2 + c.index);
    });
    for (const key of groupKeys) {
      let group = this.groups.get(key);
      if (!group) {
        group = { forms: 0, counts: new Int32Array(this.width) };
        this.groups.set(key, group);
      }
      group.forms++;
      for (const cell of cells) group.counts[cell]++;
    }
  }

  keys(): string[] {
    return [...this.groups.keys()];
  }

  indices(key: string, settings: ResultSettings): IndexSet {
    const group = this.groups.get(key) ?? { forms: 0, counts: new Int32Array(this.width) };
    const distributions = this.questions.map((q, i) => distributionOf(q, group.counts.subarray(this.offsets[i], this.offsets[i] + 2 + q.options.length)));
    const criteria = this.questions.flatMap((q, i) => (q.satisfaction ? [criterionIndex(q, distributions[i], settings)] : []));
    const elements = elementIndices(criteria);
    const withValue = elements.filter((e) => e.satisfiedShare !== null);
    return {
      forms: group.forms,
      criteria,
      elements,
      overall: { satisfiedShare: mean(withValue.map((e) => e.satisfiedShare!)), dissatisfiedShare: mean(withValue.map((e) => e.dissatisfiedShare!)), elements: withValue.length },
      distributions,
    };
  }
}

function distributionOf(q: ChoiceQuestion, counts: Int32Array): QuestionDistribution {
  const valid = counts.subarray(2).reduce((a, b) => a + b, 0);
  return {
    questionId: q.questionId,
    label: q.label,
    valid,
    blank: counts[0],
    invalid: counts[1],
    options: q.options.map((o, j) => ({ code: o.code, label: o.label, count: counts[2 + j], share: valid ? counts[2 + j] / valid : null })),
  };
}

function criterionIndex(q: ChoiceQuestion, d: QuestionDistribution, settings: ResultSettings): CriterionIndex {
  const countOf = (codes: string[]) => d.options.filter((o) => codes.includes(o.code)).reduce((n, o) => n + o.count, 0);
  const satisfied = countOf(settings.satisfiedCodes);
  const dissatisfied = countOf(settings.dissatisfiedCodes);
  const share = (x: number): Share => {
    const interval = wilsonInterval(x, d.valid, settings.intervalZ);
    return { value: d.valid ? x / d.valid : null, low: interval?.low ?? null, high: interval?.high ?? null };
  };
  return {
    questionId: q.questionId,
    element: q.element,
    criterion: q.criterion,
    label: q.label,
    valid: d.valid,
    blank: d.blank,
    invalid: d.invalid,
    satisfied,
    dissatisfied,
    satisfiedShare: share(satisfied),
    dissatisfiedShare: share(dissatisfied),
  };
}

/** Elements in the order their first criterion is printed; a criterion with no valid answer is left out of the mean. */
function elementIndices(criteria: CriterionIndex[]): ElementIndex[] {
  const byElement = new Map<string, CriterionIndex[]>();
  for (const c of criteria) if (c.element) byElement.set(c.element, [...(byElement.get(c.element) ?? []), c]);
  return [...byElement].map(([element, members]) => {
    const answered = members.filter((c) => c.valid > 0);
    return {
      element,
      label: elementName(element),
      criteria: answered.length,
      valid: members.reduce((n, c) => n + c.valid, 0),
      satisfiedShare: mean(answered.map((c) => c.satisfiedShare.value!)),
      dissatisfiedShare: mean(answered.map((c) => c.dissatisfiedShare.value!)),
    };
  });
}

function mean(values: number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}
