import type { ErrorRequestHandler, Response } from 'express';
import { z } from 'zod';
import { PhieuError, type ErrorKind } from '../../errors/errorTable.js';
import { ReviewRefused } from '../../review/queue.js';

/** An error whose message is meant for the person using the app (in Vietnamese) and carries its HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A 429 that says how long to wait, in the Retry-After header and in words ("45 giây", "3 phút"). */
export function waitFor(res: Response, seconds: number, reason: string): HttpError {
  res.setHeader('Retry-After', String(seconds));
  return new HttpError(429, `${reason} Vui lòng thử lại sau ${seconds < 60 ? `${seconds} giây` : `${Math.ceil(seconds / 60)} phút`}.`);
}

const REFUSAL_STATUS: Record<ReviewRefused['code'], number> = { notFound: 404, notYours: 409, supervisorOnly: 403, invalid: 400, published: 409 };
const KIND_STATUS: Record<ErrorKind, number> = { notFound: 404, invalid: 400, conflict: 409 };

// zod's own messages for a field that does not fit, in Vietnamese; a schema's own message, where it has one, comes first.
const VIETNAMESE_ISSUES = z.locales.vi().localeError;

/** Express's refusals of a body before any route runs (too large, not JSON) carry English text: said here in Vietnamese. */
const BODY_REFUSALS: Record<string, string> = {
  'entity.too.large': 'Dữ liệu gửi lên quá lớn.',
  'entity.parse.failed': 'Dữ liệu gửi lên không phải JSON hợp lệ.',
};

/** Parses outside input with a schema; a bad field becomes a 400 naming it. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input, { error: VIETNAMESE_ISSUES });
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new HttpError(400, `Dữ liệu không hợp lệ (${issue.path.join('.') || 'yêu cầu'}): ${issue.message}`);
  }
  return result.data;
}

/** Answers errors; an unexpected one is logged as one line (its stack inside the JSON, personal data taken out). */
export function errorHandlerWith(log: (event: string, details: Record<string, unknown>) => void): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (error instanceof HttpError) return void res.status(error.status).json({ error: error.message });
    if (error instanceof PhieuError) return void res.status(KIND_STATUS[error.kind]).json({ error: error.message, code: error.code });
    if (error instanceof ReviewRefused) return void res.status(REFUSAL_STATUS[error.code]).json({ error: error.message, code: error.code });
    const status = (error as { status?: number; statusCode?: number }).status ?? (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return void res.status(status).json({ error: BODY_REFUSALS[(error as { type?: string }).type ?? ''] ?? `Yêu cầu không hợp lệ (mã ${status}).` });
    }
    log('error', { method: req.method, path: req.originalUrl.split('?')[0], message: (error as Error).message ?? String(error), stack: (error as Error).stack ?? null });
    res.status(500).json({ error: 'Lỗi máy chủ. Việc đã lưu không bị mất; hãy thử lại hoặc báo quản trị.' });
  };
}
