import { PhieuError } from '../errors/errorTable.js';
import type { FormLayout } from '../layout/types.js';
import type { FormCopy } from '../print/printForms.js';
import type { Db } from '../store/db.js';
import { findLayout, printedForm, recordReprint } from '../store/printRuns.js';

/**
 * A new copy of a form lost or spoiled in the field: the same serial, layout and printed values, marked as the n-th
 * reprint. Refused once a copy of it came back (returned or scanned): two papers of one serial could then both be
 * answered, and only one may count.
 */
export function reprintForm(db: Db, request: { serial: number; reason?: string; actor: string }): { layout: FormLayout; title: string; copy: FormCopy } {
  return db.transaction(() => {
    const form = printedForm(db, request.serial);
    if (!form) throw new PhieuError('unknownForm', { serial: request.serial });
    if (form.status === 'returned' || form.status === 'scanned' || form.pagesRead > 0) throw new PhieuError('reprintAfterReturn', { serial: request.serial });
    const stored = findLayout(db, form.layoutHash);
    if (!stored) throw new PhieuError('unknownForm', { serial: request.serial });
    const reprint = recordReprint(db, { serial: request.serial, reason: request.reason?.trim() || null, actor: request.actor });
    const values = { office: form.officeName ?? undefined, caseCode: form.caseCode ?? undefined, name: form.name ?? undefined, procedure: form.procedure ?? undefined };
    return { layout: stored.layout, title: stored.survey.title, copy: { serial: form.serial, values, reprint } };
  }).immediate();
}
