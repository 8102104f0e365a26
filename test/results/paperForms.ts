import { createHash } from 'node:crypto';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import type { FieldRead } from '../../src/recognize/readPage.js';
import type { Db } from '../../src/store/db.js';
import { createPrintRun, saveLayout } from '../../src/store/printRuns.js';
import { beginScanFile } from '../../src/store/scans.js';
import { storePage } from '../../src/ingest/storePage.js';
import { questionsOf } from '../../src/survey/schema.js';

/** Prints forms of a shipped survey (layout saved, serials recorded) and returns their serials and layout hash. */
export function printedForms(db: Db, surveyId: string, options: { officeCode?: string; caseCodes: (string | null)[] }) {
  const survey = loadSurveyDefinition(surveyId);
  const layout = layoutForm(survey);
  saveLayout(db, survey, layout);
  const run = createPrintRun(db, { layoutHash: layout.hash, surveyId, kind: options.caseCodes.some(Boolean) ? 'personalised' : 'blank', officeCode: options.officeCode, caseCodes: options.caseCodes });
  return { survey, layoutHash: layout.hash, pageCount: layout.pages.length, serials: run.serials };
}

/**
 * Stores one scanned page as the ingest does (storePage), with the reads given: option codes for box questions
 * (`'?'` for a doubtful mark that goes to review), and handwritten fields waiting for a reviewer (`'image'`: written
 * in a zone kept as an image only, waiting for nobody).
 */
export function scannedPage(
  db: Db,
  form: { surveyId: string; layoutHash: string; serial: number; page: number; pageCount: number },
  reads: Record<string, string[] | '?' | 'handwriting' | 'image'>,
): void {
  const survey = loadSurveyDefinition(form.surveyId);
  const kinds = new Map(questionsOf(survey).map((q) => [q.id, q.kind]));
  const fields = Object.entries(reads).map(([questionId, read]): FieldRead => {
    const kind = kinds.get(questionId)!;
    if (kind === 'digits' || kind === 'date') return { questionId, kind, value: null, reasons: ['handwriting'] };
    if (kind === 'text') return read === 'image' ? { questionId, kind, value: null, confidence: null, inked: true, reasons: [] } : { questionId, kind, value: null, reasons: ['handwriting'] };
    return read === '?' ? { questionId, kind, boxes: [], value: [], reasons: ['marginalMark'] } : { questionId, kind, boxes: [], value: read as string[], reasons: [] };
  });
  const sha256 = createHash('sha256').update(`${form.serial}/${form.page}`).digest('hex');
  beginScanFile(db, { sha256, name: `scan-${form.serial}-${form.page}.pdf`, size: 1, source: 'cli' }, 1);
  storePage(db, {
    sha256,
    pageIndex: 0,
    clips: [],
    read: {
      kind: 'read',
      qr: { surveyId: form.surveyId, layoutHash: form.layoutHash, serial: form.serial, page: form.page, pageCount: form.pageCount },
      turned: false,
      scale: 1,
      transform: [1, 0, 0, 0, 1, 0, 0, 0, 1],
      quarterTurned: false,
      fields,
      needsReview: fields.some((f) => f.reasons.length > 0),
    },
  });
}

/** A register with the given cases, as the register import leaves it. */
export function registerCases(db: Db, cases: { caseCode: string; officeCode: string; officeName: string; level: string; phone?: string; returnedOn?: string }[]): void {
  const importId = Number(db.prepare(`INSERT INTO register_imports (file_name, sha256, rows_read, rows_kept, rows_bad, actor) VALUES ('so.csv', 'x', 0, 0, 0, 'test')`).run().lastInsertRowid);
  for (const c of cases) {
    db.prepare('INSERT INTO offices (code, name, level) VALUES (?, ?, ?) ON CONFLICT (code) DO NOTHING').run(c.officeCode, c.officeName, c.level);
    db.prepare('INSERT INTO register_cases (case_code, office_code, phone, returned_on, import_id) VALUES (?, ?, ?, ?, ?)').run(c.caseCode, c.officeCode, c.phone ?? null, c.returnedOn ?? null, importId);
  }
}
