import type { RespondentField } from '../survey/schema.js';

/** A rectangle in PDF points, origin at the top-left of the page, y growing downwards. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type FontName = 'regular' | 'bold' | 'italic' | 'value';

/** One line of text, already broken; `y` is the top of the line box. */
export interface TextItem {
  type: 'text';
  text: string;
  x: number;
  y: number;
  width: number;
  font: FontName;
  size: number;
  underline?: boolean;
}

/** Things a page prints. Everything a reader looks at is also named in `FormLayout.fields`. */
export type PrintItem =
  | TextItem
  | { type: 'checkbox'; rect: Rect }
  | { type: 'digitCell'; rect: Rect }
  /** A dotted writing line of a handwritten text zone. */
  | { type: 'writingLine'; x1: number; x2: number; y: number }
  /** A thin separator (tables, header underline). */
  | { type: 'rule'; x1: number; x2: number; y: number; grey: boolean };

/** Per-copy values: the serial and page, and on personalised copies the respondent's register data. */
export type SlotName = RespondentField | 'serial';

export interface Slot {
  name: SlotName;
  page: number;
  /** Where the value is printed: the text starts at x, top at y, cut to w. */
  rect: Rect;
  size: number;
  font: FontName;
  align: 'left' | 'right' | 'center';
}

export interface PageLayout {
  number: number;
  /** Corner registration marks: top-left, top-right, bottom-left, bottom-right. Solid squares. */
  marks: [Rect, Rect, Rect, Rect];
  /** The QR symbol's area including its quiet zone. */
  qr: Rect;
  items: PrintItem[];
}

export interface BoxOption {
  code: string;
  label: string;
  /** The printed square. */
  rect: Rect;
}

interface FieldBase {
  questionId: string;
  page: number;
  element?: string;
  criterion?: string;
}

export type FieldLayout =
  /** `maxChoices`: a multiple-answer question's limit; more marks than that go to a person. */
  | (FieldBase & { kind: 'single' | 'multiple' | 'scale'; options: BoxOption[]; maxChoices?: number })
  | (FieldBase & { kind: 'digits'; format: 'phone' | 'caseCode' | 'number'; cells: Rect[] })
  /** Eight cells: dd mm yyyy. */
  | (FieldBase & { kind: 'date'; cells: Rect[] })
  /** `transcribe: 'image'`: the writing is kept as its clip only and never goes to a person to type. */
  | (FieldBase & { kind: 'text'; lines: number; rect: Rect; list?: 'procedures' | 'staff'; transcribe?: 'image' });

export interface FormLayout {
  surveyId: string;
  /** Identifies this exact geometry; printed in every QR, so a reader finds the layout a page was printed with. */
  hash: string;
  pageSize: { width: number; height: number };
  /** The printable area all content keeps to (≥ 10 mm from every edge). */
  printable: Rect;
  pages: PageLayout[];
  fields: FieldLayout[];
  slots: Slot[];
}

export const MM = 72 / 25.4;
