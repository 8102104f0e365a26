import { checkVietnamesePhone } from '../phone/vietnamesePhone.js';
import { asDate, isSureDigit, type DigitCellRead, type DigitFieldRead } from './readDigitField.js';
import type { HandwritingSettings } from './settings.js';

/**
 * What phieu already knows about a form's digit fields, gathered by the store when a page is stored (the page workers
 * read cells without the register; the register, the staff list and the forms counted so far change while pages are
 * read, so they are consulted where reads are stored).
 */
export interface KnownValues {
  /** The case code a personalised form was printed for. */
  caseCode?: string;
  /** The phone the register holds for the form's case. */
  phone?: string;
  /** Register case codes a quick form's written code may be (the form's office, else every office). */
  caseCodes?: readonly string[];
  /**
   * Register phones a form with no case of its own may carry (a blank one-stop form handed out as a case is returned:
   * the form's office, else every office). Personal data: weighed here, never offered to a reviewer.
   */
  phones?: readonly string[];
  /** The round's period (ISO dates): a form's date outside it is no date of this round. */
  period?: { from: string | null; to: string | null };
  /** The latest date a form can carry (ISO): none is dated after the day it is scanned. */
  latestDate?: string;
  /**
   * Whether a form carrying any of these phones could be counted otherwise: a staff phone, or a person at the forms
   * limit. Asked once for all of a field's readings.
   */
  phonesMatter?: (phones: readonly string[]) => boolean;
  /**
   * Whether a quick form carrying any of these case codes (as the register spells them, else their digits) could be
   * counted otherwise: the case is answered on another form or electronically, or its person's phone matters. Absent
   * where every case code matters (a form of no office, whose office the case would decide).
   */
  casesMatter?: (caseCodes: readonly string[]) => boolean;
}

/** Probability floor for a digit, so one impossible-looking digit costs a lot without making a candidate impossible. */
const FLOOR = 1e-6;
/** More candidate readings than this is no constraint worth trusting: the field stays with a person. */
const MAX_READINGS = 2000;
/** How many candidates a reviewer is offered. */
const OFFERED = 3;
/**
 * A doubtful phone with more valid readings than this is too loosely read to count before a person types it: on the
 * review-load bench (300 forms) with up to 256, one of 37 waiting phones lacked the number written (130 readings: a
 * digit the reader was sure of and wrong beside several in doubt); with up to 64, none of 30.
 */
const MAX_PHONE_READINGS = 64;
/**
 * The same for a case code's readings (register codes and others), whose twelve cells leave more readings for the
 * same doubt: on the bench, readings down to `readingsFrom` number up to 167 for one doubtful digit among twelve, and
 * none of 50 waiting codes lacked the code written.
 */
const MAX_CASE_READINGS = 256;
/** The probability a waiting value's readings may leave out: the chance the written value is none of them. */
const READINGS_MISS = 0.001;

type FieldWithCells = DigitFieldRead & { kind: 'digits' | 'date' };

/**
 * A doubtful digit field settled with what is known, or left to a person with the likeliest allowed values offered.
 * Only a field whose sole doubts are its digits (or a phone or date those digits make invalid) is settled: a
 * crossed-out cell or a gap always reaches a person. Reads made without per-digit probabilities are left as they are.
 */
export function applyKnownValues<F extends FieldWithCells>(field: F, known: KnownValues, s: HandwritingSettings): F {
  if (field.reasons.includes('crossedOut')) return offerAroundStruckCells(field, known, s);
  const cells = field.cells;
  if (cells.every((c) => c.state === 'empty') || !cells.every((c) => c.state === 'empty' || c.probabilities)) return field;
  if (field.kind === 'date') return settleDate(field, known, s);
  if (!field.reasons.length && field.format === 'caseCode' && !known.caseCode && known.caseCodes?.length) return checkInList(field, known.caseCodes);
  if (!field.reasons.length || field.reasons.some((r) => r !== 'doubtfulDigit' && r !== 'badPhone')) return field;
  const written = cells.filter((c) => c.state === 'written');
  if (written.length !== cells.filter((c) => c.state !== 'empty').length || hasGap(cells)) return field;
  const format = field.format;
  if (format === 'caseCode' && known.caseCode) return confirmKnown(field, written, known.caseCode, s);
  if (format === 'caseCode' && known.caseCodes?.length) {
    const byDigits = digitsOf(known.caseCodes);
    const match = matchList(written, byDigits, s.digits.knownMargin, s.digits.absentPenalty);
    if (match.taken) return settled(field, match.taken, 'register');
    const offered = match.ranked.length ? { ...field, candidates: match.ranked } : field;
    return known.casesMatter ? settleCaseCode(offered, written, byDigits, known.casesMatter, s) : offered;
  }
  if (format === 'phone' && known.phone) {
    const confirmed = confirmKnown(field, written, known.phone, s);
    if (!confirmed.reasons.length || !known.phonesMatter) return confirmed;
  } else if (format === 'phone' && known.phones?.length && field.reasons.includes('doubtfulDigit')) {
    // The register's other phones are not offered when none is taken: they are other people's numbers.
    const taken = matchList(written, digitsOf(known.phones), s.digits.phoneMargin, s.digits.phoneAbsentPenalty).taken;
    if (taken) return settled(field, taken, 'register');
  }
  if (format === 'phone' && known.phonesMatter) return settlePhone(field, written, known.phonesMatter, s);
  return field;
}

