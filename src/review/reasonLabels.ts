import type { DigitFieldReason } from '../handwriting/readDigitField.js';
import type { TextFieldReason } from '../handwriting/textSuggestion.js';
import type { ChoiceReason } from '../recognize/checkboxes.js';

/** Why a field goes to a person. */
export type FieldReason = ChoiceReason | DigitFieldReason | TextFieldReason | 'doubleEntryMismatch';

/** The names people read for each reason: on the review screen, in its filter and in the form view. */
export const FIELD_REASON_LABELS: Record<FieldReason, string> = {
  marginalMark: 'Dấu không rõ',
  multipleAnswers: 'Chọn nhiều hơn một',
  tooManyAnswers: 'Chọn quá số phương án cho phép',
  cancelledOnly: 'Chỉ có ô đã huỷ',
  heavyMark: 'Ô tô kín',
  handwriting: 'Chữ viết tay',
  doubtfulDigit: 'Chữ số không chắc',
  badPhone: 'Số điện thoại sai quy tắc',
  badDate: 'Ngày không hợp lệ',
  crossedOut: 'Có gạch xoá',
  lowConfidence: 'Nhận dạng không chắc',
  notInRegister: 'Mã hồ sơ không có trong sổ',
  doubleEntryMismatch: 'Hai lần nhập khác nhau',
};
