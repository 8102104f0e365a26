// The answers of the JSON API that the browser reads, as the server sends them. The server's routes check what they
// send against these (`satisfies`), and the browser's screens (web-entry/src) type their requests with them. A
// declaration file, no code: the browser's program and the server's both include it.

/** A reviewer's or a citizen's answer: chosen option codes, or the typed text. */
export type AnswerValue = string[] | string;

/** An answer box as a person sees and picks it: the key that picks it, the code stored, the label printed beside it. */
export interface AnswerOption {
  key: string;
  code: string;
  label: string;
}

export type ReviewQueueName = 'counting' | 'transcription';
export type ReviewItemStatus = 'open' | 'referred' | 'resolved';

/** GET /api/session */
export interface Session {
  csrfToken: string;
  user: { username: string; displayName: string; role: string; roleLabel: string; permissions: readonly string[] } | null;
}
export type SessionUser = NonNullable<Session['user']>;

/** One field in doubt as the review screen shows it (GET /api/review/items/:id, POST /api/review/next). */
export interface ReviewItem {
  id: number;
  status: ReviewItemStatus;
  queue: ReviewQueueName;
  reasons: string[];
  serial: number;
  questionId: string;
  pageNumber: number;
  surveyName: string;
  office: string | null;
  question: { text: string; heading?: string; kind: string; options: AnswerOption[]; length?: number };
  read: { value: AnswerValue | null; boxes?: (AnswerOption & { score: number; state: string })[]; candidates?: string[]; doubtfulCells?: number[] };
  suggestion: AnswerValue;
  fieldRect: { x: number; y: number; w: number; h: number };
  pageSize: { width: number; height: number };
  corrections: { at: string; reviewer: string; value: AnswerValue | null; reason: string | null }[];
}

/** What is left for one reviewer in each queue, when the server had nothing to give. */
export type QueuesLeft = Record<ReviewQueueName, { available: number; heldByOthers: number }>;

/** POST /api/review/next */
export interface ReviewNext {
  items: ReviewItem[];
  left?: QueuesLeft;
}

/** GET /api/review/stats */
export interface ReviewStats {
  forms: number;
  open: Record<ReviewQueueName, number>;
  byReason: Record<string, number>;
}

/** GET /api/review/filters */
export interface ReviewFilters {
  offices: { code: string; name: string }[];
  questions: { id: string; text: string }[];
  reasons: string[];
  batches: { name: string }[];
  doubleEntry: boolean;
}

/** One form (GET /api/forms/:serial): per question the machine's read, every correction and the answer that counts. */
export interface FormView {
  serial: number;
  surveyName: string;
  officeCode: string | null;
  caseCode: string | null;
  statusLabel: string;
  pages: { pageNumber: number }[];
  answers: {
    questionId: string;
    text: string;
    page: number;
    original: AnswerValue | null;
    options?: AnswerOption[];
    reasons: string[];
    corrections: { at: string; reviewer: string; value: AnswerValue | null; reason: string | null }[];
    effective: AnswerValue | null;
    hidden?: true;
  }[];
}

/** A long job started from the web (loading the demo, a backup, the purge), polled by the page for its progress bar. */
export interface TaskState<Result = unknown> {
  kind: string;
  label: string;
  done: number;
  total: number;
  running: boolean;
  error?: string;
  result?: Result;
  startedAt: string;
  finishedAt?: string;
}
