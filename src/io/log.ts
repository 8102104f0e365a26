import { pino } from 'pino';
import { scrubPhoneNumbers } from '../phone/vietnamesePhone.js';

/** Keys whose values never reach a log line. */
const SECRET_KEY = /pass|token|secret|cookie|csrf|session|phone|sdt|name|address/i;

/**
 * Details with secrets and personal data taken out, at any depth. pino's own `redact` takes exact paths
 * (`a.b`, `*.b`); our rule goes by the key's name wherever it sits, and scrubs phone numbers out of every string, so
 * it runs here before pino sees the details.
 */
function redact(value: unknown, key = ''): unknown {
  if (SECRET_KEY.test(key)) return '[redacted]';
  if (typeof value === 'string') return scrubPhoneNumbers(value);
  if (Array.isArray(value)) return value.map((v) => redact(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
  return value;
}

export type LogEvent = (event: string, details?: Record<string, unknown>) => void;

/**
 * A log of events as pino JSON lines (level, time, the details, then the event's name), on stderr unless told
 * where, with passwords, tokens and personal data (phone numbers, names, addresses) taken out, so logs can be shared
 * with support. An event named …error is logged at level error, …failed at warn, the rest at info.
 */
export function eventLog(write?: (line: string) => void): LogEvent {
  const logger = pino(
    {
      base: null,
      messageKey: 'event',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    // Synchronous, so the last lines before a crash are not lost in a buffer.
    write ? { write } : pino.destination({ dest: 2, sync: true }),
  );
  return (event, details = {}) => {
    const level = /error$/i.test(event) ? 'error' : /failed$/i.test(event) ? 'warn' : 'info';
    logger[level](redact(details) as object, event);
  };
}

/** The process's log on stderr. */
export const logEvent: LogEvent = eventLog();
