/**
 * Vietnamese phone numbers in the national form: mobiles are 10 digits starting 03, 05, 07, 08 or 09; fixed lines
 * are 11 digits starting 02 (area code since 2017). +84 and 84 prefixes become 0; spaces, dots, dashes and brackets
 * are dropped.
 */
export type PhoneCheck = { ok: true; phone: string } | { ok: false; reason: string };

export function normalisePhone(raw: string): PhoneCheck {
  let digits = raw.trim().replace(/[\s.\-()]/g, '');
  if (digits.startsWith('+84')) digits = `0${digits.slice(3)}`;
  else if (digits.startsWith('84') && digits.length >= 11) digits = `0${digits.slice(2)}`;
  if (!/^\d+$/.test(digits)) return { ok: false, reason: `"${raw}" có ký tự không phải chữ số` };
  if (/^0[35789]\d{8}$/.test(digits)) return { ok: true, phone: digits };
  if (/^02\d{9}$/.test(digits)) return { ok: true, phone: digits };
  return { ok: false, reason: `"${raw}" không phải số điện thoại Việt Nam (di động 10 số bắt đầu 03/05/07/08/09, cố định 11 số bắt đầu 02)` };
}
