import { z } from 'zod';
import { PhieuError } from '../errors/errorTable.js';
import { describeIssues, vietnameseIssues } from '../errors/zodVietnamese.js';
import type { FormLayout } from '../layout/types.js';
import type { PageRead } from '../recognize/readPage.js';
import { surveyDefinitionSchema } from '../survey/schema.js';

/**
 * The JSON the store keeps of a page's read (`pages.read_json`, `page_assignments.original_read_json`) and of a
 * layout snapshot (`layouts.layout_json`), read back through versioned schemas instead of cast: a damaged row, or one
 * written by a newer phieu, is refused naming its table and row rather than handed on to count or draw from. Each is
 * written with `version`; a row written before versions were kept has none and reads as version 1, whose schema is
 * the shape phieu has written all along. A shape change adds a version here with its upgrade to the current one.
 */
const STORED_VERSION = 1;

const rect = z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() });
const qr = z.object({ surveyId: z.string(), layoutHash: z.string(), serial: z.number().int(), page: z.number().int(), pageCount: z.number().int() });
const reasons = z.array(z.string());

// What is read from a field is checked; what it carries besides (suggestions, what settled a doubt) is kept as stored,
// since the value handed on is the stored one once it passed (checking with plain objects is also the fast path).
const choiceField = z.object({
  questionId: z.string(),
  kind: z.enum(['single', 'multiple', 'scale']),
  boxes: z.array(z.object({ code: z.string(), score: z.number() })),
  value: z.array(z.string()),
  reasons,
});
/** A quick form's case code readings: register codes as the register spells them, or the digits of one it lacks. */
const caseReadings = z.array(z.string().min(1).max(64)).max(256);
/** The cells of a digit or date field as its page read them. */
export const storedDigitCells = z.array(z.object({ state: z.string(), digit: z.string().nullable(), confidence: z.number() }));
const digitField = z.object({
  questionId: z.string(),
  kind: z.enum(['digits', 'date']),
  // A purged read keeps the field with its value taken out.
  value: z.string().nullable(),
  cells: storedDigitCells,
  confidence: z.number(),
  reasons,
  phoneReadings: z.array(z.string().regex(/^\d{10,11}$/)).optional(),
  caseReadings: caseReadings.optional(),
});
const textField = z.object({ questionId: z.string(), kind: z.literal('text'), value: z.string().nullable(), inked: z.boolean(), reasons });
/** Handwriting stored before the machine read it: the clip alone, for a person. */
const unreadHandwriting = z.object({ questionId: z.string(), kind: z.enum(['digits', 'date', 'text']), value: z.null(), reasons });

const formRead = z.object({
  kind: z.literal('read'),
  qr: qr.optional(),
  turned: z.boolean().optional(),
  quarterTurned: z.boolean().optional(),
  scale: z.number().optional(),
  transform: z.array(z.number()).length(9).optional(),
  fields: z.array(z.union([choiceField, digitField, textField, unreadHandwriting])),
  needsReview: z.boolean().optional(),
});
const otherRead = z.object({
  kind: z.enum(['blank', 'unreadable', 'notOurForm', 'refused']),
  reason: z.string().optional(),
  message: z.string().optional(),
  qr: qr.optional(),
});
const READ_VERSIONS: Record<number, z.ZodType> = { 1: z.union([formRead, otherRead]) };

// What answers are taken from, for every form at once (results, exports): each field's value, reasons and box scores,
// and the page count the QR printed; the rest of a read (digit cells, the transform) is checked where it is used.
const handwrittenValue = z.object({
  questionId: z.string(),
  kind: z.enum(['digits', 'date', 'text']),
  value: z.string().nullable(),
  reasons,
  // A doubtful phone's or case code's readings decide its queue and are weighed by the counting rules.
  phoneReadings: z.array(z.string().regex(/^\d{10,11}$/)).optional(),
  caseReadings: caseReadings.optional(),
});
const ANSWER_VERSIONS: Record<number, z.ZodType> = {
  1: z.object({ kind: z.literal('read'), qr: z.object({ pageCount: z.number().int() }).optional(), fields: z.array(z.discriminatedUnion('kind', [choiceField, handwrittenValue])) }),
};

const item = z.object({ type: z.enum(['text', 'checkbox', 'digitCell', 'writingLine', 'rule']) });
const fieldBase = { questionId: z.string(), page: z.number().int(), element: z.string().optional(), criterion: z.string().optional() };
const layoutField = z.union([
  z.object({ ...fieldBase, kind: z.enum(['single', 'multiple', 'scale']), options: z.array(z.object({ code: z.string(), label: z.string(), rect })) }),
  z.object({ ...fieldBase, kind: z.literal('digits'), format: z.enum(['phone', 'caseCode', 'number']), cells: z.array(rect) }),
  z.object({ ...fieldBase, kind: z.literal('date'), cells: z.array(rect) }),
  z.object({ ...fieldBase, kind: z.literal('text'), lines: z.number().int(), rect }),
]);
const LAYOUT_VERSIONS: Record<number, z.ZodType> = {
  1: z.object({
    surveyId: z.string(),
    hash: z.string(),
    pageSize: z.object({ width: z.number(), height: z.number() }),
    printable: rect,
    pages: z.array(z.object({ number: z.number().int(), marks: z.tuple([rect, rect, rect, rect]), qr: rect, items: z.array(item) })),
    fields: z.array(layoutField),
    slots: z.array(z.object({ name: z.string(), page: z.number().int(), rect })),
  }),
};

