/**
 * Vietnamese numbers as written on a form: a mobile is 10 digits under an allocated network prefix (since the 2018
 * renumbering); a fixed line is 11 digits, 0 and a province's area code (since 2017) then the subscriber number.
 * Checking the prefix, not just the first digits, catches a misread early digit that a length check would let pass.
 */
const MOBILE_PREFIXES = new Set([
  // Viettel
  '032', '033', '034', '035', '036', '037', '038', '039', '086', '096', '097', '098',
  // VinaPhone
  '081', '082', '083', '084', '085', '088', '091', '094',
  // MobiFone
  '070', '076', '077', '078', '079', '089', '090', '093',
  // Vietnamobile, Gmobile, Reddi, Itelecom
  '052', '056', '058', '092', '059', '099', '055', '087',
]);

/** Area codes after the leading 0: Hà Nội 24 and TP Hồ Chí Minh 28 (8-digit subscribers), the provinces 2xx (7). */
const AREA_CODES = new Set([
  '24', '28',
  '203', '204', '205', '206', '207', '208', '209', '210', '211', '212', '213', '214', '215', '216', '218', '219',
  '220', '221', '222', '225', '226', '227', '228', '229', '232', '233', '234', '235', '236', '237', '238', '239',
  '251', '252', '254', '255', '256', '257', '258', '259', '260', '261', '262', '263', '269', '270', '271', '272',
  '273', '274', '275', '276', '277', '290', '291', '292', '293', '294', '296', '297', '299',
]);

export type PhoneKind = 'mobile' | 'fixed';

/** What kind of Vietnamese number the digits are, or undefined when they are none. */
export function vietnamesePhoneKind(digits: string): PhoneKind | undefined {
  if (!/^0\d+$/.test(digits)) return undefined;
  if (digits.length === 10 && MOBILE_PREFIXES.has(digits.slice(0, 3))) return 'mobile';
  if (digits.length === 11 && (AREA_CODES.has(digits.slice(1, 3)) || AREA_CODES.has(digits.slice(1, 4)))) return 'fixed';
  return undefined;
}
