import { personOfResponses } from './people.js';
import type { ExclusionReason, ResponseOutcome } from './reasons.js';
import type { ResultSettings } from './settings.js';
import type { ResponseRecord, StaffList } from './types.js';

/** Earliest first; the key breaks ties, so the outcome never depends on the order responses were imported in. */
function byAnswerTime(a: ResponseRecord, b: ResponseRecord): number {
  return a.answeredOn < b.answeredOn ? -1 : a.answeredOn > b.answeredOn ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * Decides for every response whether it counts, and if not, why. Rules apply in this order, and a response excluded
 * by one is not seen by the later ones (so a denied form does not use up its case or its person's forms):
 * pending paper → denied on re-check → staff account, device or phone → one answer per case → forms per person. A
 * handwritten phone or quick form's case code waiting to be typed is weighed by each way it may read: a staff phone, a
 * case another response answers, or a phone of a person whose counted forms with the waiting ones that may be theirs
 * would pass the limit, keeps the response waiting until it is typed.
 */
export function applyCountingRules(responses: readonly ResponseRecord[], staff: StaffList, settings: ResultSettings): Map<string, ResponseOutcome> {
  const ordered = [...responses].sort(byAnswerTime);
  const outcomes = new Map<string, ResponseOutcome>();
  const exclude = (r: ResponseRecord, reason: ExclusionReason, keptKeys?: string[]) => outcomes.set(r.key, { counted: false, reason, ...(keptKeys ? { keptKeys } : {}) });

  let remaining: ResponseRecord[] = [];
  for (const r of ordered) {
    if (outcomes.has(r.key)) throw new Error(`response ${r.key} appears twice`);
    const reason = excludedForCause(r, staff, settings);
    if (reason) exclude(r, reason);
    else remaining.push(r);
  }

  if (settings.oneAnswerPerCase) {
    const firstOfCase = new Map<string, ResponseRecord>();
    const preferred = (r: ResponseRecord) => (settings.casePreference === r.channel ? 0 : 1);
    for (const r of [...remaining].sort((a, b) => preferred(a) - preferred(b) || byAnswerTime(a, b))) {
      if (!r.caseCode) continue;
      const caseKey = caseKeyOf(r.surveyId, r.caseCode);
      const kept = firstOfCase.get(caseKey);
      if (kept) exclude(r, 'caseAlreadyCounted', [kept.key]);
      else firstOfCase.set(caseKey, r);
    }
    // A case code waiting to be typed may be a case answered already. Two waiting codes that may be the same case both
    // count: that takes one case answered twice on paper, and the first typed puts the other on hold.
    for (const r of remaining) if (r.caseReadings?.some((c) => firstOfCase.has(caseKeyOf(r.surveyId, c.caseCode)))) exclude(r, 'caseToType');
    remaining = remaining.filter((r) => !outcomes.has(r.key));
  }

  if (settings.maxFormsPerPerson !== null) {
    const limit = settings.maxFormsPerPerson;
    if (remaining.some(isWaiting)) {
      // Each phone's forms counted in a year, and how many waiting responses may carry it.
      const kept = keptPerPhone(formsPerPerson(remaining.filter((r) => !isWaiting(r)), limit).kept);
      const waiting = tally(remaining.flatMap((r) => [...new Set([...(r.phoneReadings ?? []), ...caseReadingPhones(r)])]));
      for (const r of remaining) {
        // A waiting case's own year is unknown until it is typed: its phones are weighed against their busiest year.
        const tooMany = (phone: string, year: string | null) => (kept.get(`${phone}/${year ?? '*'}`) ?? 0) + waiting.get(phone)! > limit;
        if (r.phoneReadings?.some((p) => tooMany(p, yearOf(r)))) exclude(r, 'phoneToType');
        else if (caseReadingPhones(r).some((p) => tooMany(p, null))) exclude(r, 'caseToType');
      }
      remaining = remaining.filter((r) => !outcomes.has(r.key));
    }
    for (const { response, kept } of formsPerPerson(remaining, limit).over) exclude(response, 'overPersonLimit', kept.map((k) => k.key));
  }

  for (const r of ordered) if (!outcomes.has(r.key)) outcomes.set(r.key, { counted: true });
  return outcomes;
}

function excludedForCause(r: ResponseRecord, staff: StaffList, settings: ResultSettings): ExclusionReason | null {
  if (settings.excludePending && r.pending === 'review') return 'pendingReview';
  if (settings.excludePending && r.pending === 'pages') return 'pendingPages';
  if (settings.excludeDeniedOnRecheck && r.recheck === 'denied') return 'deniedOnRecheck';
  if (settings.excludeStaff) {
    if (r.account && staff.accounts.has(r.account.toLowerCase())) return 'staffAccount';
    if (r.device && staff.devices.has(r.device)) return 'staffDevice';
    if (r.ownPhone && staff.phones.has(r.ownPhone)) return 'staffPhone';
    if (r.phoneReadings?.some((p) => staff.phones.has(p))) return 'phoneToType';
    if (caseReadingPhones(r).some((p) => staff.phones.has(p))) return 'caseToType';
  }
  return null;
}

/**
 * One case of a survey however its code is spelled: an export may write 000123.25.47 where the register writes
 * 000123-25-47 or a form's boxes hold 0001232547.
 */
const caseKeyOf = (surveyId: string, caseCode: string) => `${surveyId}\u0000${caseCode.replace(/[\s./-]/g, '').toUpperCase()}`;

const isWaiting = (r: ResponseRecord) => !!(r.phoneReadings || r.caseReadings);
const caseReadingPhones = (r: ResponseRecord) => r.caseReadings?.flatMap((c) => c.phones) ?? [];

function tally(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

const yearOf = (r: ResponseRecord) => r.answeredOn.slice(0, 4);

/** Each person's responses of a year in answer order, the first `limit` kept: those kept, and those over the limit with them. */
function formsPerPerson(responses: readonly ResponseRecord[], limit: number): { kept: ResponseRecord[][]; over: { response: ResponseRecord; kept: ResponseRecord[] }[] } {
  const person = personOfResponses(responses);
  const keptOf = new Map<string, ResponseRecord[]>();
  const over: { response: ResponseRecord; kept: ResponseRecord[] }[] = [];
  for (const r of responses) {
    const id = person.get(r.key);
    if (id === undefined) continue;
    const personYear = `${id}/${yearOf(r)}`;
    const kept = keptOf.get(personYear) ?? [];
    if (kept.length >= limit) over.push({ response: r, kept: [...kept] });
    else keptOf.set(personYear, [...kept, r]);
  }
  return { kept: [...keptOf.values()], over };
}

/** How many responses each phone's person has kept, by `phone/year`, and in their busiest year by `phone/*`. */
function keptPerPhone(kept: readonly ResponseRecord[][]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const forms of kept) {
    for (const phone of new Set(forms.flatMap((r) => r.phones))) {
      counts.set(`${phone}/${yearOf(forms[0])}`, forms.length);
      counts.set(`${phone}/*`, Math.max(forms.length, counts.get(`${phone}/*`) ?? 0));
    }
  }
  return counts;
}
