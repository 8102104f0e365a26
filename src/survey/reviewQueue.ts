import type { QuestionKind } from './schema.js';

/**
 * Two kinds of work for people. `counting`: marks, and the digits and dates that decide identity and the counting
 * rules — a form counts only once none of these waits. `transcription`: free text (comments, names, addresses), typed
 * at its own pace; it never keeps a form out of the count, because no index or counting rule reads it.
 */
export const REVIEW_QUEUES = ['counting', 'transcription'] as const;
export type ReviewQueue = (typeof REVIEW_QUEUES)[number];

export const REVIEW_QUEUE_LABELS: Record<ReviewQueue, string> = {
  counting: 'Ảnh hưởng kết quả',
  transcription: 'Chép chữ viết tay',
};

export function reviewQueueOf(kind: QuestionKind): ReviewQueue {
  return kind === 'text' ? 'transcription' : 'counting';
}

