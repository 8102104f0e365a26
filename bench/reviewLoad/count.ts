import type { FieldLayout, FormLayout } from '../../src/layout/types.js';
import type { FieldRead } from '../../src/recognize/readPage.js';
import type { DigitTruth, TextTruth } from '../../src/demo/fillPage.js';
import { spotsToType, typeOverSpots } from '../../src/handwriting/doubtfulCells.js';
import { compareWithTruth, type StoredPage } from '../../tools/scangen/judge.js';
import type { ChoiceTruth } from '../../src/demo/respondent.js';
import type { BatchTruth, PageTruth } from '../../tools/scangen/scanBatch.js';
import type { StoredReviewItem } from '../../tools/scangen/storedPages.js';

/**
 * Counting-critical items keep a form out of the count (marks, the digits that decide identity and counting rules,
 * pages not matched to a form); transcription is free text, and phones no reading of which changes a count, to type
 * without holding counting up. Each item is counted in the queue ingest put it in.
 */
export type Queue = StoredReviewItem['queue'];
export type ItemKind = 'choice' | 'digits' | 'text' | 'page';

/**
 * A person's time, from the keystroke-level model (Card, Moran & Newell, 1980): one mental act M = 1.35 s to take in a
 * clip and decide, and K = 0.28 s a keystroke (an average skilled typist). A handwritten text line costs one more M to
 * read; a page not matched to a form three (find the form, its page, check). REVIEW-LOAD.md asks for items and
 * keystrokes counted and seconds derived from them: this is that derivation, and nothing more.
 */
export const TIME_MODEL = { mentalSeconds: 1.35, keystrokeSeconds: 0.28, textLineMentalActs: 1, pageMentalActs: 3, pageKeystrokes: 8 } as const;

/**
 * Keystrokes to settle an item, as the review screen takes them (web-entry/js/screens/review.js, proved at 1366×768
 * by test/e2e/reviewScreen.test.ts): Enter alone when the machine's read is right. A box question: one key picks the
 * box (or 0 clears it) and Enter; a multiple-answer question a key per box to toggle. A digit field: Enter alone
 * takes the first of the offered candidates, a key (2–3) and Enter another; else the box opens on the machine's digits
 * with the first doubtful one selected (or the place of a struck-out cell), and each key puts a digit right there and
 * moves to the next (Tab first when candidates were offered); a wrong digit the reader did not doubt means selecting
 * all (Ctrl+A, two keys) and typing the value in full. Free text typed in full and Enter (Vietnamese in Telex: one
 * key per letter and per tone or accent mark, counted on the NFD form).
 */
export function keystrokes(kind: ItemKind, truth: ChoiceTruth | DigitTruth | TextTruth | undefined, read: FieldRead | undefined): number {
  if (kind === 'page' || !read) return TIME_MODEL.pageKeystrokes;
  if (kind === 'choice') {
    const target = (truth as ChoiceTruth | undefined)?.silentReads[0] ?? [];
    const value = (read.value ?? []) as string[];
    const toggles = value.filter((c) => !target.includes(c)).length + target.filter((c) => !value.includes(c)).length;
    if (toggles === 0) return 1;
    return read.kind === 'multiple' && target.length > 0 ? 1 + toggles : 2;
  }
  if (kind === 'digits') {
    const written = (truth as DigitTruth | undefined)?.digits ?? '';
    const offered = 'candidates' in read ? (read.candidates ?? []).slice(0, 3).map((c) => c.replace(/\D/g, '')) : [];
    if ((offered[0] ?? digitsOf(read)) === written) return 1;
    if (offered.includes(written)) return 2;
    return (offered.length ? 1 : 0) + typedDigitKeys(read, written);
  }
  const text = textOf(truth as TextTruth | undefined);
  return normalised(typeof read.value === 'string' ? read.value : '') === normalised(text) ? 1 : text.normalize('NFD').length + 1;
}

