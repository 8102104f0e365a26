// The label tables the server sends to the browser as /js/labels.js: one Vietnamese name for each reason, state,
// queue, role and outcome, written once in the module that owns it. src/server/webLabels.ts builds the module and is
// checked against `WebLabelTables`; the browser (web-entry/src/labels.d.ts) reads these declarations. A declaration
// file, no code: the browser's program and the server's both include it.

type Labels = Readonly<Record<string, string>>;

export interface WebLabelTables {
  /** How a results report groups its forms (by office, level, channel, source, month, year). */
  readonly BREAKDOWN_NAMES: Labels;
  /** The two channels answers come through (paper, electronic). */
  readonly CHANNEL_NAMES: Labels;
  /** Why a field went to review. */
  readonly FIELD_REASON_LABELS: Labels;
  /** Every state of a form in the field (printed, handed out, returned…). */
  readonly FIELD_STATE_LABELS: Labels;
  /** The states a person may record in the field, in the order the menu offers them. */
  readonly FIELD_STATUS_LABELS: Labels;
  /** Who set a batch's mark cut. */
  readonly MARK_CUT_SOURCE_LABELS: Labels;
  /** What the server says that a screen shows without asking: the page that does not exist, what the form finder takes. */
  readonly MESSAGES: Labels;
  readonly PAGE_OUTCOME_LABELS: Labels;
  readonly RECHECK_OUTCOME_LABELS: Labels;
  /** The names of the results' figures and the report's sections. */
  readonly RESULTS_HEADINGS: Labels;
  /** The two kinds of review work (counting, transcription). */
  readonly REVIEW_QUEUE_LABELS: Labels;
  /** Where a review item stands (waiting, referred to a supervisor, decided). */
  readonly REVIEW_STATUS_LABELS: Labels;
  readonly ROLE_LABELS: Labels;
  readonly SCAN_SOURCE_LABELS: Labels;
  readonly UNREADABLE_REASON_LABELS: Labels;
}

export declare const BREAKDOWN_NAMES: WebLabelTables['BREAKDOWN_NAMES'];
export declare const CHANNEL_NAMES: WebLabelTables['CHANNEL_NAMES'];
export declare const FIELD_REASON_LABELS: WebLabelTables['FIELD_REASON_LABELS'];
export declare const FIELD_STATE_LABELS: WebLabelTables['FIELD_STATE_LABELS'];
export declare const FIELD_STATUS_LABELS: WebLabelTables['FIELD_STATUS_LABELS'];
export declare const MARK_CUT_SOURCE_LABELS: WebLabelTables['MARK_CUT_SOURCE_LABELS'];
export declare const MESSAGES: WebLabelTables['MESSAGES'];
export declare const PAGE_OUTCOME_LABELS: WebLabelTables['PAGE_OUTCOME_LABELS'];
export declare const RECHECK_OUTCOME_LABELS: WebLabelTables['RECHECK_OUTCOME_LABELS'];
export declare const RESULTS_HEADINGS: WebLabelTables['RESULTS_HEADINGS'];
export declare const REVIEW_QUEUE_LABELS: WebLabelTables['REVIEW_QUEUE_LABELS'];
export declare const REVIEW_STATUS_LABELS: WebLabelTables['REVIEW_STATUS_LABELS'];
export declare const ROLE_LABELS: WebLabelTables['ROLE_LABELS'];
export declare const SCAN_SOURCE_LABELS: WebLabelTables['SCAN_SOURCE_LABELS'];
export declare const UNREADABLE_REASON_LABELS: WebLabelTables['UNREADABLE_REASON_LABELS'];