/** A struck-out cell's digit as the known values see it: any, all alike (the digit meant is written elsewhere, if at all). */
const ANY_DIGIT = Array.from({ length: 10 }, () => 0.1);

/**
 * A field with a struck-out cell always reaches a person, who reads the digit meant beside it. What is known is
 * offered meanwhile — the struck cell taken for any digit, the others as read — when it leaves exactly one value: the
 * one date of the round, the one register case code or the personalised form's own value the other digits could well
 * be. The screen puts an offered value first for Enter, so values alike (a struck last digit of a code amid its
 * register neighbours, a struck day digit) or one far from the digits read are never offered.
 */
function offerAroundStruckCells<F extends FieldWithCells>(field: F, known: KnownValues, s: HandwritingSettings): F {
  if (!field.cells.every((c) => c.state === 'crossedOut' || c.probabilities)) return field;
  const cells = field.cells.map((c) => (c.state === 'crossedOut' ? { ...c, probabilities: ANY_DIGIT } : c));
  const own = field.format === 'caseCode' ? known.caseCode : field.format === 'phone' ? known.phone : undefined;
  const free = freeReading(cells).ll;
  let offered: string[] = [];
  if (field.kind === 'date') offered = datesOfRound(cells, plausibleReadings(cells, s.digits.candidateFrom, 1) ?? [], dateInRound(known), s);
  else if (own) offered = [own];
  else if (field.format === 'caseCode' && known.caseCodes) offered = rankList(cells, digitsOf(known.caseCodes), 2).map((r) => r.code);
  const close = offered.filter((value) => free - logLikelihood(cells, value.replace(/\D/g, '')) <= s.digits.knownSlack);
  return close.length === 1 ? { ...field, candidates: close } : field;
}

/** Σ log p(digit) over the cells: the log-likelihood of the written digits being `value`. */
export function logLikelihood(cells: readonly DigitCellRead[], value: string): number {
  if (value.length !== cells.length) return -Infinity;
  let sum = 0;
  for (let i = 0; i < cells.length; i++) sum += Math.log(Math.max(FLOOR, cells[i].probabilities![value.charCodeAt(i) - 48] ?? 0));
  return sum;
}

/** The likeliest reading, digit by digit, and its log-likelihood: what any known value is weighed against. */
function freeReading(cells: readonly DigitCellRead[]): { value: string; ll: number } {
  const value = cells.map((c) => String(argmax(c.probabilities!))).join('');
  return { value, ll: logLikelihood(cells, value) };
}

/** A known value is taken when the written digits could well be it: not far less likely than the free reading. */
function confirmKnown<F extends FieldWithCells>(field: F, cells: DigitCellRead[], value: string, s: HandwritingSettings): F {
  const free = freeReading(cells);
  if (free.ll - logLikelihood(cells, value) <= s.digits.knownSlack) return settled(field, value, 'knownValue');
  return { ...field, candidates: [...new Set([value, free.value])] };
}

/**
 * The register's value (case code or phone) the written digits most likely are, taken when it is `margin` ahead of
 * the runner-up — the next register value, or one missing from the register (the likeliest reading the register
 * lacks, made less likely by `absentPenalty`, since values written on our forms are mostly in the register). So a value
 * missing from the register is not taken for its nearest neighbour when the digit that tells them apart is in doubt.
 * Untaken, the register's likeliest values, best first.
 */
function matchList(cells: DigitCellRead[], byDigits: ReadonlyMap<string, string>, margin: number, absentPenalty: number): { taken?: string; ranked: string[] } {
  const ranked = rankList(cells, byDigits);
  const [best, runnerUp] = ranked;
  if (!best) return { ranked: [] };
  const absent = likeliestOutside(cells, byDigits) - absentPenalty;
  if (best.ll - Math.max(runnerUp?.ll ?? -Infinity, absent) >= margin) return { taken: best.code, ranked: [best.code] };
  return { ranked: ranked.map((r) => r.code) };
}

