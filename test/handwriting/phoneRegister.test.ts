import { describe, expect, it } from 'vitest';
import { applyKnownValues } from '../../src/handwriting/knownValues.js';
import { decideDigitField, type DigitCellRead } from '../../src/handwriting/readDigitField.js';
import { HANDWRITING_SETTINGS } from '../../src/handwriting/settings.js';

const S = HANDWRITING_SETTINGS;
const phone = { kind: 'digits', format: 'phone' } as const;
const field = (reads: DigitCellRead[]) => ({ questionId: 'phone', kind: 'digits', ...decideDigitField(reads, phone, S) }) as const;

describe('a doubtful phone on a blank form matched against the register\'s phones', () => {
  /** A cell the reader is sure of, and one where one network doubts: `d` as likely as the margin allows, `other` the rest. */
  const sureCell = (d: number): DigitCellRead => ({ state: 'written', digit: String(d), confidence: 0.9999, probabilities: Array.from({ length: 10 }, (_, i) => (i === d ? 0.9999 : 0.0001 / 9)) });
  const doubtCell = (d: number, other: number, pOther: number): DigitCellRead => ({
    state: 'written',
    digit: String(d),
    confidence: 0.9,
    probabilities: Array.from({ length: 10 }, (_, i) => (i === d ? 1 - pOther : i === other ? pOther : 0)),
  });
  /**
   * The runner-up's probability that puts `d` one log unit more than the margin ahead of it once it is in the register
   * and the runner-up is not (that reading made less likely by the penalty): the register's phone is taken.
   */
  const pTaken = 1 / (1 + Math.exp(S.digits.phoneMargin - S.digits.phoneAbsentPenalty + 1));
  const writtenPhone = (digits: string, at: number, other: number) => {
    const reads = [...digits].map((c) => sureCell(Number(c)));
    reads[at] = doubtCell(Number(digits[at]), other, pTaken);
    return field(reads);
  };
  const OTHERS = ['0983456712', '0354123987', '0868001122'];

  it('takes the register\'s phone when one digit is doubtful and no other register phone is near', () => {
    const read = writtenPhone('0912345678', 7, 5);
    expect(read.reasons).toContain('doubtfulDigit');
    expect(applyKnownValues(read, { phones: [...OTHERS, '0912345678'] }, S)).toMatchObject({ value: '0912345678', reasons: [], settledBy: 'register' });
  });

  it('leaves the phone to a person when a phone one doubtful digit away is also in the register, offering no register phone', () => {
    const read = applyKnownValues(writtenPhone('0912345678', 7, 5), { phones: [...OTHERS, '0912345678', '0912345578'] }, S);
    expect(read.reasons).toContain('doubtfulDigit');
    expect(read.settledBy).toBeUndefined();
    expect(read.candidates ?? []).not.toContain('0912345578');
  });

  it('leaves the phone to a person when the written phone is not in the register and a register phone is one doubtful digit away', () => {
    // The doubtful digit the other way round: written 6, the register holds the number with a 5 there.
    const reads = [...'0912345678'].map((c) => sureCell(Number(c)));
    reads[7] = doubtCell(6, 5, 0.3);
    const read = applyKnownValues(field(reads), { phones: [...OTHERS, '0912345578'] }, S);
    expect(read.reasons).toContain('doubtfulDigit');
    expect(read.settledBy).toBeUndefined();
  });

  it('keeps the form\'s own case phone first: a personalised form confirms its phone, not the register\'s', () => {
    const read = applyKnownValues(writtenPhone('0912345678', 7, 5), { phone: '0983456712', phones: ['0912345678'] }, S);
    expect(read.settledBy).not.toBe('register');
  });
});
