import { createHash } from 'node:crypto';
import { officeCodeOf } from '../sampling/offices.js';
import { checkVietnamesePhone } from '../phone/vietnamesePhone.js';
import { foldHeader, type Cell } from '../sampling/registerRow.js';
import { optionsOf, questionsOf, type Question, type SurveyDefinition } from '../survey/schema.js';
import type { ElectronicMapping } from './mapping.js';
import { parseSubmissionTime } from './time.js';

/** One record of an export: its row (CSV/XLSX row number, or record number in JSON) and its cells by column. */
export interface ExportRecord {
  row: number;
  get(column: string): Cell;
}

/** An electronic response as stored: what the counting rules and the indices need, and nothing more. */
export interface ElectronicResponse {
  source: string;
  /** The export's response id, or a digest of the response when the export has none. */
  externalId: string;
  surveyId: string;
  officeCode: string | null;
  /** The office as the export names it, to name an office phieu does not have when its rows are refused. */
  officeName: string | null;
  caseCode: string | null;
  phone: string | null;
  idNumber: string | null;
  account: string | null;
  device: string | null;
  submittedAt: string;
  procedure: string | null;
  field: string | null;
  answers: Record<string, string[] | string>;
}

/** A problem with a row: an error refuses the row; a warning keeps it (the cell is dropped or counted invalid). */
export interface RowIssue {
  row: number;
  column: string;
  reason: string;
  severity: 'error' | 'warning';
}

const text = (cell: Cell): string => (cell === null || cell === undefined ? '' : cell instanceof Date ? cell.toISOString() : String(cell)).trim();
const ID_NUMBER = /^(\d{9}|\d{12})$/;

/** Prepares a mapping once (value maps folded for lookup), returning the function that maps one record. */
export function recordMapper(mapping: ElectronicMapping, survey: SurveyDefinition): (record: ExportRecord) => { response?: ElectronicResponse; issues: RowIssue[] } {
  const questions = new Map(questionsOf(survey).map((q) => [q.id, q]));
  const answerColumns = mapping.answers.map((a) => {
    const question = questions.get(a.question)!;
    const map = typeof a.values === 'string' ? mapping.valueSets[a.values] : a.values;
    const lookup = new Map<string, string>();
    for (const o of optionsOf(question)) {
      lookup.set(foldHeader(o.label), o.code);
      lookup.set(foldHeader(o.code), o.code);
    }
    for (const [from, to] of Object.entries(map ?? {})) lookup.set(foldHeader(from), to);
    return { question, column: a.column, lookup };
  });
  const officeValues = new Map(Object.entries(mapping.office?.values ?? {}).map(([from, to]) => [foldHeader(from), to]));
  const { fields } = mapping;

  return (record) => {
    const issues: RowIssue[] = [];
    const issue = (column: string, reason: string, severity: RowIssue['severity'] = 'error') => issues.push({ row: record.row, column, reason, severity });
    const field = (column: string | undefined) => (column ? text(record.get(column)) : '');

    const rawTime = record.get(fields.submittedAt);
    const submittedAt = parseSubmissionTime(rawTime);
    if (!submittedAt) issue(fields.submittedAt, text(rawTime) ? `thời gian không đọc được: "${text(rawTime)}" (dùng dd/mm/yyyy hh:mm hoặc ISO 8601)` : 'thiếu thời gian gửi');
    const caseCode = field(fields.caseCode) || null;
    if (!caseCode && mapping.requireCaseCode) issue(fields.caseCode ?? 'mã hồ sơ', 'thiếu mã hồ sơ');
    const responseId = field(fields.responseId);
    if (fields.responseId && !responseId) issue(fields.responseId, 'thiếu mã phản hồi');

    let phone: string | null = null;
    const rawPhone = field(fields.phone);
    if (rawPhone) {
      const checked = checkVietnamesePhone(rawPhone);
      if (checked.ok) phone = checked.phone;
      else issue(fields.phone!, `${checked.reason}; bỏ qua số này`, 'warning');
    }
    let idNumber: string | null = field(fields.idNumber) || null;
    if (idNumber && !ID_NUMBER.test(idNumber)) {
      issue(fields.idNumber!, `số định danh "${idNumber}" không phải 9 hay 12 chữ số; bỏ qua`, 'warning');
      idNumber = null;
    }

    let officeCode: string | null = mapping.office?.fixed ?? null;
    let officeName: string | null = null;
    const rawOffice = field(fields.office);
    if (!officeCode && rawOffice) {
      officeCode = officeValues.get(foldHeader(rawOffice)) ?? officeCodeOf(rawOffice);
      officeName = officeValues.has(foldHeader(rawOffice)) ? null : rawOffice;
    }

    const answers: Record<string, string[] | string> = {};
    for (const { question, column, lookup } of answerColumns) {
      const value = answerOf(question, text(record.get(column)), lookup);
      if (value.unknown.length) issue(column, `giá trị ${value.unknown.map((u) => `"${u}"`).join(', ')} không có trong câu "${question.id}"; tính là câu trả lời không hợp lệ`, 'warning');
      else if (question.kind === 'multiple' && question.maxChoices !== undefined && new Set(value.answer).size > question.maxChoices) {
        issue(column, `chọn ${new Set(value.answer).size} phương án, câu "${question.id}" chỉ cho chọn tối đa ${question.maxChoices}; tính là câu trả lời không hợp lệ`, 'warning');
      }
      answers[question.id] = value.answer;
    }
    if (issues.some((i) => i.severity === 'error')) return { issues };

    const identity = { submittedAt, caseCode, phone, idNumber, account: field(fields.account) || null, device: field(fields.device) || null, officeCode };
    const externalId = responseId || `h:${createHash('sha256').update(JSON.stringify([identity, answers])).digest('hex').slice(0, 24)}`;
    const place = { procedure: field(fields.procedure) || null, field: field(fields.field) || null };
    return { issues, response: { source: mapping.source, externalId, surveyId: survey.id, officeName, ...identity, submittedAt: submittedAt!, ...place, answers } };
  };
}

/**
 * A cell as an answer. Box questions: each value (several split on `;` or `,` for multiple answers) through the
 * value map, then the option codes and labels; a value matching nothing is kept as it is, so the indices count it
 * invalid. Handwritten kinds keep the text.
 */
function answerOf(question: Question, cell: string, lookup: Map<string, string>): { answer: string[] | string; unknown: string[] } {
  if (!lookup.size) return { answer: cell, unknown: [] };
  const values = cell === '' ? [] : question.kind === 'multiple' ? cell.split(/[;,]/).map((v) => v.trim()).filter(Boolean) : [cell];
  const unknown: string[] = [];
  const answer = values.map((v) => {
    const code = lookup.get(foldHeader(v));
    if (code === undefined) unknown.push(v);
    return code ?? v;
  });
  return { answer, unknown };
}
