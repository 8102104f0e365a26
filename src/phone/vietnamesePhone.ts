import { parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js/max';

/**
 * The one rule for Vietnamese phone numbers, used by the register and export imports, the handwriting reader and the
 * log redactor alike: what libphonenumber's full metadata for Vietnam calls a valid mobile or fixed-line number. Its
 * "max" metadata knows the allocated prefixes and their lengths; the smaller "min" set only checks lengths and would
 * pass 0123456789. Numbers may be written in the national form (0…), with +84 or 84, or without the leading 0 (as a
 * spreadsheet keeps a number typed into a numeric cell); spaces, dots, dashes and brackets are dropped.
 */
export type PhoneKind = 'mobile' | 'fixed';

export type PhoneCheck = { ok: true; phone: string; kind: PhoneKind } | { ok: false; reason: string };

const SEPARATORS = /[\s.\-()]/g;

const KINDS: Partial<Record<string, PhoneKind>> = { MOBILE: 'mobile', FIXED_LINE: 'fixed' };

/** The number in its national form (0 and the national number), or why it is not a Vietnamese phone number. */
export function checkVietnamesePhone(raw: string): PhoneCheck {
  const written = raw.trim().replace(SEPARATORS, '');
  if (!/^\+?\d+$/.test(written)) return { ok: false, reason: `"${raw}" có ký tự không phải chữ số` };
  const number = parsePhoneNumberFromString(written, 'VN');
  if (number && number.country !== 'VN' && number.isValid()) return { ok: false, reason: `"${raw}" là số điện thoại nước ngoài, không phải số Việt Nam` };
  if (number?.country === 'VN' && number.isValid()) {
    const kind = KINDS[number.getType() ?? ''];
    if (kind) return { ok: true, phone: `0${number.nationalNumber}`, kind };
    return { ok: false, reason: `"${raw}" là số dịch vụ hay tổng đài, không phải số di động hay cố định của một người` };
  }
  const length = validatePhoneNumberLength(written, 'VN');
  const why = length === 'TOO_SHORT' ? 'thiếu chữ số' : length === 'TOO_LONG' ? 'thừa chữ số' : 'đầu số hoặc số chữ số không khớp số nào đã được cấp';
  return { ok: false, reason: `"${raw}" không phải số điện thoại Việt Nam: ${why} (di động 10 số như 0912345678, cố định 11 số như 02343812345)` };
}

/** Digits with at most a short separator between them; a leading + belongs to the group. */
const DIGIT_GROUP = /\+?\d+/g;
const JOINS_GROUPS = /^[\s.\-()]{1,3}$/;
/**
 * A log must not keep a number just because it was mistyped: digits shaped like a Vietnamese number (0 or 84, then
 * 8 to 10 more) are taken out too, valid or not.
 */
const PHONE_SHAPED = /^(?:0\d{8,10}|84\d{8,10})$/;
/** The longest a Vietnamese number is written: +84 and a 10-digit national number. */
const MAX_DIGITS = 13;

/**
 * The text with every Vietnamese phone number in it replaced by [phone]. Candidates start and end on whole groups
 * of digits (so a number glued to letters is found, and a long id is never cut into a phone number), groups joined by
 * spaces, dots or dashes are tried longest first, and each candidate is judged by checkVietnamesePhone or its shape.
 */
export function scrubPhoneNumbers(text: string): string {
  const groups = [...text.matchAll(DIGIT_GROUP)].map((m) => ({ start: m.index, end: m.index + m[0].length, digits: m[0] }));
  const spans: { start: number; end: number }[] = [];
  for (let i = 0; i < groups.length; ) {
    let last = i;
    let digits = groups[i].digits.length;
    while (last + 1 < groups.length && JOINS_GROUPS.test(text.slice(groups[last].end, groups[last + 1].start)) && !groups[last + 1].digits.startsWith('+')) {
      digits += groups[last + 1].digits.length;
      if (digits > MAX_DIGITS) break;
      last++;
    }
    let found = -1;
    for (let j = last; j >= i && found < 0; j--) {
      const candidate = text.slice(groups[i].start, groups[j].end);
      if (checkVietnamesePhone(candidate).ok || PHONE_SHAPED.test(candidate.replace(/\D/g, ''))) found = j;
    }
    if (found < 0) {
      i++;
      continue;
    }
    spans.push({ start: groups[i].start - (text[groups[i].start - 1] === '(' ? 1 : 0), end: groups[found].end });
    i = found + 1;
  }
  let scrubbed = text;
  for (const { start, end } of spans.reverse()) scrubbed = `${scrubbed.slice(0, start)}[phone]${scrubbed.slice(end)}`;
  return scrubbed;
}
