import { describe, expect, it } from 'vitest';
import { decideDigitField } from '../../src/handwriting/readDigitField.js';
import { HANDWRITING_SETTINGS } from '../../src/handwriting/settings.js';
import { eventLog } from '../../src/io/log.js';
import { parseRegisterRow, recogniseColumns } from '../../src/sampling/registerRow.js';

const { columns } = recogniseColumns(['Mã hồ sơ', 'Cơ quan/Đơn vị', 'Số điện thoại']);

/** Each path's verdict on the same digits: the register import, the handwriting reader, the log redactor. */
function verdicts(digits: string) {
  const sampling = parseRegisterRow(['HS001', 'UBND phường Phú Hội', digits], columns, 2).errors.length === 0;
  const cells = [...digits].map((digit) => ({ state: 'written' as const, digit, confidence: 1 }));
  const handwriting = !decideDigitField(cells, { kind: 'digits', format: 'phone' }, HANDWRITING_SETTINGS).reasons.includes('badPhone');
  const lines: string[] = [];
  eventLog((line) => lines.push(line))('note', { text: `gọi ${digits} nhé` });
  const redactor = !lines.join('').includes(digits);
  return { sampling, handwriting, redactor };
}

describe('one rule for Vietnamese phone numbers', () => {
  it('gives the same digits the same verdict in the register import and the handwriting reader, and the log redactor hides every valid number', () => {
    const valid = ['0912345678', '0368127358', '0312345678', '02343812345', '02438251234'];
    const invalid = ['0712345678', '0801234567', '02012345678', '091234567', '09123456789', '0123456789'];
    for (const digits of valid) expect({ digits, ...verdicts(digits) }).toEqual({ digits, sampling: true, handwriting: true, redactor: true });
    // A log hides a mistyped number too (it is still someone's): the redactor is wider than validity, never narrower.
    for (const digits of invalid) expect({ digits, ...verdicts(digits) }).toMatchObject({ digits, sampling: false, handwriting: false });
  });
});
