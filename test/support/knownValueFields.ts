import { applyKnownValues } from '../../src/handwriting/knownValues.js';
import { decideDigitField, type DigitCellRead } from '../../src/handwriting/readDigitField.js';
import type { HandwritingSettings } from '../../src/handwriting/settings.js';
import { seededRandom } from '../../src/sampling/random.js';

const MOBILE_PREFIXES = ['090', '091', '093', '094', '097', '098', '032', '035', '038', '070', '077', '079', '081', '083', '085', '086', '088'];

export interface KnownValueFigures {
  caseCodes: number;
  /** Quick-form case codes missing from the register (one in five). */
  caseCodesAbsent: number;
  caseCodesToReviewBefore: number;
  caseCodesToReviewAfter: number;
  /** Of those, codes the register holds: the load a complete register leaves. */
  registeredToReviewAfter: number;
  caseCodesSettledByRegister: number;
  /** Accepted (no person) yet not the code written, before and after the register. */
  caseCodesAcceptedWrongBefore: number;
  caseCodesAcceptedWrongAfter: number;
  /** Of those, codes missing from the register that were taken for a register code. */
  absentTakenForRegisterCode: number;
  phones: number;
  phonesToReviewBefore: number;
  phonesToReviewAfter: number;
  phonesAcceptedWrongBefore: number;
  /** Phones accepted because no reading could change a count, kept with a digit other than the one written. */
  phonesSettledWithOtherDigits: number;
}

/**
 * Quick-form case codes and mobile numbers written with the given cells (MNIST test-split digits as the reader read
 * them, by label), read as fields, then weighed against a register of 2,000 codes drawn from 4,000 consecutive ones
 * (so most codes have register neighbours one digit away) and against a count no phone reading can change.
 */
export function knownValueFigures(cells: readonly DigitCellRead[][], s: HandwritingSettings, size: { caseCodes: number; phones: number }, seed = 'known-values'): KnownValueFigures {
  const random = seededRandom(seed);
  const pick = (d: number) => cells[d][Math.floor(random() * cells[d].length)];
  const sequences = new Set<number>();
  while (sequences.size < 2000) sequences.add(1 + Math.floor(random() * 4000));
  const register = [...sequences].map((n) => `460125${String(n).padStart(6, '0')}`);
  const f: KnownValueFigures = {
    caseCodes: size.caseCodes,
    caseCodesAbsent: 0,
    caseCodesToReviewBefore: 0,
    caseCodesToReviewAfter: 0,
    registeredToReviewAfter: 0,
    caseCodesSettledByRegister: 0,
    caseCodesAcceptedWrongBefore: 0,
    caseCodesAcceptedWrongAfter: 0,
    absentTakenForRegisterCode: 0,
    phones: size.phones,
    phonesToReviewBefore: 0,
    phonesToReviewAfter: 0,
    phonesAcceptedWrongBefore: 0,
    phonesSettledWithOtherDigits: 0,
  };
  for (let i = 0; i < size.caseCodes; i++) {
    const absent = i % 5 === 0;
    let n = 0;
    while (absent && (n === 0 || sequences.has(n))) n = 1 + Math.floor(random() * 4000);
    const truth = absent ? `460125${String(n).padStart(6, '0')}` : register[Math.floor(random() * register.length)];
    const read = { questionId: 'case_code', kind: 'digits' as const, ...decideDigitField([...truth].map((c) => pick(Number(c))), { kind: 'digits', format: 'caseCode' }, s) };
    const after = applyKnownValues(read, { caseCodes: register }, s);
    if (absent) f.caseCodesAbsent++;
    if (read.reasons.length) f.caseCodesToReviewBefore++;
    else if (read.value !== truth) f.caseCodesAcceptedWrongBefore++;
    if (after.reasons.length) f.caseCodesToReviewAfter++;
    else if (after.value !== truth) f.caseCodesAcceptedWrongAfter++;
    if (after.reasons.length && !absent) f.registeredToReviewAfter++;
    if (after.settledBy) f.caseCodesSettledByRegister++;
    if (absent && after.settledBy && after.value !== truth) f.absentTakenForRegisterCode++;
  }
  for (let i = 0; i < size.phones; i++) {
    const truth = MOBILE_PREFIXES[Math.floor(random() * MOBILE_PREFIXES.length)] + String(Math.floor(random() * 1e7)).padStart(7, '0');
    const read = { questionId: 'phone', kind: 'digits' as const, ...decideDigitField([...truth].map((c) => pick(Number(c))), { kind: 'digits', format: 'phone' }, s) };
    const after = applyKnownValues(read, { phonesMatter: () => false }, s);
    if (read.reasons.length) f.phonesToReviewBefore++;
    else if (read.value !== truth) f.phonesAcceptedWrongBefore++;
    if (after.reasons.length) f.phonesToReviewAfter++;
    if (after.settledBy && after.value !== truth) f.phonesSettledWithOtherDigits++;
  }
  return f;
}

