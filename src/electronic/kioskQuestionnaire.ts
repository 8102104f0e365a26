import { optionsOf, type Question, type SurveyDefinition } from '../survey/schema.js';

/** A question as the kiosk screen shows it: its words and, for box questions, the options to touch. */
export interface KioskQuestion {
  id: string;
  kind: Question['kind'];
  text: string;
  /** Box questions (single, multiple, scale): the options in print order. */
  options?: { code: string; label: string }[];
  /** Multiple-answer questions with a limit: the most options the screen lets a citizen choose. */
  maxChoices?: number;
  /** Digit questions: how many digits at most. */
  length?: number;
}

export interface KioskQuestionnaire {
  survey: { id: string; name: string; title: string; instructions: string; closing: string | null };
  sections: { heading: string | null; note: string | null; questions: KioskQuestion[] }[];
}

/**
 * What a kiosk asks, from the survey definition it is bound to. The case code is typed once on the first screen and
 * fills the survey's case-code question, so that question is not asked again. Phone numbers are not asked at all:
 * the kiosk stands in a public hall where a number typed on a big screen is read over the citizen's shoulder, and
 * the case already leads to the person in the register.
 */
export function kioskQuestionnaire(survey: SurveyDefinition): KioskQuestionnaire {
  const asked = (q: Question) => !(q.kind === 'digits' && (q.format === 'caseCode' || q.format === 'phone'));
  return {
    survey: { id: survey.id, name: survey.name, title: survey.title, instructions: survey.instructions, closing: survey.closing ?? null },
    sections: survey.sections
      .map((section) => ({
        heading: section.heading ?? null,
        note: section.note ?? null,
        questions: section.questions.filter(asked).map((q): KioskQuestion => {
          const options = optionsOf(q);
          return {
            id: q.id,
            kind: q.kind,
            text: q.text,
            ...(options.length ? { options: options.map((o) => ({ code: o.code, label: o.label })) } : {}),
            ...(q.kind === 'digits' ? { length: q.length } : {}),
            ...(q.kind === 'multiple' && q.maxChoices !== undefined ? { maxChoices: q.maxChoices } : {}),
          };
        }),
      }))
      .filter((section) => section.questions.length > 0),
  };
}
