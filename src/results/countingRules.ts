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
 * handwritten phone waiting to be typed is weighed by each way it may read: one that is a staff phone, or a phone of a
 * person whose counted forms already reach the limit, keeps the response waiting until the phone is typed.
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
      const caseKey = `${r.surveyId}\u0000${r.caseCode}`;
      const kept = firstOfCase.get(caseKey);
      if (kept) exclude(r, 'caseAlreadyCounted', [kept.key]);
      else firstOfCase.set(caseKey, r);
    }
    remaining = remaining.filter((r) => !outcomes.has(r.key));
  }

  if (settings.maxFormsPerPerson !== null) {
    const limit = settings.maxFormsPerPerson;
    const person = personOfResponses(remaining);
    const keptOf = new Map<string, string[]>();
    const phonesOf = new Map<string, readonly string[]>();
    for (const r of remaining) {
      const id = person.get(r.key);
      if (id === undefined) continue;
      const personYear = `${id}/${r.answeredOn.slice(0, 4)}`;
      const kept = keptOf.get(personYear) ?? [];
      if (kept.length >= limit) exclude(r, 'overPersonLimit', [...kept]);
      else keptOf.set(personYear, [...kept, r.key]);
      phonesOf.set(personYear, [...(phonesOf.get(personYear) ?? []), ...r.phones]);
    }
    const phonesAtLimit = new Set([...keptOf].flatMap(([personYear, kept]) => (kept.length >= limit ? (phonesOf.get(personYear) ?? []).map((p) => `${p}/${personYear.slice(-4)}`) : [])));
    for (const r of remaining) {
      if (r.phoneReadings?.some((p) => phonesAtLimit.has(`${p}/${r.answeredOn.slice(0, 4)}`))) exclude(r, 'phoneToType');
    }
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
  }
  return null;
}
