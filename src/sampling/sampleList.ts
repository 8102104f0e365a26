/** What a sample list holds, as the enumerators and the phúc tra callers carry it. */
export interface SampleListRow {
  position: number;
  list: 'official' | 'reserve';
  inSample: boolean;
  outcome: string | null;
  replaces: string | null;
  /** The reserve member who took this member's place after a refusal or no contact. */
  replacedBy: string | null;
  caseCode: string;
  name: string | null;
  phone: string | null;
  address: string | null;
  procedure: string | null;
  returnedOn: string | null;
  serial: number | null;
  formStatus: string | null;
}

export interface SampleListHeader {
  drawId: number;
  officeCode: string;
  officeName: string;
  seed: string;
  drawnAt: string;
  cases: number;
  required: number;
  short: boolean;
}

export interface RecheckRow {
  serial: number;
  phone: string;
  caseCode: string | null;
  name: string | null;
  officeName: string | null;
  outcome: RecheckOutcome | null;
  recordedAt: string | null;
}

export const RECHECK_OUTCOMES = ['confirmed', 'denied', 'noAnswer'] as const;
export type RecheckOutcome = (typeof RECHECK_OUTCOMES)[number];
export const RECHECK_OUTCOME_LABELS: Record<RecheckOutcome, string> = { confirmed: 'Xác nhận', denied: 'Phủ nhận', noAnswer: 'Không trả lời' };