/**
 * A sure case code the register does not hold goes to a person: it is a digit read wrongly (sure reads are wrong about
 * one field in a hundred) or a case the register lacks, and either way the register's closest codes are offered.
 */
function checkInList<F extends FieldWithCells>(field: F, codes: readonly string[]): F {
  const byDigits = digitsOf(codes);
  if (byDigits.has(field.value)) return field;
  return { ...field, reasons: ['notInRegister'], candidates: rankList(field.cells, byDigits).map((r) => r.code) };
}

/** Register codes by their digits alone: a register may write 000123.25.47 where the form has a box per digit. */
function digitsOf(codes: readonly string[]): Map<string, string> {
  return new Map(codes.map((code) => [code.replace(/\D/g, ''), code]));
}

/** The `count` likeliest codes of a list for the written digits, best first. */
function rankList(cells: readonly DigitCellRead[], byDigits: ReadonlyMap<string, string>, count = OFFERED): { code: string; ll: number }[] {
  if (!cells.every((c) => c.probabilities)) return [];
  const ranked: { code: string; ll: number }[] = [];
  for (const [digits, code] of byDigits) {
    const ll = logLikelihood(cells, digits);
    if (ll === -Infinity) continue;
    ranked.push({ code, ll });
    if (ranked.length > count * 4) {
      ranked.sort((a, b) => b.ll - a.ll);
      ranked.length = count;
    }
  }
  return ranked.sort((a, b) => b.ll - a.ll).slice(0, count);
}

/** The log-likelihood of the likeliest reading that is not in `list`: the free reading, or one digit changed from it. */
function likeliestOutside(cells: readonly DigitCellRead[], list: ReadonlyMap<string, unknown>): number {
  const free = freeReading(cells);
  if (!list.has(free.value)) return free.ll;
  let best = -Infinity;
  cells.forEach((cell, i) => {
    const own = Math.log(Math.max(FLOOR, cell.probabilities![Number(free.value[i])]));
    for (let digit = 0; digit < 10; digit++) {
      const value = free.value.slice(0, i) + digit + free.value.slice(i + 1);
      if (value === free.value || list.has(value)) continue;
      best = Math.max(best, free.ll - own + Math.log(Math.max(FLOOR, cell.probabilities![digit])));
    }
  });
  return best;
}

/**
 * A doubtful phone no plausible reading of which changes a count — none is a staff phone, none belongs to a person at
 * the forms limit — holds no count up. It is kept as read when Vietnamese numbering leaves one reading nearly certain
 * (its share of the valid readings' probability at least `phoneKeptFrom`); otherwise a phone kept with a wrong digit
 * would be wrong personal data, so it waits in the transcription queue with its readings (`phoneReadings`), which the
 * counting rules weigh again against the staff list and the forms counted then.
 */
function settlePhone<F extends FieldWithCells>(field: F, cells: DigitCellRead[], phonesMatter: (phones: readonly string[]) => boolean, s: HandwritingSettings): F {
  // A number written surely but invalid is what the person wrote: offering a valid number one sure digit away would
  // make their own slip someone else's phone at one key.
  if (!field.reasons.includes('doubtfulDigit')) return field;
  const readings = plausibleReadings(cells, s.digits.readingsFrom, READINGS_MISS);
  if (!readings) return field;
  const phones = readings.filter((r) => checkVietnamesePhone(r.value).ok);
  if (!phones.length) return field;
  const likeliestShare = phones[0].p / phones.reduce((sum, r) => sum + r.p, 0);
  const offered = { ...field, candidates: phones.slice(0, OFFERED).map((r) => r.value) };
  if (phones.length > MAX_PHONE_READINGS || phonesMatter(phones.map((r) => r.value))) return offered;
  if (likeliestShare >= s.digits.phoneKeptFrom && keepsSureDigits(cells, phones[0].value, s)) return settled(field, phones[0].value, 'noCountingChange');
  return { ...offered, phoneReadings: phones.map((r) => r.value) };
}

/**
 * A quick form's doubtful case code the register cannot settle, none of whose plausible readings changes a count —
 * none is a case answered elsewhere, none a case whose person's phone matters — holds no count up: the form counts for
 * its office meanwhile, and the code waits in the transcription queue with its readings (`caseReadings`, register
 * spelling where the register holds one), which the counting rules weigh again against the forms counted then. A
 * reading the register lacks is weighed too: an electronic answer may carry that code.
 */
