import { z } from 'zod';
import { fieldPlace } from '../errors/zodVietnamese.js';

/** The five-level satisfaction scale of SIPAS, lowest first; codes are what answers store. */
export const SATISFACTION_SCALE = [
  { code: '1', label: 'Rất không hài lòng' },
  { code: '2', label: 'Không hài lòng' },
  { code: '3', label: 'Bình thường' },
  { code: '4', label: 'Hài lòng' },
  { code: '5', label: 'Rất hài lòng' },
] as const;

const id = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*$/, 'chỉ gồm chữ thường không dấu, chữ số, "-" hoặc "_", bắt đầu bằng một chữ');
const text = z.string().trim().min(1, 'không được để trống');

const option = z.strictObject({ code: z.string().regex(/^[A-Za-z0-9]+$/, 'chỉ gồm chữ cái không dấu hoặc chữ số'), label: text });

const common = {
  id,
  text,
  /** SIPAS element (yếu tố) and criterion (tiêu chí) codes, where the question measures one. */
  element: z.string().optional(),
  criterion: z.string().optional(),
};

const uniqueCodes = (options: { code: string }[]) => new Set(options.map((o) => o.code)).size === options.length;

// Each option is picked on the review screen by a key of its own (OPTION_KEYS): 1–9, then a–z.
const choiceOptions = z
  .array(option)
  .min(2, 'cần ít nhất hai phương án')
  .max(35, 'nhiều nhất 35 phương án (mỗi phương án một phím khi duyệt)')
  .refine(uniqueCodes, 'mã các phương án không được trùng nhau');

const singleQuestion = z.strictObject({
  ...common,
  kind: z.literal('single'),
  options: choiceOptions,
});
const multipleQuestion = z
  .strictObject({
    ...common,
    kind: z.literal('multiple'),
    options: choiceOptions,
    /** The most boxes a respondent may mark ("chọn tối đa 3"): a form with more goes to a person. Unset: no limit. */
    maxChoices: z.number().int().min(1).optional(),
  })
  .refine((q) => q.maxChoices === undefined || q.maxChoices < q.options.length, {
    message: 'số lựa chọn tối đa phải nhỏ hơn số phương án',
    path: ['maxChoices'],
  });
/** A 5-level satisfaction question; consecutive ones are printed as rows of one grid. */
const scaleQuestion = z.strictObject({ ...common, kind: z.literal('scale') });
const digitsQuestion = z.strictObject({
  ...common,
  kind: z.literal('digits'),
  length: z.number().int().min(1).max(20),
  /** What the digits are, so readers can apply the right rules (Vietnamese phone numbers, case codes). */
  format: z.enum(['phone', 'caseCode', 'number']).default('number'),
});
const textQuestion = z.strictObject({
  ...common,
  kind: z.literal('text'),
  lines: z.number().int().min(1).max(10),
  /** A known list the answer should come from, for matching OCR suggestions. */
  list: z.enum(['procedures', 'staff']).optional(),
  /**
   * `type` (the default): a person types what is written, in the transcription queue. `image`: nobody types it; its
   * clip is kept and browsed by office and question. Left unset rather than defaulted, so layouts printed before keep
   * their hash.
   */
  transcribe: z.enum(['type', 'image']).optional(),
});
const dateQuestion = z.strictObject({ ...common, kind: z.literal('date') });

export const questionSchema = z.discriminatedUnion('kind', [
  singleQuestion,
  multipleQuestion,
  scaleQuestion,
  digitsQuestion,
  textQuestion,
  dateQuestion,
]);

const sectionSchema = z.strictObject({
  heading: z.string().trim().min(1).optional(),
  /** Instructions printed under the heading. */
  note: z.string().trim().min(1).optional(),
  questions: z.array(questionSchema).min(1, 'mỗi phần cần ít nhất một câu hỏi'),
});

/** Fields of the register printed on a personalised copy, so nobody has to write them. */
export const RESPONDENT_FIELDS = ['name', 'caseCode', 'procedure', 'office'] as const;
export type RespondentField = (typeof RESPONDENT_FIELDS)[number];

export const surveyDefinitionSchema = z
  .strictObject({
    id,
    /** Short name staff see in lists. */
    name: text,
    title: text,
    subtitle: z.string().trim().min(1).optional(),
    /** How to mark a box and how to cancel a mark: printed under the title. */
    instructions: text,
    /** Which register fields a personalised copy prints; empty for forms only handed out blank. */
    respondent: z.array(z.enum(RESPONDENT_FIELDS)).default([]),
    sections: z.array(sectionSchema).min(1, 'mẫu phiếu cần ít nhất một phần'),
    /** Signature block at the end of the form, e.g. the place-and-date line and "NGƯỜI CHO Ý KIẾN". */
    signature: z.strictObject({ dateLine: text, signer: text }).optional(),
    closing: z.string().trim().min(1).optional(),
  })
  .superRefine((survey, ctx) => {
    const seen = new Map<string, string>();
    survey.sections.forEach((section, s) =>
      section.questions.forEach((question, q) => {
        const where = `${fieldPlace(['sections', s, 'questions', q])} (sections[${s}].questions[${q}])`;
        if (seen.has(question.id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['sections', s, 'questions', q, 'id'],
            message: `mã câu hỏi "${question.id}" bị dùng hai lần (đã có ở ${seen.get(question.id)})`,
          });
        }
        seen.set(question.id, where);
      }),
    );
  });

export type SurveyDefinition = z.infer<typeof surveyDefinitionSchema>;
export type SurveyInput = z.input<typeof surveyDefinitionSchema>;
export type Question = z.infer<typeof questionSchema>;
export type Section = SurveyDefinition['sections'][number];
export type QuestionKind = Question['kind'];

/** The answer options of a question that is answered with boxes, in print order. */
export function optionsOf(question: Question): readonly { code: string; label: string }[] {
  if (question.kind === 'scale') return SATISFACTION_SCALE;
  if (question.kind === 'single' || question.kind === 'multiple') return question.options;
  return [];
}

/** Every question of a survey, in print order. */
export function questionsOf(survey: SurveyDefinition): Question[] {
  return survey.sections.flatMap((s) => s.questions);
}
