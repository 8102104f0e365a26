import { PhieuError } from '../errors/errorTable.js';
import { canonicalAnswer } from '../survey/answerValue.js';
import { questionsOf, type SurveyDefinition } from '../survey/schema.js';

const CASE_CODE = /^[A-Za-z0-9][A-Za-z0-9.\-/_]{0,59}$/;

export function checkCaseCode(raw: string): string {
  const code = raw.trim();
  if (!CASE_CODE.test(code)) throw new PhieuError('invalidCaseCode', {});
  return code;
}

/** A kiosk's answers checked against the survey: known questions, known option codes, one box where one is asked. */
export function kioskAnswers(survey: SurveyDefinition, raw: Record<string, unknown>): Record<string, string[] | string> {
  const questions = new Map(questionsOf(survey).map((q) => [q.id, q]));
  const answers: Record<string, string[] | string> = {};
  for (const [id, value] of Object.entries(raw)) {
    const question = questions.get(id);
    if (!question) throw new PhieuError('invalidAnswer', { question: id, reason: `phiếu "${survey.id}" không có câu này.` });
    try {
      answers[id] = canonicalAnswer(question, value);
    } catch (error) {
      // The citizen is told which question; the reason is the one the review screen gives.
      if (error instanceof PhieuError) throw new PhieuError('invalidAnswer', { question: id, reason: error.message });
      throw error;
    }
  }
  return answers;
}
