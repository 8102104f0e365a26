/** Keys whose values never reach a log line. */
const SECRET_KEY = /pass|token|secret|cookie|csrf|session|phone|sdt|name|address/i;
/** Vietnamese phone numbers in any of their written forms. */
const PHONE = /(?:\+?84|0)(?:[\s.-]?\d){8,10}/g;

export function redact(value: unknown, key = ''): unknown {
  if (SECRET_KEY.test(key)) return '[redacted]';
  if (typeof value === 'string') return value.replace(PHONE, '[phone]');
  if (Array.isArray(value)) return value.map((v) => redact(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
  return value;
}

/**
 * One line per event, as JSON, on stderr: time, event name and details, with passwords, tokens and personal data
 * (phone numbers, names, addresses) taken out, so logs can be shared with support.
 */
export function logEvent(event: string, details: Record<string, unknown> = {}, write: (line: string) => void = (line) => process.stderr.write(line)): void {
  write(`${JSON.stringify({ at: new Date().toISOString(), event, ...(redact(details) as object) })}\n`);
}
