import type { FormLayout } from '../layout/types.js';
import type { FormCopy } from '../print/printForms.js';
import type { SurveyDefinition } from '../survey/schema.js';
import { vietnamTime } from '../electronic/time.js';
import { requireStillActive } from '../sampling/officeTree.js';
import { audit, type Db } from '../store/db.js';
import { officeNode } from '../store/offices.js';
import { createPrintRun, saveLayout } from '../store/printRuns.js';
import { currentDrawOf, officeNamed, recordSampleForms } from '../store/sampling.js';

/**
 * Reserves serials for blank numbered forms of a survey (one-stop desks, ballot boxes), the office's name printed at
 * the top, and audits the run: the copies to print. An office the register does not have needs its name given; an
 * office no longer active gets none, as it gets no draw or kiosk.
 */
export function recordBlankForms(
  db: Db,
  request: { survey: SurveyDefinition; layout: FormLayout; copies: number; officeCode?: string; officeName?: string; fileName?: string; actor: string },
): FormCopy[] {
  const node = request.officeCode ? officeNode(db, request.officeCode) : undefined;
  if (node) requireStillActive(node, vietnamTime(new Date()).slice(0, 10), 'blankForms');
  const office = request.officeName ?? (request.officeCode ? officeNamed(db, request.officeCode) : '');
  saveLayout(db, request.survey, request.layout);
  const run = createPrintRun(db, {
    layoutHash: request.layout.hash,
    surveyId: request.survey.id,
    kind: 'blank',
    officeCode: request.officeCode,
    caseCodes: Array.from({ length: request.copies }, () => null),
    fileName: request.fileName,
  });
  audit(db, request.actor, 'print', { survey: request.survey.id, office: request.officeCode ?? null, copies: request.copies, first: run.serials[0], file: request.fileName ?? null });
  return run.serials.map((serial) => ({ serial, values: { office } }));
}

/**
 * Records personalised forms of an office's sample (every member without one of this survey, or the cases given),
 * in list order, and audits the run: the copies to print. Empty when everyone already has one.
 */
export function recordOfficeForms(
  db: Db,
  request: { survey: SurveyDefinition; layout: FormLayout; officeCode: string; draw?: number; caseCodes?: string[]; fileName?: string; actor: string },
): FormCopy[] {
  saveLayout(db, request.survey, request.layout);
  const copies = recordSampleForms(db, {
    drawId: request.draw ?? currentDrawOf(db, request.officeCode),
    officeCode: request.officeCode,
    layoutHash: request.layout.hash,
    surveyId: request.survey.id,
    caseCodes: request.caseCodes,
    fileName: request.fileName,
    actor: request.actor,
  });
  if (copies.length) audit(db, request.actor, 'print', { survey: request.survey.id, office: request.officeCode, copies: copies.length, first: copies[0].serial, file: request.fileName ?? null });
  return copies;
}
