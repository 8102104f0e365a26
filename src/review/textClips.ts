import type { Db } from '../store/db.js';
import { findTextClips, layoutHashes, officesWithFormsRead, type TextClipFilter, type TextClipRow } from '../store/textClips.js';
import { personalKind } from '../survey/personal.js';
import { knownLayout } from './layouts.js';

export interface TextClipView extends Omit<TextClipRow, 'layoutHash'> {
  questionText: string;
}

/** Names and addresses are listed only to roles with personal-data access (README, "Personal data"). */
function personalQuestionsOfEveryLayout(db: Db): string[] {
  return layoutHashes(db).flatMap((hash) => {
    const known = knownLayout(db, hash);
    return known ? [...known.questions.values()].filter((q) => personalKind(q.question) !== null).map((q) => `${hash}/${q.question.id}`) : [];
  });
}

/**
 * Written answers, typed or kept as images only, found by office, question, survey and typed words: the comments a
 * province reads after the figures.
 */
export function browseTextClips(db: Db, filter: Omit<TextClipFilter, 'exclude'>, access: { personalData: boolean }): TextClipView[] {
  const rows = findTextClips(db, { ...filter, exclude: access.personalData ? [] : personalQuestionsOfEveryLayout(db) });
  return rows.map(({ layoutHash, ...row }) => ({ ...row, questionText: knownLayout(db, layoutHash)?.questions.get(row.questionId)?.question.text ?? row.questionId }));
}

/** What the clip browser's menus offer: offices with forms read, and the written questions of every survey printed. */
export function textClipChoices(db: Db, access: { personalData: boolean }): { offices: { code: string; name: string }[]; questions: { id: string; text: string; surveyId: string }[] } {
  const questions = new Map<string, { id: string; text: string; surveyId: string }>();
  for (const hash of layoutHashes(db)) {
    const known = knownLayout(db, hash);
    for (const { question } of known?.questions.values() ?? []) {
      if (question.kind !== 'text' || (!access.personalData && personalKind(question) !== null)) continue;
      questions.set(`${known!.survey.id}/${question.id}`, { id: question.id, text: question.text, surveyId: known!.survey.id });
    }
  }
  return { offices: officesWithFormsRead(db), questions: [...questions.values()] };
}
