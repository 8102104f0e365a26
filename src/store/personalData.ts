import { personalKind, type PersonalKind } from '../survey/personal.js';
import { questionsOf, type SurveyDefinition } from '../survey/schema.js';
import type { Db } from './db.js';
import { parseStoredJson, storedDefinition } from './storedJson.js';

/** Personal questions by survey id, each with what it asks for. */
export type PersonalQuestions = Map<string, Map<string, PersonalKind>>;

/**
 * The personal questions (name, phone, address) of every survey ever printed here, plus those of `surveys` (the
 * shipped definitions: electronic answers may come for a survey never printed). Taken from the definitions stored
 * with the layouts, so forms printed from an older definition are judged by what they asked.
 */
export function personalQuestionsBySurvey(db: Db, surveys: Iterable<SurveyDefinition> = []): PersonalQuestions {
  const bySurvey: PersonalQuestions = new Map();
  const add = (survey: SurveyDefinition) => {
    const kinds = bySurvey.get(survey.id) ?? new Map<string, PersonalKind>();
    for (const question of questionsOf(survey)) {
      const kind = personalKind(question);
      if (kind) kinds.set(question.id, kind);
    }
    bySurvey.set(survey.id, kinds);
  };
  for (const row of db.prepare('SELECT hash, definition_json FROM layouts').all() as { hash: string; definition_json: string }[]) {
    add(parseStoredJson(row.definition_json, storedDefinition, { table: 'layouts', row: row.hash }));
  }
  for (const survey of surveys) add(survey);
  return bySurvey;
}

/** Whether a survey's question is personal, for rows that carry both ids. */
export function isPersonalAnswer(personal: PersonalQuestions): (row: { surveyId: string; questionId: string }) => boolean {
  return (row) => personal.get(row.surveyId)?.has(row.questionId) ?? false;
}
