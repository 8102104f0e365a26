import { createHash } from 'node:crypto';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import { faintMarkSpots, readChoice, type BoxInk } from '../../src/recognize/checkboxes.js';
import type { FieldRead } from '../../src/recognize/readPage.js';
import { DEFAULT_SETTINGS } from '../../src/recognize/settings.js';
import { seededRandom } from '../../src/sampling/random.js';
import type { Db } from '../../src/store/db.js';
import { markBatchFor } from '../../src/store/markCuts.js';
import { createPrintRun, saveLayout } from '../../src/store/printRuns.js';
import { beginScanFile } from '../../src/store/scans.js';
import { storePage } from '../../src/ingest/storePage.js';

const s = DEFAULT_SETTINGS.checkbox;

/**
 * A batch of SIPAS first pages read as the reader reads them (readChoice over each box's ink, the page's specks from
 * its own boxes), stored as ingest stores them, in one mark batch. `emptyInk` gives each empty box its ink; each
 * question has one firm cross on the option `answer` gives. Returns the truth: the code marked per form and question.
 */
export function scannedBatch(db: Db, forms: number, emptyInk: () => number, seed: string) {
  const survey = loadSurveyDefinition('sipas');
  const layout = layoutForm(survey);
  saveLayout(db, survey, layout);
  const { serials } = createPrintRun(db, { layoutHash: layout.hash, surveyId: 'sipas', kind: 'blank', caseCodes: Array(forms).fill(null) });
  const batch = markBatchFor(db, 'Lô thử');
  const random = seededRandom(seed);
  const questions = layout.fields.filter((f) => f.page === 1 && 'options' in f);
  const truth = new Map<string, string>();
  for (const serial of serials) {
    const inks = new Map<string, BoxInk[]>();
    for (const q of questions) {
      if (!('options' in q)) continue;
      const answer = Math.floor(random() * q.options.length);
      truth.set(`${serial}/${q.questionId}`, q.options[answer].code);
      inks.set(q.questionId, q.options.map((_, i) => (i === answer ? { score: 0.25 + 0.2 * random(), extent: 0.9, spots: 1 } : { score: emptyInk(), extent: 0.3, spots: 0 })));
    }
    const faintSpots = faintMarkSpots([...inks.values()].flat(), s);
    const fields: FieldRead[] = questions.map((q) => {
      if (!('options' in q)) throw new Error('a box question');
      return { questionId: q.questionId, kind: q.kind as 'single', ...readChoice(q.kind as 'single', q.options, inks.get(q.questionId)!, s, faintSpots) };
    });
    const sha256 = createHash('sha256').update(`${seed}/${serial}`).digest('hex');
    beginScanFile(db, { sha256, name: `lo-${serial}.pdf`, size: 1, source: 'cli', markBatch: batch }, 1);
    const qr = { surveyId: 'sipas', layoutHash: layout.hash, serial, page: 1, pageCount: layout.pages.length };
    storePage(db, { sha256, pageIndex: 0, clips: [], read: { kind: 'read', qr, turned: false, scale: 1, transform: [1, 0, 0, 0, 1, 0, 0, 0, 1], quarterTurned: false, fields, needsReview: true } });
  }
  return { batch, truth, questions: questions.length, forms };
}