function settleCaseCode<F extends FieldWithCells>(field: F, cells: DigitCellRead[], byDigits: ReadonlyMap<string, string>, casesMatter: (caseCodes: readonly string[]) => boolean, s: HandwritingSettings): F {
  const readings = plausibleReadings(cells, s.digits.readingsFrom, READINGS_MISS);
  if (!readings || readings.length > MAX_CASE_READINGS) return field;
  const caseReadings = readings.map((r) => byDigits.get(r.value) ?? r.value);
  return casesMatter(caseReadings) ? field : { ...field, caseReadings };
}

/**
 * A date read against the calendar, the round's period and the day it is scanned: a reading outside them is no answer
 * (a year read 2075 for 2025 is no date yet); a doubtful digit is settled when exactly one plausible reading is a
 * date of the round.
 */
function settleDate<F extends FieldWithCells>(field: F, known: KnownValues, s: HandwritingSettings): F {
  const inRound = dateInRound(known);
  const cells = field.cells;
  if (field.reasons.some((r) => r !== 'doubtfulDigit' && r !== 'badDate') || hasGap(cells) || cells.some((c) => c.state !== 'written')) return field;
  // A sure date outside the round is what the person wrote (a date of another round, a slip of the year): no reading
  // changing a sure digit is offered for it.
  if (!field.reasons.length) return inRound(cells.map((c) => c.digit).join('')) ? field : { ...field, reasons: ['badDate'] };
  const readings = plausibleReadings(cells, s.digits.candidateFrom);
  if (!readings) return field;
  const dates = datesOfRound(cells, readings, inRound, s);
  if (dates.length === 1) return settled(field, dates[0], 'calendar');
  return { ...field, candidates: dates.slice(0, OFFERED) };
}

/** The readings that are dates of the round, likeliest first: only doubtful digits are resolved, a reading changing a sure one is not what was written. */
function datesOfRound(cells: readonly DigitCellRead[], readings: { value: string }[], inRound: (value: string) => string | undefined, s: HandwritingSettings): string[] {
  return readings.filter((r) => keepsSureDigits(cells, r.value, s)).flatMap((r) => inRound(r.value) ?? []);
}

/** A date's eight digits as dd/mm/yyyy when they are a date of the round, no later than the day it is scanned. */
function dateInRound(known: KnownValues): (value: string) => string | undefined {
  const { from, to } = known.period ?? { from: null, to: null };
  return (value) => {
    const date = asDate(value);
    if (!date) return undefined;
    const iso = `${value.slice(4)}-${value.slice(2, 4)}-${value.slice(0, 2)}`;
    return (from === null || iso >= from) && (to === null || iso <= to) && (known.latestDate === undefined || iso <= known.latestDate) ? date : undefined;
  };
}

/**
 * Every reading of the cells at least `from` likely, likeliest first — or undefined when they leave out more than
 * `miss` of the probability (a reading left out could be the one), or are too many to weigh.
 */
export function plausibleReadings(cells: readonly DigitCellRead[], from: number, miss = from * 10): { value: string; p: number }[] | undefined {
  const options = cells.map((c) =>
    c
      .probabilities!.map((p, digit) => ({ digit: String(digit), p }))
      .filter((o) => o.p >= from)
      .sort((a, b) => b.p - a.p),
  );
  let readings = [{ value: '', p: 1 }];
  for (const cell of options) {
    readings = readings.flatMap((r) => cell.map((o) => ({ value: r.value + o.digit, p: r.p * o.p }))).filter((r) => r.p >= from);
    if (readings.length > MAX_READINGS) return undefined;
  }
  const covered = readings.reduce((sum, r) => sum + r.p, 0);
  return covered >= 1 - miss ? readings.sort((a, b) => b.p - a.p) : undefined;
}

/** Whether a reading keeps every digit the reader is sure of. */
function keepsSureDigits(cells: readonly DigitCellRead[], value: string, s: HandwritingSettings): boolean {
  return cells.every((c, i) => !isSureDigit(c, s.digits) || c.digit === value[i]);
}

function settled<F extends FieldWithCells>(field: F, value: string, settledBy: NonNullable<DigitFieldRead['settledBy']>): F {
  return { ...field, value, reasons: [], settledBy };
}

function hasGap(cells: readonly DigitCellRead[]): boolean {
  const used = cells.flatMap((c, i) => (c.state === 'empty' ? [] : [i]));
  return used.length > 0 && used[used.length - 1] - used[0] + 1 > used.length;
}

function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