export interface PhoneRegisterFigures {
  registerPhones: number;
  /** Phones missing from the register (one in ten): each with a register phone one digit away, where the reader doubts most. */
  registerPhonesAbsent: number;
  registerPhonesToReviewBefore: number;
  registerPhonesToReviewAfter: number;
  registerPhonesSettled: number;
  /** Accepted (no person) yet not the phone written, after the register. */
  registerPhonesAcceptedWrongAfter: number;
  /** Of those, phones missing from the register taken for a register phone. */
  registerPhonesAbsentTaken: number;
}

/**
 * Mobile numbers written on blank one-stop forms with the given cells, weighed against the office register's phones
 * (no reading changes a count): 2,000 other people's phones, nine written phones in ten (a fifth of them with a
 * relative's number one digit away in the register too), and for each phone missing from the register the worst
 * neighbour there is — a register phone differing from it only where the reader is least sure, by the digit it takes
 * second.
 */
export function phoneRegisterFigures(cells: readonly DigitCellRead[][], s: HandwritingSettings, phones: number, seed = 'known-phones'): PhoneRegisterFigures {
  const random = seededRandom(seed);
  const pick = (d: number) => cells[d][Math.floor(random() * cells[d].length)];
  const mobile = () => MOBILE_PREFIXES[Math.floor(random() * MOBILE_PREFIXES.length)] + String(Math.floor(random() * 1e7)).padStart(7, '0');
  const register = new Set(Array.from({ length: 2000 }, mobile));
  const written = Array.from({ length: phones }, (_, i) => {
    const truth = mobile();
    const reads = [...truth].map((c) => pick(Number(c)));
    return { truth, reads, absent: i % 10 === 0 };
  });
  for (const w of written) {
    if (w.absent) {
      // The worst neighbour: where the reader is least sure, its runner-up digit (the prefix kept, so it stays a phone).
      const at = w.reads.map((c, i) => ({ c, i })).slice(3).sort((a, b) => a.c.confidence - b.c.confidence)[0].i;
      const runnerUp = w.reads[at].probabilities!.map((p, d) => ({ p, d })).filter((o) => String(o.d) !== w.truth[at]).sort((a, b) => b.p - a.p)[0].d;
      register.add(w.truth.slice(0, at) + runnerUp + w.truth.slice(at + 1));
      continue;
    }
    register.add(w.truth);
    const at = 3 + Math.floor(random() * 7);
    if (random() < 0.2) register.add(w.truth.slice(0, at) + ((Number(w.truth[at]) + 1 + Math.floor(random() * 9)) % 10) + w.truth.slice(at + 1));
  }
  for (const w of written) if (w.absent) register.delete(w.truth);
  const known = { phones: [...register], phonesMatter: () => false };
  const f: PhoneRegisterFigures = { registerPhones: phones, registerPhonesAbsent: 0, registerPhonesToReviewBefore: 0, registerPhonesToReviewAfter: 0, registerPhonesSettled: 0, registerPhonesAcceptedWrongAfter: 0, registerPhonesAbsentTaken: 0 };
  for (const { truth, reads, absent } of written) {
    const read = { questionId: 'phone', kind: 'digits' as const, ...decideDigitField(reads, { kind: 'digits', format: 'phone' }, s) };
    const after = applyKnownValues(read, known, s);
    if (absent) f.registerPhonesAbsent++;
    if (read.reasons.length) f.registerPhonesToReviewBefore++;
    if (after.reasons.length) f.registerPhonesToReviewAfter++;
    else if (after.value !== truth) f.registerPhonesAcceptedWrongAfter++;
    if (after.settledBy === 'register') f.registerPhonesSettled++;
    if (absent && after.settledBy === 'register' && after.value !== truth) f.registerPhonesAbsentTaken++;
  }
  return f;
}
