import { questionsOf, type Question, type RespondentField, type SurveyDefinition } from './schema.js';

/** What identifies a citizen on a form: personal data under Law 91/2025/QH15 (Personal Data Protection), seen only by roles that need it. */
export type PersonalKind = 'name' | 'phone' | 'address';

const NAME_ID = /^(name|full_?name|ho_?ten|respondent_?name)$/;
const ADDRESS_ID = /^(address|dia_?chi)$/;
const NAME_TEXT = /^(họ (và )?tên|tên người (trả lời|cho ý kiến))/i;
const ADDRESS_TEXT = /^(địa chỉ|nơi ở)/i;

/**
 * Whether a question asks who the respondent is. Decided from the question itself rather than a flag in the
 * definition, so layouts printed before (stored with their definitions, and whose hash covers every word) are judged
 * the same way: a phone-number comb, and a handwritten line asking for the name or the address. Lines matched to
 * the staff list (the official's name) and comments are answers about the service, not about the respondent.
 */
export function personalKind(question: Question): PersonalKind | null {
  if (question.kind === 'digits') return question.format === 'phone' ? 'phone' : null;
  if (question.kind !== 'text' || question.list) return null;
  if (NAME_ID.test(question.id) || NAME_TEXT.test(question.text.trim())) return 'name';
  if (ADDRESS_ID.test(question.id) || ADDRESS_TEXT.test(question.text.trim())) return 'address';
  return null;
}

/** The ids of a survey's personal questions. */
export function personalQuestionIds(survey: SurveyDefinition): Set<string> {
  return new Set(questionsOf(survey).filter((q) => personalKind(q) !== null).map((q) => q.id));
}

/** Register values a personalised copy prints that identify the respondent (the case code and office do not). */
export const PERSONAL_SLOTS: ReadonlySet<RespondentField> = new Set<RespondentField>(['name']);
