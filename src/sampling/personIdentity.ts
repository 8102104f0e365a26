// In decomposed form a tone mark follows its vowel. In oa, oe and uy the new style puts the tone on the second vowel
// (hoà, thuý, khoẻ), the old style on the first (hòa, thúy, khỏe): both are the same word. The mark is moved to the
// first vowel, unless the second carries a circumflex or breve as well (hoặc), where no one writes it elsewhere.
const TONE_ON_SECOND_VOWEL = /(o)([ae])([\u0300\u0301\u0303\u0309\u0323])(?![\u0302\u0306])|(u)(y)([\u0300\u0301\u0303\u0309\u0323])/g;

/**
 * A name or address as a key to compare people by: Unicode NFC, lower case, runs of spaces as one (and one space
 * after a comma), the tone of oa, oe, uy placed one way. Two spellings of one person get one key; different names
 * keep different keys.
 */
export function identityText(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .normalize('NFD')
    .replace(TONE_ON_SECOND_VOWEL, (_m, o, a, oTone, u, y, uTone) => (o ? `${o}${oTone}${a}` : `${u}${uTone}${y}`))
    .normalize('NFC')
    .replace(/\s*,\s*/g, ', ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A person known only by name and address (both needed: a name alone is shared by many). */
export function nameAddressKey(name: string | null | undefined, address: string | null | undefined): string | null {
  const n = name ? identityText(name) : '';
  const a = address ? identityText(address) : '';
  return n && a ? `n:${n}|${a}` : null;
}

/** Who a case belongs to: the phone number, else name and address, else the case itself. */
export function personKey(c: { caseCode: string; phone?: string | null; name?: string | null; address?: string | null }): string {
  if (c.phone) return `p:${c.phone}`;
  return nameAddressKey(c.name, c.address) ?? `c:${c.caseCode}`;
}
