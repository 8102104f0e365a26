import { PhieuError } from '../errors/errorTable.js';
import { checkCaseCode, kioskAnswers } from '../electronic/kioskAnswers.js';
import { vietnamTime } from '../electronic/time.js';
import { questionsOf, type SurveyDefinition } from '../survey/schema.js';
import type { Db } from '../store/db.js';
import { caseAnswered, storeKioskResponse, type Kiosk } from '../store/results.js';

/**
 * Stores one answer given at a desk kiosk as an electronic response of source "kiosk". A case already answered
 * (electronically, or on a scanned paper form of the same survey) is refused with `caseAlreadyAnswered`, so the
 * kiosk can thank the citizen instead; bad answers are refused with `invalidAnswer`.
 */
export function recordElectronicResponse(
  db: Db,
  request: { kiosk: Kiosk; survey: SurveyDefinition; caseCode: string; answers: Record<string, unknown>; at?: Date },
): { id: number; externalId: string } {
  if (request.survey.id !== request.kiosk.surveyId) throw new PhieuError('wrongSurvey', { survey: request.kiosk.surveyId });
  const caseCode = checkCaseCode(request.caseCode);
  const answers = kioskAnswers(request.survey, request.answers);
  const caseQuestion = questionsOf(request.survey).find((q) => q.kind === 'digits' && q.format === 'caseCode');
  if (caseQuestion && answers[caseQuestion.id] === undefined) answers[caseQuestion.id] = caseCode;
  return db.transaction(() => {
    if (caseAnswered(db, request.survey.id, caseCode)) throw new PhieuError('caseAlreadyAnswered', { caseCode });
    return storeKioskResponse(db, { kiosk: request.kiosk, surveyId: request.survey.id, caseCode, submittedAt: vietnamTime(request.at ?? new Date()), answers });
  }).immediate();
}
