import { personKey } from '../sampling/personIdentity.js';
import { seededRandom, shuffled } from '../sampling/random.js';
import type { Db } from '../store/db.js';
import { recheckPhones, returnedFormsWithPhone, storeRecheckDraw, type RecheckCandidate } from '../store/sampling.js';

/**
 * Draws the re-check (phúc tra): a seeded random share of the people whose form came back and whose case has a phone
 * number, each called about one form (their first returned). A person already on the re-check list is not drawn
 * again. Outcomes are recorded later; a denied form is excluded from the results.
 */
export function drawRecheck(db: Db, request: { share: number; seed: string; actor: string }): RecheckCandidate[] {
  const returned = returnedFormsWithPhone(db);
  const called = new Set(recheckPhones(db).map((phone) => personKey({ caseCode: '', phone })));
  const firstFormOf = new Map<string, RecheckCandidate>();
  for (const form of returned) {
    const person = personKey(form);
    if (!called.has(person) && !firstFormOf.has(person)) firstFormOf.set(person, form);
  }
  const candidates = [...firstFormOf.values()];
  const chosen = shuffled(candidates, seededRandom(request.seed)).slice(0, Math.ceil(candidates.length * request.share));
  chosen.sort((a, b) => a.serial - b.serial);
  storeRecheckDraw(db, chosen, request);
  return chosen;
}
