/** Paper forms and electronic responses are counted together; the channel says which one a response came by. */
export type Channel = 'paper' | 'electronic';

/** A question's answer as the results see it: option codes for box questions, text or digits otherwise. */
export type ResponseAnswer = string[] | string | null;

/**
 * One returned form, paper or electronic, with what the counting rules need to know about it. Built by the storage
 * shell from the effective paper answers and the stored electronic responses; the core never looks further.
 */
export interface ResponseRecord {
  /** Stable and unique across channels (`paper:123`, `hue-s:R-0001`): ties are broken on it, never on import order. */
  key: string;
  channel: Channel;
  /** Where it came from: `paper`, or the electronic source of its mapping (`hue-s`, `kiosk`, …). */
  source: string;
  surveyId: string;
  officeCode: string | null;
  caseCode: string | null;
  /** Phone numbers (national form, `0…`) that identify the person who answered. */
  phones: string[];
  /** ID number (CCCD) where the channel records one. */
  idNumber: string | null;
  /** Name and address of the person the register names for the case: who answered, when neither phone nor ID says. */
  name: string | null;
  address: string | null;
  /** The phone number the response itself carries (typed in or written on the form), checked against the staff list. */
  ownPhone: string | null;
  /**
   * A handwritten phone still waiting to be typed: each way it may read. The response counts unless one of them is a
   * staff phone or belongs to a person already at the forms limit (then it waits, `phoneToType`).
   */
  phoneReadings?: readonly string[];
  /**
   * A quick form's handwritten case code still waiting to be typed: each case it may be, with the register's phone of
   * the case. The response counts for its office unless one of them is answered by another response, or its phone is a
   * staff phone or a person's already at the forms limit (then it waits, `caseToType`).
   */
  caseReadings?: readonly { caseCode: string; phones: readonly string[] }[];
  /** The account and device an electronic response was submitted from. */
  account: string | null;
  device: string | null;
  /** When it was answered, Vietnam time: `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`. Orders "earliest kept" and periods. */
  answeredOn: string;
  /** The administrative procedure of the case (from the register or the export) and its field (lĩnh vực). */
  procedure?: string | null;
  field?: string | null;
  answers: Record<string, ResponseAnswer>;
  /** Paper: reviewing is not finished (a field still waits for a person) or not every page has been scanned yet. */
  pending: 'review' | 'pages' | null;
  /** The re-check (phúc tra) outcome, where the form was re-checked. */
  recheck: 'confirmed' | 'denied' | 'noAnswer' | null;
}

/** Accounts, devices and phone numbers of officials: answers carrying any of them were not given by a citizen. */
export interface StaffList {
  phones: ReadonlySet<string>;
  /** Lower-cased. */
  accounts: ReadonlySet<string>;
  devices: ReadonlySet<string>;
}

export interface OfficeInfo {
  code: string;
  name: string;
  level: string | null;
}
