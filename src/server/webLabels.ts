import { FIELD_REASON_LABELS, REVIEW_STATUS_LABELS } from '../review/reasonLabels.js';
import { FIELD_STATE_LABELS, FIELD_STATUSES } from '../sampling/fieldStatus.js';
import { PAGE_OUTCOME_LABELS, SCAN_SOURCE_LABELS } from '../store/scans.js';
import { REVIEW_QUEUE_LABELS } from '../survey/reviewQueue.js';
import { RECHECK_OUTCOME_LABELS } from '../sampling/sampleList.js';
import { ROLE_LABELS } from './auth/roles.js';
import { UNREADABLE_REASON_LABELS } from '../recognize/unreadableReasons.js';
import { MARK_CUT_SOURCE_LABELS } from '../recognize/markCut.js';
import { BREAKDOWN_NAMES, CHANNEL_NAMES } from '../results/buildReport.js';
import { RESULTS_HEADINGS } from '../results/headings.js';
import { PhieuError } from '../errors/errorTable.js';
import { FIELD_NAMES } from '../errors/zodVietnamese.js';
import type { WebLabelTables } from '../web/labels.js';

/** The tables the browser declares in src/web/labels.d.ts: `satisfies` keeps the two the same. */
export const WEB_LABEL_TABLES = {
  BREAKDOWN_NAMES,
  CHANNEL_NAMES,
  FIELD_REASON_LABELS,
  FIELD_STATE_LABELS,
  // What a person may record about a form in the field, in the order the menu offers it.
  FIELD_STATUS_LABELS: Object.fromEntries(FIELD_STATUSES.map((s) => [s, FIELD_STATE_LABELS[s]])),
  MARK_CUT_SOURCE_LABELS,
  MESSAGES: {
    unknownPage: new PhieuError('unknownPage', {}).message,
    formOrCase: FIELD_NAMES.target,
  },
  PAGE_OUTCOME_LABELS,
  RECHECK_OUTCOME_LABELS,
  RESULTS_HEADINGS,
  REVIEW_QUEUE_LABELS,
  REVIEW_STATUS_LABELS,
  ROLE_LABELS,
  SCAN_SOURCE_LABELS,
  UNREADABLE_REASON_LABELS,
} as const satisfies { [K in keyof WebLabelTables]: WebLabelTables[K] };

/**
 * The server's label tables as a module for the browser (/js/labels.js), so a reason, state or role has one name
 * wherever it is read.
 */
export function webLabelsModule(): string {
  return Object.entries(WEB_LABEL_TABLES)
    .map(([name, table]) => `export const ${name} = ${JSON.stringify(table)};\n`)
    .join('');
}
