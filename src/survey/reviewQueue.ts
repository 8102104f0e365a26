import type { QuestionKind } from './schema.js';

/**
 * Two kinds of work for people. `counting`: marks, and the digits and dates that decide identity and the counting
 * rules — a form counts only once none of these waits. `transcription`: free text (comments, names, addresses), typed
 * at its own pace; it never keeps a form out of the count, because no index or counting rule reads it (a phone or case
 * code waiting there is weighed by its possible readings instead).
 */
export const REVIEW_QUEUES = ['counting', 'transcription'] as const;
export type ReviewQueue = (typeof REVIEW_QUEUES)[number];

export const REVIEW_QUEUE_LABELS: Record<ReviewQueue, string> = {
  counting: 'Ảnh hưởng kết quả',
  transcription: 'Chép chữ viết tay',
};

/**
 * Free text is transcription; so is a doubtful phone or case code whose readings change no count (it carries them, see
 * DigitFieldRead.phoneReadings and caseReadings): the digits are the person's to type right, but no index or rule
 * waits for them.
 */
export function reviewQueueOf(field: { kind: QuestionKind; phoneReadings?: readonly string[]; caseReadings?: readonly string[] }): ReviewQueue {
  return field.kind === 'text' || field.phoneReadings || field.caseReadings ? 'transcription' : 'counting';
}