/** Keys to put a digit field right in the box the screen opens (see keystrokes), Enter included. */
function typedDigitKeys(read: FieldRead, written: string): number {
  const value = typeof read.value === 'string' ? read.value : '';
  const spots = 'cells' in read ? typeOverSpots(value, read.cells, read.kind) : [];
  // Nothing selected but the whole box: the value typed over it.
  if (!spots.length) return written.length + 1;
  const typed = spotsToType(digitsOf(read), written, spots);
  return typed === null ? 2 + written.length + 1 : typed + 1;
}

export function secondsFor(kind: ItemKind, truth: ChoiceTruth | DigitTruth | TextTruth | undefined, keys: number): number {
  const acts = kind === 'page' ? TIME_MODEL.pageMentalActs : kind === 'text' ? 1 + TIME_MODEL.textLineMentalActs * Math.max(1, (truth as TextTruth | undefined)?.lines.length ?? 1) : 1;
  return acts * TIME_MODEL.mentalSeconds + keys * TIME_MODEL.keystrokeSeconds;
}

export type DigitFieldKind = 'phone' | 'date' | 'caseCode';

export interface DigitFieldCounts {
  total: number;
  written: number;
  reviewed: number;
  acceptedWrong: number;
}

export interface ReviewLoad {
  forms: number;
  pages: number;
  items: Record<Queue, number>;
  itemsByKind: Record<ItemKind, number>;
  /** Items by reason; an item with two reasons counts under each. */
  byReason: Record<string, number>;
  keystrokes: Record<Queue, number>;
  /** Items and their keystrokes by reason; an item with two reasons counts under each. */
  keystrokesByReason: Record<string, { items: number; keys: number }>;
  seconds: Record<Queue, number>;
  /** Box-question items whose marks were firm on paper (no pencil, dot or double answer): the reader's doubt alone. */
  choiceItemsOnFirmMarks: number;
  /** Forms, and items per queue, of each survey. */
  bySurvey: Record<string, { forms: number } & Record<Queue, number>>;
  /** Pages, and items per queue, of each way of scanning ('300 dpi jpeg', '200 dpi g4'). */
  byScan: Record<string, { pages: number } & Record<Queue, number>>;
  /** Forms with no counting-critical item: they count without anyone. */
  formsWithoutCountingItems: number;
  digitFields: DigitFieldCounts & { accepted: number };
  /** The same by what the field holds, with why those sent to a person went and what settled those that did not. */
  digitFieldsByKind: Record<DigitFieldKind, DigitFieldCounts & { reasons: Record<string, number>; settledBy: Record<string, number> }>;
  /** Box questions and digit fields a person never saw whose value differs from the truth. */
  wrongSilent: { marks: string[]; digits: string[] };
  /**
   * Phones accepted as they are because none of their likely readings could change a count (issue 17: the forms
   * limit, a staff phone): marked so in the read, not silent, but their digits may differ from what was written.
   */
  settledWithoutCountingChange: { total: number; differing: string[] };
  /**
   * Doubtful phones and quick forms' case codes that wait to be typed without holding their form's count up, since
   * none of their readings could change one; those whose readings miss what was written, since then the weighing
   * proved nothing.
   */
  waitingToType: Record<'phone' | 'caseCode', { total: number; missingWritten: string[] }>;
  /** Written text zones read as empty, with no item: a comment lost without anyone knowing. */
  textsLost: string[];
  /**
   * Written zones the survey keeps as images only: no item, nobody types them, nothing counted reads them. The time to
   * read each once (as a text item is read, without the typing) is the office's follow-up of its comments, not review.
   */
  keptAsImages: { zones: number; readingSeconds: number };
  /** Items that name no field of their page, and pages not stored where the truth puts them: both should be empty. */
  strayItems: string[];
  misplaced: string[];
}

