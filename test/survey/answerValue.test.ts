import { describe, expect, it } from 'vitest';
import { canonicalAnswer } from '../../src/survey/answerValue.js';
import type { Question } from '../../src/survey/schema.js';

const date = { id: 'date', kind: 'date', text: 'Ngày cho ý kiến' } as Question;

describe('a date as a reviewer types it', () => {
  it('takes the eight digits written in the boxes (05032025) as 05/03/2025', () => {
    expect(canonicalAnswer(date, '05032025')).toBe('05/03/2025');
  });

  it('takes dd/mm/yyyy, and a day or month typed with one digit, in canonical form', () => {
    expect(canonicalAnswer(date, '05/03/2025')).toBe('05/03/2025');
    expect(canonicalAnswer(date, '5/3/2025')).toBe('05/03/2025');
    expect(canonicalAnswer(date, '')).toBe('');
  });

  it('refuses a day the calendar does not have, typed either way, in Vietnamese', () => {
    for (const typed of ['31022025', '31/02/2025', '0503202', '2025-03-05']) {
      expect(() => canonicalAnswer(date, typed)).toThrow(expect.objectContaining({ code: 'answerDate' }));
      expect(() => canonicalAnswer(date, typed)).toThrow(/Cần một ngày có thật/);
    }
  });
});
