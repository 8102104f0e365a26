import { PhieuError } from '../errors/errorTable.js';
import { checkFieldTransition, type FieldState, type FieldStatus } from '../sampling/fieldStatus.js';
import { audit, type Db } from '../store/db.js';
import { currentMemberOf, formForFieldStatus, promoteNextReserve, setFormFieldStatus } from '../store/sampling.js';

export interface FieldStatusResult {
  serial: number | null;
  caseCode: string;
  /** The reserve member promoted in this member's place, to print a form for alone. */
  replacement: string | null;
  /** The draw and office of the member, when the case is in a drawn sample. */
  drawId: number | null;
  officeCode: string | null;
}

/**
 * Records what happened to a form in the field (by serial, or by case code: its latest form), in one transaction.
 * Only the changes of `checkFieldTransition` are made; any other is refused with the reason. A refusal or an
 * unreachable person takes the member out of the sample and promotes the next reserve member of the office in drawn
 * order. A form already scanned stays scanned: it came back, whatever the field sheet says.
 */
export function markFieldStatus(db: Db, request: { serial?: number; caseCode?: string; status: FieldStatus; actor: string }): FieldStatusResult {
  return db.transaction((): FieldStatusResult => {
    const form = formForFieldStatus(db, request);
    if (request.serial && !form) throw new PhieuError('unknownForm', { serial: request.serial });
    const caseCode = form ? form.caseCode : request.caseCode;
    if (!caseCode) throw request.serial ? new PhieuError('blankForm', { serial: request.serial }) : new PhieuError('serialOrCaseNeeded', {});
    const member = currentMemberOf(db, caseCode);
    if (!form && !member) throw new PhieuError('caseNotInSample', { caseCode });
    const state: FieldState = form?.status ?? member?.outcome ?? 'notPrinted';
    const allowed = checkFieldTransition(state, request.status, form ? `Phiếu số ${form.serial}` : `Hồ sơ ${caseCode}`);
    if (!allowed.ok) throw new PhieuError('fieldStatusNotAllowed', { reason: allowed.reason });
    if (form && form.status !== 'scanned') setFormFieldStatus(db, form.serial, request.status);
    let replacement: string | null = null;
    if ((request.status === 'refused' || request.status === 'unreachable') && member?.inSample) replacement = promoteNextReserve(db, member, caseCode, request.status);
    audit(db, request.actor, 'field.status', { serial: form?.serial ?? null, caseCode, status: request.status, replacement });
    return { serial: form?.serial ?? null, caseCode, replacement, drawId: member?.drawId ?? null, officeCode: member?.officeCode ?? null };
  }).immediate();
}