/** Sets the review items and reads ingest stored against the batch's truth. Pure: the same inputs give the same figures. */
export function reviewLoad(truth: BatchTruth, layouts: Map<string, FormLayout>, pages: StoredPage[], items: StoredReviewItem[]): ReviewLoad {
  const place = (file: string, pageIndex: number) => `${file}#${pageIndex}`;
  const truthAt = new Map(truth.pages.map((p) => [place(p.file, p.pageIndex), p]));
  const storedAt = new Map(pages.map((p) => [place(p.file, p.pageIndex), p]));
  const comparison = compareWithTruth(truth, pages);
  const load: ReviewLoad = {
    forms: new Set(truth.pages.flatMap((p) => (p.content.kind === 'form' ? [p.content.serial] : []))).size,
    pages: truth.pages.length,
    items: { counting: 0, transcription: 0 },
    itemsByKind: { choice: 0, digits: 0, text: 0, page: 0 },
    byReason: {},
    keystrokes: { counting: 0, transcription: 0 },
    keystrokesByReason: {},
    seconds: { counting: 0, transcription: 0 },
    choiceItemsOnFirmMarks: 0,
    bySurvey: {},
    byScan: {},
    formsWithoutCountingItems: 0,
    digitFields: { total: 0, written: 0, reviewed: 0, accepted: 0, acceptedWrong: 0 },
    digitFieldsByKind: {
      phone: { total: 0, written: 0, reviewed: 0, acceptedWrong: 0, reasons: {}, settledBy: {} },
      date: { total: 0, written: 0, reviewed: 0, acceptedWrong: 0, reasons: {}, settledBy: {} },
      caseCode: { total: 0, written: 0, reviewed: 0, acceptedWrong: 0, reasons: {}, settledBy: {} },
    },
    wrongSilent: { marks: comparison.wrongSilent, digits: [] },
    settledWithoutCountingChange: { total: 0, differing: [] },
    waitingToType: { phone: { total: 0, missingWritten: [] }, caseCode: { total: 0, missingWritten: [] } },
    textsLost: [],
    keptAsImages: { zones: 0, readingSeconds: 0 },
    strayItems: [],
    misplaced: comparison.misplaced,
  };
  for (const page of truth.pages) {
    (load.byScan[scanOf(page)] ??= { pages: 0, counting: 0, transcription: 0 }).pages++;
    if (page.content.kind !== 'form' || page.content.page !== 1) continue;
    (load.bySurvey[page.content.surveyId] ??= { forms: 0, counting: 0, transcription: 0 }).forms++;
  }
  const serialsWithCountingItems = new Set<number>();
  for (const item of items) {
    const pageTruth = truthAt.get(place(item.file, item.pageIndex));
    const where = `${item.file} page ${item.pageIndex + 1}${item.questionId ? ` ${item.questionId}` : ''}`;
    const field = item.questionId === null ? undefined : fieldOf(pageTruth, layouts, item.questionId);
    if (!pageTruth || (item.questionId !== null && !field)) {
      load.strayItems.push(`${where}: ${item.reasons.join(',')}`);
      continue;
    }
    const kind: ItemKind = !field ? 'page' : 'options' in field ? 'choice' : field.kind === 'text' ? 'text' : 'digits';
    const { queue } = item;
    const answer = field && answerOf(pageTruth, field.questionId);
    const read = field && readOf(storedAt.get(place(item.file, item.pageIndex)), field.questionId);
    const keys = keystrokes(kind, answer, read);
    load.items[queue]++;
    load.itemsByKind[kind]++;
    for (const reason of item.reasons) {
      load.byReason[reason] = (load.byReason[reason] ?? 0) + 1;
      const byReason = (load.keystrokesByReason[reason] ??= { items: 0, keys: 0 });
      byReason.items++;
      byReason.keys += keys;
    }
    if (kind === 'choice' && !(answer as ChoiceTruth | undefined)?.reviewAllowed) load.choiceItemsOnFirmMarks++;
    if (pageTruth.content.kind === 'form') load.bySurvey[pageTruth.content.surveyId][queue]++;
    load.byScan[scanOf(pageTruth)][queue]++;
    load.keystrokes[queue] += keys;
    load.seconds[queue] += secondsFor(kind, answer, keys);
    if (queue === 'counting' && pageTruth.content.kind === 'form') serialsWithCountingItems.add(pageTruth.content.serial);
  }
  load.formsWithoutCountingItems = load.forms - serialsWithCountingItems.size;

  for (const pageTruth of truth.pages) {
    const stored = storedAt.get(place(pageTruth.file, pageTruth.pageIndex));
    if (stored?.read.kind !== 'read' || stored.outcome !== 'read') continue;
    const where = `${pageTruth.file} page ${pageTruth.pageIndex + 1}`;
    for (const digits of pageTruth.answers?.digits ?? []) {
      const read = readOf(stored, digits.questionId);
      if (!read) continue;
      const field = fieldOf(pageTruth, layouts, digits.questionId);
      const byKind = load.digitFieldsByKind[field?.kind === 'date' ? 'date' : field && 'format' in field && field.format === 'phone' ? 'phone' : 'caseCode'];
      load.digitFields.total++;
      byKind.total++;
      if (digits.digits) {
        load.digitFields.written++;
        byKind.written++;
      }
      if (read.reasons.length) {
        load.digitFields.reviewed++;
        byKind.reviewed++;
        for (const reason of read.reasons) byKind.reasons[reason] = (byKind.reasons[reason] ?? 0) + 1;
        const [waiting, readings] = 'phoneReadings' in read && read.phoneReadings ? (['phone', read.phoneReadings] as const) : 'caseReadings' in read && read.caseReadings ? (['caseCode', read.caseReadings] as const) : [];
        if (waiting) {
          load.waitingToType[waiting].total++;
          if (!readings.some((r) => r.replace(/\D/g, '') === digits.digits)) load.waitingToType[waiting].missingWritten.push(`${where} ${digits.questionId}: wrote ${digits.digits}, weighed ${readings.length} readings`);
        }
        continue;
      }
      load.digitFields.accepted++;
      const settledBy = ('settledBy' in read && read.settledBy) || 'sure';
      byKind.settledBy[settledBy] = (byKind.settledBy[settledBy] ?? 0) + 1;
      if (digitsOf(read) !== digits.digits) byKind.acceptedWrong++;
      if (settledBy === 'noCountingChange') {
        load.settledWithoutCountingChange.total++;
        if (digitsOf(read) !== digits.digits) {
          // Accepted and wrong all the same: counted there, but not as silent, since the read says how it was settled.
          load.digitFields.acceptedWrong++;
          load.settledWithoutCountingChange.differing.push(`${where} ${digits.questionId}: wrote ${digits.digits}, kept ${read.value}`);
        }
        continue;
      }
      if (digitsOf(read) !== digits.digits) {
        load.digitFields.acceptedWrong++;
        load.wrongSilent.digits.push(`${where} ${digits.questionId}: wrote ${digits.digits || '(nothing)'}, read ${read.value || '(nothing)'}`);
      }
    }
    for (const text of pageTruth.answers?.texts ?? []) {
      const read = readOf(stored, text.questionId);
      if (read && 'inked' in read && !read.reasons.length && !read.inked) load.textsLost.push(`${where} ${text.questionId}: ${textOf(text)}`);
      if (read && 'inked' in read && !read.reasons.length && read.inked && read.value === null) {
        load.keptAsImages.zones++;
        load.keptAsImages.readingSeconds += secondsFor('text', text, 0);
      }
    }
  }
  return load;
}

const scanOf = (page: PageTruth) => `${page.scan.dpi} dpi ${page.scan.encoding.kind}`;

function fieldOf(page: PageTruth | undefined, layouts: Map<string, FormLayout>, questionId: string): FieldLayout | undefined {
  if (page?.content.kind !== 'form') return undefined;
  const number = page.content.page;
  return layouts.get(page.content.layoutHash)?.fields.find((f) => f.questionId === questionId && f.page === number);
}

function answerOf(page: PageTruth, questionId: string): ChoiceTruth | DigitTruth | TextTruth | undefined {
  const answers = page.answers;
  return answers && [...answers.choices, ...answers.digits, ...answers.texts].find((a) => a.questionId === questionId);
}

function readOf(page: StoredPage | undefined, questionId: string): FieldRead | undefined {
  return page?.read.kind === 'read' ? page.read.fields.find((f) => f.questionId === questionId) : undefined;
}

/** A digit read as the digits written: a date's dd/mm/yyyy back to ddmmyyyy. */
const digitsOf = (read: FieldRead) => (typeof read.value === 'string' ? read.value.replace(/\D/g, '') : '');
const textOf = (text: TextTruth | undefined) => text?.lines.join(' ') ?? '';
const normalised = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim();
