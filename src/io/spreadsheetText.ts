/**
 * A cell that starts with = + - @ (or a tab or carriage return before one) is taken by spreadsheets for a formula:
 * a name from a register or a scan's file name must open as the text it is (OWASP "CSV injection"). Such text gets a
 * leading apostrophe, in CSV and XLSX alike. Numbers stay numbers.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function inertText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Every CSV and XLSX writer passes its cells through here. */
export function inertCell<T>(value: T): T | string {
  return typeof value === 'string' ? inertText(value) : value;
}
