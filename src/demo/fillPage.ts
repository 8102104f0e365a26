import type { FormLayout } from '../layout/types.js';
import { renderTextLine, type DigitSource, type TextStyle } from './handwriting.js';
import { drawMark } from './marks.js';
import { pasteInk, type Sheet } from './pen.js';
import { answerChoice, digitsFor, textFor, textKind, type ChoiceTruth, type Habits, type PencilOnScan } from './respondent.js';

/** How one simulated respondent fills in a form. */
export interface Respondent {
  habits: Habits;
  digits: DigitSource;
  /** Whether the scan keeps light pencil: decides the truth of a pencil mark. */
  pencil: PencilOnScan;
  /** Share of digit and text fields left empty. */
  skipWriting: number;
  /** Share of text fields written in print-like capitals rather than a running hand. */
  printedText: number;
  /**
   * Share of pages with comment zones on which the respondent writes a comment, in one of them; the other fields are
   * then left empty at `skipWriting`. Unset, every comment zone is written or skipped like any field.
   */
  commentShare?: number;
  /** The days a date field is written in (ISO, inclusive): the round's period. Unset, any day of 2025. */
  dates?: { from: string; to: string };
}

export interface DigitTruth {
  questionId: string;
  /** The digits written, one per cell from the first; empty when the field was left blank. */
  digits: string;
  /** Per written cell, the MNIST test image used (null for a font digit). */
  mnistIndexes: (number | null)[];
}

export interface TextTruth {
  questionId: string;
  lines: string[];
  style: TextStyle;
}

export interface PageAnswers {
  choices: ChoiceTruth[];
  digits: DigitTruth[];
  texts: TextTruth[];
}

/** Fills in every field of one page of a form, on paper or through a scan's transform, and says what was written. */
export async function fillPage(sheet: Sheet, layout: FormLayout, pageNumber: number, random: () => number, respondent: Respondent): Promise<PageAnswers> {
  const answers: PageAnswers = { choices: [], digits: [], texts: [] };
  const commentZones = layout.fields.filter((f) => f.page === pageNumber && f.kind === 'text' && textKind(f) === 'comment').map((f) => f.questionId);
  const commentWritten =
    respondent.commentShare !== undefined && commentZones.length && random() < respondent.commentShare ? commentZones[Math.floor(random() * commentZones.length)] : undefined;
  for (const field of layout.fields) {
    if (field.page !== pageNumber) continue;
    if ('options' in field) {
      const truth = answerChoice(field, respondent.habits, respondent.pencil, random);
      for (const mark of truth.marks) drawMark(sheet, field.options.find((o) => o.code === mark.code)!.rect, mark.kind, random);
      answers.choices.push(truth);
    } else if (field.kind === 'text') {
      const skipped = respondent.commentShare !== undefined && textKind(field) === 'comment' ? field.questionId !== commentWritten : random() < respondent.skipWriting;
      if (skipped) continue;
      const style: TextStyle = random() < respondent.printedText ? 'printed' : 'handwritten';
      const lines = textFor(field, random);
      const lineHeight = field.rect.h / field.lines;
      for (let i = 0; i < lines.length; i++) {
        const rect = { x: field.rect.x, y: field.rect.y + i * lineHeight, w: field.rect.w, h: lineHeight };
        const ink = await renderTextLine(lines[i], Math.round(rect.w * sheet.pixelsPerPoint), Math.round(rect.h * sheet.pixelsPerPoint), style, random);
        pasteInk(sheet, rect, ink);
      }
      answers.texts.push({ questionId: field.questionId, lines, style });
    } else {
      const digits = random() < respondent.skipWriting ? '' : digitsFor(field, random, respondent.dates);
      const mnistIndexes: (number | null)[] = [];
      for (let i = 0; i < digits.length; i++) {
        const cell = field.cells[i];
        const ink = respondent.digits(Number(digits[i]), random);
        // The digit's frame a little taller than the cell, as MNIST frames a digit in 70 % of its square: the digit
        // fills most of the cell and now and then touches its border.
        const side = cell.h * (0.9 + random() * 0.15);
        const cx = cell.x + cell.w / 2 + (random() * 2 - 1) * 1.2;
        const cy = cell.y + cell.h / 2 + (random() * 2 - 1) * 1.2;
        pasteInk(sheet, { x: cx - side / 2, y: cy - side / 2, w: side, h: side }, ink.image);
        mnistIndexes.push(ink.mnistIndex ?? null);
      }
      answers.digits.push({ questionId: field.questionId, digits, mnistIndexes });
    }
  }
  return answers;
}