/** Where a stored JSON was read from, as its refusal names it. */
export interface StoredAt {
  table: string;
  row: string | number;
}

/**
 * The JSON stored besides reads and layouts, kept as written (no version): the survey definition a layout was printed
 * from (`layouts.definition_json`), electronic answers (`electronic_responses.answers_json`), a correction's value
 * (`corrections.value_json`), a retrained recogniser (`digit_models.weights_json`) and free-form audit details.
 */
export const storedDefinition = surveyDefinitionSchema;
/** A list of option codes: what a mark cut records. */
export const storedChoices = z.array(z.string());
/** An answer is text or a list of option codes, or null once a purge took a personal value out. */
// Codes first: most answers are, and a union tries its options in order (each miss costs an issue object).
export const storedAnswer = z.union([storedChoices, z.string()]).nullable();
/** Electronic answers by question id. */
// An object of any keys rather than a record: zod checks it on its fast path for objects, in about half the time.
export const storedAnswers = z.object({}).catchall(storedAnswer);
const layerSpec = z.union([
  z.object({ kind: z.literal('conv'), size: z.number().int(), filters: z.number().int() }),
  z.object({ kind: z.literal('maxPool') }),
  z.object({ kind: z.literal('dense'), units: z.number().int() }),
]);
export const storedDigitWeights = z.object({
  seed: z.string(),
  epochs: z.number(),
  trainedOn: z.string(),
  heldOutAccuracy: z.array(z.number()),
  temperature: z.number().optional(),
  nets: z.array(z.object({ layers: z.array(layerSpec), parameters: z.string() })),
});
/** What an audit event or review action records besides who and when: free-form, but an object. */
export const storedDetail = z.record(z.string(), z.unknown());

function damaged(at: StoredAt, problems: string[]): PhieuError {
  return new PhieuError('storedJsonDamaged', { ...at, problems });
}

function parsedJson(json: string, at: StoredAt): unknown {
  try {
    return JSON.parse(json);
  } catch {
    throw damaged(at, ['không phải JSON đọc được']);
  }
}

function checked(value: unknown, schema: z.ZodType, at: StoredAt): void {
  const result = schema.safeParse(value, { error: vietnameseIssues });
  if (!result.success) throw damaged(at, describeIssues(result.error));
}

/** Stored JSON read back through its schema: refused naming its table and row, else handed on as stored. */
export function parseStoredJson<S extends z.ZodType>(json: string, schema: S, at: StoredAt): z.infer<S> {
  const value = parsedJson(json, at);
  checked(value, schema, at);
  return value as z.infer<S>;
}

function readVersioned(json: string, versions: Record<number, z.ZodType>, at: StoredAt): Record<string, unknown> {
  const value = parsedJson(json, at);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw damaged(at, ['không phải một đối tượng JSON']);
  const { version = 1, ...rest } = value as Record<string, unknown>;
  const schema = typeof version === 'number' ? versions[version] : undefined;
  if (!schema) throw damaged(at, [`phiên bản ${JSON.stringify(version)} không biết (phieu này đọc đến phiên bản ${STORED_VERSION})`]);
  checked(rest, schema, at);
  return rest;
}

/** What a page's stored read may be: the reader's, or the refusal of a file that could not be opened. */
export type StoredPageRead = PageRead | { kind: 'refused'; reason: string; message: string };

/** A stored page read, checked (see above). */
export function parseStoredRead(json: string, at: StoredAt): StoredPageRead {
  return readVersioned(json, READ_VERSIONS, at) as StoredPageRead;
}

/** A stored read of a form's page: one whose outcome is `read`, so its read is one too. */
export function parseStoredFormRead(json: string, at: StoredAt): Extract<PageRead, { kind: 'read' }> {
  const read = parseStoredRead(json, at);
  if (read.kind !== 'read') throw damaged(at, [`trang đọc được nhưng kết quả lưu là "${read.kind}"`]);
  return read;
}

/** A stored form read as far as answers are taken from it: checked in that part (see ANSWER_VERSIONS), else refused. */
export type StoredAnswerRead = Pick<Extract<PageRead, { kind: 'read' }>, 'fields'> & { qr?: { pageCount: number } };

/** A stored read of a form's page, checked in what answers are taken from (see above). */
export function parseStoredAnswerRead(json: string, at: StoredAt): StoredAnswerRead {
  return readVersioned(json, ANSWER_VERSIONS, at) as StoredAnswerRead;
}

/** A stored layout snapshot, checked (see above). */
export function parseStoredLayout(json: string, at: StoredAt): FormLayout {
  return readVersioned(json, LAYOUT_VERSIONS, at) as unknown as FormLayout;
}

/** A page read or layout as the store writes it: with the version its schema reads it by. */
export function storedJson(value: StoredPageRead | FormLayout): string {
  return JSON.stringify({ version: STORED_VERSION, ...value });
}
