import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runIfMain, type Figures } from './harness.js';
import { CONTEXT_DESCRIPTION, contextEffect, importFieldContext, resultOutcomes } from './reviewLoad/context.js';
import { reviewLoad, TIME_MODEL, type ReviewLoad } from './reviewLoad/count.js';
import { MISSING_SHARE, PHONES_MISSING_SHARE, importWrittenRegister } from './reviewLoad/register.js';
import { REALISTIC_HABITS, REALISTIC_WRITING, ROUND_DAYS, ingestWorkload, makeWorkload } from './reviewLoad/workload.js';
import { WRITER_SHARES } from './reviewLoad/writers.js';
import { openDatabase } from '../src/store/db.js';

/**
 * A person's work per form on a realistic stack (REVIEW-LOAD.md): forms of the three surveys filled in as respondents
 * fill them, scanned at 300-dpi grey and 200-dpi bilevel, through the real ingest; the review items it made, set
 * against the generator's truth. Prints each figure beside its goal in issue 17; asserts none.
 */
const FORMS = Number(process.env.BENCH_REVIEW_FORMS ?? 90);

export async function benchReviewLoad(forms = FORMS): Promise<Figures> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'phieu-bench-review-load-'));
  try {
    const started = performance.now();
    const workload = await makeWorkload(root, forms);
    const register = await importWrittenRegister(workload);
    const db = openDatabase(workload.dataDir);
    const context = await importFieldContext(db, workload, { cases: register.registerCases, repeatCases: register.repeatCases }).finally(() => db.close());
    const generated = performance.now();
    const ingested = await ingestWorkload(workload);
    const seconds = (t: number) => Number(((t - generated) / 1000).toFixed(0));
    const figures = reviewFigures(reviewLoad(workload.truth, workload.layouts, ingested.pages, ingested.items));
    const officialForms = workload.truth.pages.flatMap((p) => (p.content.kind === 'form' && p.answers?.digits.some((d) => d.questionId === 'phone' && context.staffWriters.includes(d.digits)) ? [p.content.serial] : []));
    const stored = openDatabase(workload.dataDir);
    let effect: ReturnType<typeof contextEffect>;
    let outcomes: ReturnType<typeof resultOutcomes>;
    try {
      effect = contextEffect(stored, ingested.pages);
      outcomes = resultOutcomes(stored);
    } finally {
      stored.close();
    }
    const officialOutcomes: Record<string, number> = {};
    for (const serial of officialForms) {
      const name = outcomes.paper.get(serial) ?? 'not stored';
      officialOutcomes[name] = (officialOutcomes[name] ?? 0) + 1;
    }
    return {
      ...figures,
      'review-load: workload': `${figures['review-load: workload']}; ${CONTEXT_DESCRIPTION}`,
      'review-load: field context imported before the scans (kiosk answers, Hue-S answers, staff; staff phones written on one-stop forms)': `${context.kioskAnswers}, ${context.hueSAnswers}, ${context.staff}; ${context.staffWriters.length}`,
      'review-load: doubtful phones waiting to be typed / held in the counting queue since a reading changes a count': `${effect.waiting.phone} / ${effect.held.phone}`,
      'review-load: doubtful case codes waiting to be typed / held in the counting queue since a reading changes a count': `${effect.waiting.caseCode} / ${effect.held.caseCode}`,
      'review-load: paper forms in the results, unreviewed (counted, or why not yet or not at all)': Object.entries(outcomes.bySurvey).map(([survey, o]) => `${survey}: ${counts(o.paper)}`).join('; '),
      'review-load: electronic answers in the results (counted, or why not)': Object.entries(outcomes.bySurvey).map(([survey, o]) => `${survey}: ${counts(o.electronic)}`).join('; '),
      'review-load: one-stop forms an official filled in, in the results (goal: none counted)': counts(officialOutcomes),
      'review-load: register the written digits are matched against': `${register.cases} cases of the forms' office returned in the round (${workload.period.from} to ${workload.period.to}), each with a phone: the quick forms' written codes (${MISSING_SHARE * 100} % missing) and the 50 numbered on either side of each; a case for each one-stop respondent, with the phone they write (${register.phonesInRegister} of ${register.phonesWritten}: ${PHONES_MISSING_SHARE * 100} % missing); ${register.repeatCases.length} other cases of repeat respondents`,
      'review-load: (generating s, ingest s)': `${Number(((generated - started) / 1000).toFixed(0))}, ${seconds(performance.now())}`,
    };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** The figures of a review load, each with its goal. */
export function reviewFigures(load: ReviewLoad): Figures {
  const perForm = (n: number) => Number((n / Math.max(1, load.forms)).toFixed(2));
  const pct = (n: number, d: number, digits = 1) => `${((100 * n) / Math.max(1, d)).toFixed(digits)} %`;
  const all = load.items.counting + load.items.transcription;
  const { digitFields: d } = load;
  const problems = [...load.strayItems, ...load.misplaced, ...load.wrongSilent.marks, ...load.wrongSilent.digits, ...load.textsLost, ...load.waitingToType.phone.missingWritten, ...load.waitingToType.caseCode.missingWritten];
  return {
    'review-load: forms (pages; sipas, one-stop, quick alike)': `${load.forms} (${load.pages})`,
    'review-load: workload': `firm pen on ${((REALISTIC_HABITS.x + REALISTIC_HABITS.tick) * 100).toFixed(0)} % of box questions, ${REALISTIC_HABITS.none * 100} % blank; ${REALISTIC_WRITING.skipWriting * 100} % of fields empty; comments on ${REALISTIC_WRITING.commentShare! * 100} % of forms; digits MNIST ${WRITER_SHARES.mnist * 100} %, MNIST re-drawn ${WRITER_SHARES.restyledMnist * 100} %, font ${WRITER_SHARES.font * 100} %; 300-dpi grey and 200-dpi G4; blank forms of one office, handed out at its desk as a case is returned: one-stop forms dated in the round's period (the ${ROUND_DAYS} days up to the scan day) and their phones in the office's register but for ${PHONES_MISSING_SHARE * 100} %`,
    'review-load: counting-critical items per form (goal ≤ 0.33)': perForm(load.items.counting),
    'review-load: all items per form (goal ≤ 1)': perForm(all),
    'review-load: items per form by queue': `counting ${perForm(load.items.counting)}, transcription ${perForm(load.items.transcription)}`,
    'review-load: items per form by kind': Object.entries(load.itemsByKind).map(([k, n]) => `${k} ${perForm(n)}`).join(', '),
    'review-load: items per form by survey (counting + transcription)': Object.entries(load.bySurvey)
      .map(([id, s]) => `${id} ${(s.counting / Math.max(1, s.forms)).toFixed(2)} + ${(s.transcription / Math.max(1, s.forms)).toFixed(2)}`)
      .join(', '),
    'review-load: items per page by scan (counting + transcription)': Object.entries(load.byScan)
      .map(([scan, s]) => `${scan} ${(s.counting / Math.max(1, s.pages)).toFixed(2)} + ${(s.transcription / Math.max(1, s.pages)).toFixed(2)} (${s.pages} pages)`)
      .join(', '),
    'review-load: box items per form on firm marks (the reader doubts) / ambiguous on paper': `${perForm(load.choiceItemsOnFirmMarks)} / ${perForm(load.itemsByKind.choice - load.choiceItemsOnFirmMarks)}`,
    'review-load: items per form by reason': Object.entries(load.byReason).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${perForm(n)}`).join(', ') || 'none',
    'review-load: forms that count with no one (no counting item)': pct(load.formsWithoutCountingItems, load.forms, 0),
    'review-load: silent wrong reads, marks + counting digits (goal 0)': `${load.wrongSilent.marks.length + load.wrongSilent.digits.length} (marks ${load.wrongSilent.marks.length}, digits ${load.wrongSilent.digits.length})`,
    'review-load: digit fields sent to a person (goal ≤ 10 %)': `${pct(d.reviewed, d.total)} of ${d.total} (${d.written} written)`,
    'review-load: digit fields holding their form out of the count for a person (the rest of those above wait to be typed)': pct(d.reviewed - load.waitingToType.phone.total - load.waitingToType.caseCode.total, d.total),
    'review-load: digit fields accepted and wrong (goal ≤ 0.2 %)': `${pct(d.acceptedWrong, d.total, 2)} (${d.acceptedWrong} of ${d.total}; 95 % upper bound ${(100 * wilsonUpper(d.acceptedWrong, d.total)).toFixed(1)} %)`,
    ...Object.fromEntries(
      Object.entries(load.digitFieldsByKind).map(([kind, k]) => [
        `review-load: ${kind} fields: to a person (why), accepted how, accepted and wrong`,
        `${pct(k.reviewed, k.total)} of ${k.total} (${counts(k.reasons)}); ${counts(k.settledBy)}; ${k.acceptedWrong} (95 % upper bound ${(100 * wilsonUpper(k.acceptedWrong, k.total)).toFixed(1)} %)`,
      ]),
    ),
    'review-load: phones kept as read since no reading changes a count (their digits differ)': `${load.settledWithoutCountingChange.total} (${load.settledWithoutCountingChange.differing.length})`,
    'review-load: phones to type that hold no count up, none of their readings changing one (readings missing what was written)': `${load.waitingToType.phone.total} (${load.waitingToType.phone.missingWritten.length})`,
    'review-load: case codes to type that hold no count up, none of their readings changing one (readings missing what was written)': `${load.waitingToType.caseCode.total} (${load.waitingToType.caseCode.missingWritten.length})`,
    'review-load: keystrokes per counting item (goal ≤ 2)': Number((load.keystrokes.counting / Math.max(1, load.items.counting)).toFixed(2)),
    'review-load: keystrokes per item by reason': Object.entries(load.keystrokesByReason).sort((a, b) => b[1].items - a[1].items).map(([k, r]) => `${k} ${(r.keys / r.items).toFixed(1)}`).join(', ') || 'none',
    'review-load: keystrokes per form by queue': `counting ${perForm(load.keystrokes.counting)}, transcription ${perForm(load.keystrokes.transcription)}`,
    'review-load: seconds of a person per form (goal < 10 s)': `${perForm(load.seconds.counting + load.seconds.transcription)} (counting ${perForm(load.seconds.counting)}, transcription ${perForm(load.seconds.transcription)})`,
    'review-load: written answers kept as images only, per form (no item; reading each once, apart from review)': `${perForm(load.keptAsImages.zones)} (${perForm(load.keptAsImages.readingSeconds)} s a form)`,
    'review-load: time model': `${TIME_MODEL.mentalSeconds} s an item (a text line +${TIME_MODEL.mentalSeconds} s, a page item ×${TIME_MODEL.pageMentalActs}) + ${TIME_MODEL.keystrokeSeconds} s a keystroke (keystroke-level model)`,
    'review-load: written comments read as empty, no item': load.textsLost.length,
    'review-load: stray items, misplaced pages': `${load.strayItems.length}, ${load.misplaced.length}`,
    ...(problems.length ? { 'review-load: problems': problems.slice(0, 20).join(' | ') } : {}),
  };
}

/** Counts by name, largest first. */
function counts(byName: Record<string, number>): string {
  return (
    Object.entries(byName)
      .sort((a, b) => b[1] - a[1])
      .map(([name, n]) => `${name} ${n}`)
      .join(', ') || 'none'
  );
}

/** Upper end of the 95 % Wilson interval of a share: how high the true rate may be, given the few fields counted. */
function wilsonUpper(k: number, n: number): number {
  if (n === 0) return 1;
  const z = 1.96;
  const p = k / n;
  return (p + (z * z) / (2 * n) + z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
}

runIfMain(import.meta, () => benchReviewLoad());
