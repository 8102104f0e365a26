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
  /** `typeOver`: the ranges of a digit read the machine doubts most, selected for the reviewer to type over. */
  read: { value: AnswerValue | null; boxes?: (AnswerOption & { score: number; state: string })[]; candidates?: string[]; doubtfulCells?: number[]; typeOver?: [number, number][] };
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
  /** Written answers kept as images only: nobody has to type them. */
  keptAsImages: number;
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

/** A share with its interval (null when there is no valid answer to divide by). */
export interface Share {
  value: number | null;
  low: number | null;
  high: number | null;
}

/** The indices of one group of counted forms. */
export interface IndexSet {
  forms: number;
  criteria: { questionId: string; criterion: string; label: string; valid: number; blank: number; invalid: number; satisfiedShare: Share; dissatisfiedShare: Share }[];
  elements: { element: string; label: string; satisfiedShare: number | null; dissatisfiedShare: number | null }[];
  overall: { satisfiedShare: number | null; dissatisfiedShare: number | null };
  distributions: { label: string; valid: number; blank: number; options: { label: string; count: number; share: number | null }[] }[];
}

/** A group's counts of the multiple-answer questions. */
export interface ChoicesGroup {
  key: string;
  label: string;
  forms: number;
  questions: { label: string; maxChoices: number | null; valid: number; blank: number; invalid: number; options: { code: string; label: string; count: number; share: number | null }[] }[];
}

/** GET /api/results: the figures of a results report (without its rows of excluded forms). */
export interface ResultsFigures {
  totals: {
    returned: number;
    counted: number;
    excluded: number;
    pending: number;
    byReason: { label: string; count: number }[];
    byChannel: { label: string; returned: number; counted: number }[];
  };
  indices: IndexSet;
  /** Per breakdown, its groups; `smallSample`: too few counted forms to read or rank, `rank`: the office's place (null when not ranked). */
  breakdowns: Record<
    'office' | 'level' | 'procedure' | 'field' | 'channel' | 'source' | 'month' | 'year',
    { key: string; label: string; indices: IndexSet; interval: { low: number; high: number } | null; smallSample: boolean; rank: number | null }[]
  >;
  /** Multiple-answer questions (the wishes): each option's count and share, overall and office by office. */
  choices: { overall: ChoicesGroup; offices: ChoicesGroup[] };
  adequacy: {
    offices: {
      officeCode: string;
      officeName: string;
      level: string | null;
      cases: number;
      /** null when the minimum cannot be known. */
      required: number | null;
      counted: Record<'paper' | 'electronic', number>;
      total: number;
      shortfall: number;
      status: string;
      round: { from: string | null; to: string | null } | null;
      smallSample: boolean;
    }[];
    short: unknown[];
    unknown: unknown[];
  };
  settings: { smallSampleBelow: number };
  /** The one-stop portal's ratings (Decision 766 ratio) per office and overall, beside the SIPAS index. */
  portal?: { offices: PortalRatioRow[]; overall: PortalRatioRow };
  excludedForms: number;
  /** The report's sentence on sample adequacy. */
  adequacyVerdict: string;
}

/** One office's (or all offices') portal ratings: `smallSample` when it has fewer ratings than the threshold. */
export interface PortalRatioRow {
  officeCode: string | null;
  officeName: string;
  level: string | null;
  ratings: number;
  verySatisfied: number;
  satisfied: number;
  dissatisfied: number;
  satisfiedShare: Share;
  notInRegister: number;
  sipasIndex: number | null;
  sipasForms: number;
  smallSample: boolean;
}

/** GET and PUT /api/results/template: the printed report's administrative-document fields (Decree 30/2020/NĐ-CP). */
export interface ReportTemplateView {
  parentAgency: string;
  agency: string;
  number: string;
  symbol: string;
  place: string;
  title: string;
  summary: string;
  recipients: string[];
  signer: { authority: string; position: string; name: string };
}

/** GET /api/results/options: the surveys and offices the results screen filters by. */
export interface ResultsOptions {
  surveys: { id: string; name: string; measured: boolean }[];
  offices: { code: string; name: string; level: string | null }[];
  /** The office levels, in the order reports list them. */
  levels: string[];
}

/** GET /api/personal: what phieu holds of one person, store by store. */
export interface PersonFound {
  scope: { caseCodes: string[]; serials: number[]; responseIds: number[] };
  records: {
    registerCases: { caseCode: string; officeCode: string; procedure: string | null; returnedOn: string | null; name: string | null; phone: string | null; address: string | null }[];
    sampleMembers: { drawId: number; officeCode: string; list: string; position: number; caseCode: string; inSample: boolean }[];
    forms: { serial: number; surveyId: string; caseCode: string | null; personalAnswers: { questionId: string; kind: 'name' | 'phone' | 'address'; value: AnswerValue | null }[] }[];
    corrections: { serial: number; questionId: string; value: unknown; reviewer: string; reason: string | null; at: string }[];
    digitSamples: { serial: number; questionId: string; cell: number; digit: number }[];
    clips: { serial: number; questionId: string; cell: number }[];
    pageImages: { serial: number; page: number | null }[];
    rechecks: { serial: number; phone: string; outcome: string | null }[];
    electronicResponses: { source: string; surveyId: string; caseCode: string | null; phone: string | null; idNumber: string | null; account: string | null; submittedAt: string; personalAnswers: Record<string, unknown> }[];
  };
}

/** POST /api/personal/correct: the person's data as it is now, and what to tell whoever asked. */
export interface PersonCorrected extends PersonFound {
  message: string;
}

/** POST /api/personal/erase: what erasing the person took out, and the sentence that says so. */
export interface PersonErased {
  scope: PersonFound['scope'];
  erased: { personalAnswers: number; clips: number; digitSamples: number; pageImages: number };
  message: string;
}

/** GET /api/offices: the office tree in reading order, each office with its depth under the ones above it. */
export interface OfficeTreeView {
  levels: string[];
  offices: { code: string; name: string; level: string | null; parent: string | null; activeFrom: string | null; activeTo: string | null; active: boolean; depth: number }[];
}

/** GET /api/sampling/print-options: the surveys forms can be printed of, and the offices they can be printed for. */
export interface PrintOptionsView {
  /** `personalised`: the survey prints the respondent's name and case, so its forms can be printed for an office's sample. */
  surveys: { id: string; name: string; pages: number; personalised: boolean }[];
  offices: { code: string; name: string }[];
}

/** One route of an office's list: the ward or commune, its people, and who carries it (null: nobody yet). */
export interface RouteShareView {
  route: string;
  people: number;
  enumerator: string | null;
}

/** GET and POST /api/sampling/offices/:office/routes */
export interface OfficeRoutesView {
  officeCode: string;
  routes: RouteShareView[];
}

/** GET /api/sampling/progress: the register's cases, the current draw, and each office's sample and forms. */
export interface SamplingProgressView {
  cases: number;
  drawId: number | null;
  offices: {
    officeCode: string;
    officeName: string;
    short: boolean;
    cases: number;
    required: number;
    inSample: number;
    printed: number;
    handedOut: number;
    returned: number;
    refusedOrUnreachable: number;
    reserveLeft: number;
  }[];
}

/** GET /api/sampling/enumerators: per office and enumerator (null: routes nobody carries yet), how far the forms have come. */
export interface EnumeratorProgressView {
  rows: {
    officeCode: string;
    officeName: string;
    enumerator: string | null;
    routes: number;
    inSample: number;
    printed: number;
    handedOut: number;
    returned: number;
    refusedOrUnreachable: number;
  }[];
}
