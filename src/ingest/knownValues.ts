import { applyKnownValues } from '../handwriting/knownValues.js';
import { HANDWRITING_SETTINGS, type HandwritingSettings } from '../handwriting/settings.js';
import type { FieldRead, PageRead } from '../recognize/readPage.js';
import { resultSettings } from '../report/resultsReport.js';
import type { Db } from '../store/db.js';
import { knownValuesOf } from '../store/knownValues.js';

type FormPageRead = Extract<PageRead, { kind: 'read' }>;

/**
 * A read page's doubtful digit fields weighed against what the store knows of its form: the personalised form's case
 * code and its case's phone, the office's register (its case codes, and its phones for a doubtful phone on a form with
 * no case), the round's period, the staff list and the forms counted per phone. Done as the page is stored
 * (store/scans calls it inside its transaction) rather than in the page workers: these change while a batch is read (a
 * register imported, a form stored a moment ago), and only then are they as they are when the page is stored. The
 * register's phones never leave this service: only the phone written digits settle on is stored with the page.
 */
export function withKnownValues(db: Db, read: FormPageRead, s: HandwritingSettings = HANDWRITING_SETTINGS): FormPageRead {
  // Dates are checked against the round and case codes against the register even when sure.
  const weighed = read.fields.some((f) => (f.kind === 'digits' || f.kind === 'date') && 'cells' in f && (f.reasons.length || f.kind === 'date' || f.format === 'caseCode'));
  if (!weighed) return read;
  // The register's phones are read only for a phone in doubt: a sure one needs none.
  const writes = (format: 'caseCode' | 'phone') => read.fields.some((f) => 'format' in f && f.format === format && (format === 'caseCode' || f.reasons.length > 0));
  const known = {
    ...knownValuesOf(db, read.qr.serial, { caseCode: writes('caseCode'), phone: writes('phone') }, resultSettings(db).maxFormsPerPerson),
    // Tomorrow in UTC: a form dated today in Vietnam (UTC+7) is never after it.
    latestDate: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
  };
  const fields = read.fields.map((f): FieldRead => ((f.kind === 'digits' || f.kind === 'date') && 'cells' in f ? applyKnownValues(f, known, s) : f));
  return { ...read, fields, needsReview: fields.some((f) => f.reasons.length > 0) };
}
