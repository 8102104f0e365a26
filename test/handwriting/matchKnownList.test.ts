import { describe, expect, it } from 'vitest';
import { matchKnownList } from '../../src/handwriting/matchKnownList.js';
import { textSuggestion } from '../../src/handwriting/textSuggestion.js';
import { HANDWRITING_SETTINGS } from '../../src/handwriting/settings.js';

const PROCEDURES = ['Cấp giấy chứng nhận quyền sử dụng đất', 'Đăng ký khai sinh', 'Đăng ký kết hôn', 'Cấp bản sao trích lục hộ tịch', 'Chứng thực chữ ký'];

describe('matching a reading to a known list', () => {
  it('finds the entry a reading lost its tone marks from', () => {
    expect(matchKnownList('Dang ky khai sinh', PROCEDURES, 0.35)?.entry).toBe('Đăng ký khai sinh');
    expect(matchKnownList('dang ky ket hon', PROCEDURES, 0.35)?.entry).toBe('Đăng ký kết hôn');
  });

  it('prefers the entry whose diacritics agree when two differ only in them', () => {
    const names = ['Nguyễn Văn Hòa', 'Nguyễn Văn Hoà', 'Nguyễn Văn Hà'];
    expect(matchKnownList('Nguyên Văn Hà', names, 0.35)?.entry).toBe('Nguyễn Văn Hà');
  });

  it('takes a reading with a wrong letter or two to the closest entry, and an unrelated one to none', () => {
    expect(matchKnownList('Cap giay chung nhan quyen su dung dat', PROCEDURES, 0.35)?.entry).toBe('Cấp giấy chứng nhận quyền sử dụng đất');
    expect(matchKnownList('Đăng kí khai sinb', PROCEDURES, 0.35)?.entry).toBe('Đăng ký khai sinh');
    expect(matchKnownList('Thái độ phục vụ tốt', PROCEDURES, 0.35)).toBeUndefined();
    expect(matchKnownList('', PROCEDURES, 0.35)).toBeUndefined();
    expect(matchKnownList('Đăng ký khai sinh', [], 0.35)).toBeUndefined();
  });

  it('puts the matched entry in the suggestion and says which list it came from', () => {
    const read = textSuggestion({ text: 'Dang ky khai sinh', confidence: 80 }, { name: 'procedures', entries: PROCEDURES }, HANDWRITING_SETTINGS.text);
    expect(read).toMatchObject({ value: 'Đăng ký khai sinh', ocrText: 'Dang ky khai sinh', listMatch: { list: 'procedures' }, reasons: ['handwriting'] });
  });

  it('keeps a worthless reading out of the reviewer\'s box and flags an unsure one', () => {
    expect(textSuggestion({ text: 'x~ ,,', confidence: 12 }, undefined, HANDWRITING_SETTINGS.text)).toMatchObject({ value: null, reasons: ['handwriting', 'lowConfidence'] });
    expect(textSuggestion({ text: 'Nhân viên nhiệt tình', confidence: 55 }, undefined, HANDWRITING_SETTINGS.text)).toMatchObject({ value: 'Nhân viên nhiệt tình', reasons: ['handwriting', 'lowConfidence'] });
    expect(textSuggestion({ text: 'Nhân viên nhiệt tình', confidence: 91 }, undefined, HANDWRITING_SETTINGS.text)).toMatchObject({ value: 'Nhân viên nhiệt tình', reasons: ['handwriting'] });
  });
});
