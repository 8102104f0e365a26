import type { PageRead } from '../../src/recognize/readPage.js';
import type { ChoiceTruth } from '../../src/demo/respondent.js';
import type { BatchTruth } from './scanBatch.js';

/** How a reader did on one box question: right, sent to a person, or wrong without telling anyone. */
export type ChoiceVerdict = 'right' | 'reviewed' | 'wrongSilent';

/** A read that asked no one is right only when its chosen codes are one of the truth's silent reads. */
export function judgeChoice(truth: ChoiceTruth, read: { value: string[]; reasons: readonly string[] }): ChoiceVerdict {
  if (read.reasons.length > 0) return 'reviewed';
  const right = truth.silentReads.some((codes) => codes.length === read.value.length && read.value.every((code) => codes.includes(code)));
  return right ? 'right' : 'wrongSilent';
}

/** A page as the store kept it, named by its file's name and its index in the file. */
export interface StoredPage {
  file: string;
  pageIndex: number;
  outcome: string;
  serial: number | null;
  pageNumber: number | null;
  read: PageRead | { kind: 'refused' };
}

export interface BatchComparison {
  /** Pages whose stored outcome, serial or page differ from the truth, or that were not stored at all. */
  misplaced: string[];
  /** Read pages whose upside-down turn was missed or imagined. */
  wrongTurn: string[];
  choices: Record<ChoiceVerdict, number>;
  /** Questions answered with firm marks (no pencil, dot or double answer), and how many of them went to a person. */
  firmChoices: number;
  firmReviewed: number;
  wrongSilent: string[];
}

/**
 * Compares what ingest stored with the batch's truth. Two scans of one serial's page are compared as a group (one
 * read, the rest duplicates), because pages read in parallel may be stored in either order.
 */
export function compareWithTruth(truth: BatchTruth, stored: StoredPage[]): BatchComparison {
  const byPlace = new Map(stored.map((s) => [`${s.file}#${s.pageIndex}`, s]));
  const result: BatchComparison = { misplaced: [], wrongTurn: [], choices: { right: 0, reviewed: 0, wrongSilent: 0 }, firmChoices: 0, firmReviewed: 0, wrongSilent: [] };
  const groups = new Map<string, { expected: string[]; stored: string[] }>();
  for (const page of truth.pages) {
    const place = `${page.file} page ${page.pageIndex + 1}`;
    const row = byPlace.get(`${page.file}#${page.pageIndex}`);
    if (!row) {
      result.misplaced.push(`${place}: not stored`);
      continue;
    }
    const content = page.content;
    if (content.kind === 'form' && (row.outcome === 'read' || row.outcome === 'duplicate' || row.outcome === 'wrongSurvey') && (row.serial !== content.serial || row.pageNumber !== content.page)) {
      result.misplaced.push(`${place}: stored as serial ${row.serial} page ${row.pageNumber}, is ${content.serial} page ${content.page}`);
    }
    if ((page.expectedOutcome === 'read' || page.expectedOutcome === 'duplicate') && content.kind === 'form') {
      const key = `${content.surveyId}/${content.serial}/${content.page}`;
      const group = groups.get(key) ?? { expected: [], stored: [] };
      group.expected.push(page.expectedOutcome);
      group.stored.push(row.outcome);
      groups.set(key, group);
    } else if (row.outcome !== page.expectedOutcome) result.misplaced.push(`${place}: stored as ${row.outcome}, expected ${page.expectedOutcome}`);
    if (row.outcome !== 'read' || row.read.kind !== 'read') continue;
    if (row.read.turned !== page.scan.geometry.upsideDown) result.wrongTurn.push(`${place}: turned ${row.read.turned}`);
    const read = row.read;
    for (const choice of page.answers?.choices ?? []) {
      const field = read.fields.find((f) => f.questionId === choice.questionId);
      if (!field || !('boxes' in field)) {
        result.misplaced.push(`${place}: no read of ${choice.questionId}`);
        continue;
      }
      const verdict = judgeChoice(choice, field);
      result.choices[verdict]++;
      if (!choice.reviewAllowed) {
        result.firmChoices++;
        if (verdict === 'reviewed') result.firmReviewed++;
      }
      if (verdict === 'wrongSilent') result.wrongSilent.push(`${place} ${choice.questionId}: marks ${JSON.stringify(choice.marks)}, read ${JSON.stringify(field.value)}`);
    }
  }
  for (const [key, group] of groups) {
    if (group.expected.sort().join() !== group.stored.sort().join()) result.misplaced.push(`${key}: stored ${group.stored.join(', ')}, expected ${group.expected.join(', ')}`);
  }
  return result;
}
