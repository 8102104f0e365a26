import { z } from 'zod';
import { PhieuError } from '../errors/errorTable.js';
import { checkDefinition } from '../errors/zodVietnamese.js';
import { optionsOf, questionsOf, type SurveyDefinition } from '../survey/schema.js';

const slug = z.string().regex(/^[a-z][a-z0-9-]*$/, 'chỉ gồm chữ thường không dấu, chữ số hoặc "-", bắt đầu bằng một chữ');
const column = z.string().trim().min(1, 'cần tên một cột');
/** An export's value → one of our option codes (compared without case, accents or surrounding spaces). */
const valueMap = z.record(z.string(), z.string());

/**
 * How an electronic export (Hue-S, a desk kiosk, the public-service portal) maps onto one of our surveys. No public
 * standard layout exists, so each source gets a small JSON file saying which column holds what.
 */
export const mappingSchema = z.strictObject({
  id: slug,
  name: z.string().trim().min(1),
  /** Recorded on every response; with the response id it makes a response known, so re-importing adds nothing. */
  source: slug,
  survey: z.string().min(1),
  /** JSON exports: the dotted path of the list of records (`data.items`); absent when the file is the list. */
  records: z.string().optional(),
  /** Columns (CSV/XLSX headers, or dotted paths in JSON records). */
  fields: z.strictObject({
    submittedAt: column,
    responseId: column.optional(),
    caseCode: column.optional(),
    phone: column.optional(),
    idNumber: column.optional(),
    account: column.optional(),
    device: column.optional(),
    office: column.optional(),
    /** The administrative procedure of the case and its field (lĩnh vực), where the export names them. */
    procedure: column.optional(),
    field: column.optional(),
  }),
  /** The office of every response of a one-office export (a kiosk), or what the office column's values mean. */
  office: z.strictObject({ fixed: z.string().min(1).optional(), values: valueMap.optional() }).optional(),
  /** Rows with no case code are refused (sources that always know the case). */
  requireCaseCode: z.boolean().default(false),
  /** Named value maps shared by several answers (`"values": "satisfaction"`). */
  valueSets: z.record(z.string(), valueMap).default({}),
  answers: z
    .array(
      z.strictObject({
        question: z.string().min(1),
        column,
        /** Without a map, a value must be one of the question's option codes or labels. */
        values: z.union([z.string(), valueMap]).optional(),
      }),
    )
    .min(1, 'cần ánh xạ ít nhất một câu trả lời'),
});

export type ElectronicMapping = z.infer<typeof mappingSchema>;

/** Parses a mapping file's text and checks it against the survey it maps onto. */
export function parseMapping(text: string, source: string, surveys: ReadonlyMap<string, SurveyDefinition>): { mapping: ElectronicMapping; survey: SurveyDefinition } {
  const checked = checkDefinition(text, mappingSchema);
  if (!checked.ok) throw new PhieuError('mappingDefinition', { source, problems: checked.problems });
  const mapping = checked.value;
  const survey = surveys.get(mapping.survey);
  if (!survey) throw new PhieuError('mappingDefinition', { source, problems: [`survey: không có phiếu "${mapping.survey}" (có: ${[...surveys.keys()].join(', ')})`] });
  const problems = mappingProblems(mapping, survey);
  if (problems.length) throw new PhieuError('mappingDefinition', { source, problems });
  return { mapping, survey };
}

/** What in a mapping does not fit its survey: unknown questions, values mapped to codes the question does not have. */
export function mappingProblems(mapping: ElectronicMapping, survey: SurveyDefinition): string[] {
  const problems: string[] = [];
  const questions = new Map(questionsOf(survey).map((q) => [q.id, q]));
  const seen = new Set<string>();
  mapping.answers.forEach((a, i) => {
    const where = `answers[${i}]`;
    const question = questions.get(a.question);
    if (!question) return problems.push(`${where}.question: phiếu "${survey.id}" không có câu "${a.question}"`);
    if (seen.has(a.question)) problems.push(`${where}.question: câu "${a.question}" được ánh xạ hai lần`);
    seen.add(a.question);
    if (a.values === undefined) return;
    const codes = optionsOf(question).map((o) => o.code);
    if (!codes.length) return problems.push(`${where}.values: câu "${a.question}" không có phương án để ánh xạ giá trị`);
    const map = typeof a.values === 'string' ? mapping.valueSets[a.values] : a.values;
    if (!map) return problems.push(`${where}.values: không có bộ giá trị "${a.values}" trong valueSets`);
    for (const [from, to] of Object.entries(map)) {
      if (!codes.includes(to)) problems.push(`${where}.values["${from}"]: câu "${a.question}" không có phương án "${to}" (có: ${codes.join(', ')})`);
    }
  });
  return problems;
}
