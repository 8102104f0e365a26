import { canonicalAnswer, InvalidAnswer } from '../survey/answerValue.js';
import { questionsOf, type SurveyDefinition } from '../survey/schema.js';

export type RefusalCode = 'caseAlreadyAnswered' | 'invalidCaseCode' | 'invalidAnswer' | 'unknownKiosk' | 'wrongSurvey';

/** Why a kiosk answer was not stored; `message` is polite Vietnamese the kiosk can show the citizen as it is. */
export class ElectronicResponseRefused extends Error {
  constructor(
    message: string,
    readonly code: RefusalCode,
  ) {
    super(message);
    this.name = 'ElectronicResponseRefused';
  }
}

const CASE_CODE = /^[A-Za-z0-9][A-Za-z0-9.\-/_]{0,59}$/;

export function checkCaseCode(raw: string): string {
  const code = raw.trim();
  if (!CASE_CODE.test(code)) throw new ElectronicResponseRefused('Mã hồ sơ chưa đúng. Ông/Bà vui lòng xem lại mã trên giấy hẹn trả kết quả.', 'invalidCaseCode');
  return code;
}

/** A kiosk's answers checked against the survey: known questions, known option codes, one box where one is asked. */
export function kioskAnswers(survey: SurveyDefinition, raw: Record<string, unknown>): Record<string, string[] | string> {
  const questions = new Map(questionsOf(survey).map((q) => [q.id, q]));
  const answers: Record<string, string[] | string> = {};
  for (const [id, value] of Object.entries(raw)) {
    const question = questions.get(id);
    if (!question) throw new ElectronicResponseRefused(`Phiếu "${survey.id}" không có câu "${id}".`, 'invalidAnswer');
    try {
      answers[id] = canonicalAnswer(question, value);
    } catch (error) {
      if (error instanceof InvalidAnswer) throw new ElectronicResponseRefused(`Câu "${id}": ${error.message}`, 'invalidAnswer');
      throw error;
    }
  }
  return answers;
}
