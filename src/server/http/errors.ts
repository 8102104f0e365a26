import type { ErrorRequestHandler, Response } from 'express';
import { z } from 'zod';
import { PhieuError, type ErrorKind } from '../../errors/errorTable.js';
import { fieldPlace, vietnameseIssues } from '../../errors/zodVietnamese.js';

const KIND_STATUS: Record<ErrorKind, number> = { invalid: 400, unauthorized: 401, forbidden: 403, notFound: 404, conflict: 409, tooLarge: 413, unsupported: 415, busy: 429, unavailable: 503, noSpace: 507 };

/** A 429 that says how long to wait, in the Retry-After header and in words ("45 giây", "3 phút"). */
export function waitFor(res: Response, seconds: number, code: 'kioskTooBusy' | 'tooManyLogins' | 'tooManyStationTokens'): PhieuError;
export function waitFor(res: Response, seconds: number, code: 'tooManyClaims', params: { perMinute: number }): PhieuError;
export function waitFor(res: Response, seconds: number, code: 'kioskTooBusy' | 'tooManyLogins' | 'tooManyStationTokens' | 'tooManyClaims', params = {}): PhieuError {
  res.setHeader('Retry-After', String(seconds));
  return new PhieuError(code, { ...params, seconds } as never);
}

/** Express's refusals of a body before any route runs (too large, not JSON) carry English text: said here in Vietnamese. */
const BODY_REFUSALS: Record<string, 'bodyTooLarge' | 'bodyNotJson'> = { 'entity.too.large': 'bodyTooLarge', 'entity.parse.failed': 'bodyNotJson' };

/** What the server answers for a refusal: the sentence for people, its code for machines. */
const answerOf = (error: PhieuError) => ({ error: error.message, code: error.code });

/** Parses outside input with a schema; a bad field becomes a 400 naming it. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input, { error: vietnameseIssues });
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new PhieuError('invalidInput', { field: fieldPlace(issue.path) || 'yêu cầu', problem: issue.message });
  }
  return result.data;
}

/** Answers errors; an unexpected one is logged as one line (its stack inside the JSON, personal data taken out). */
export function errorHandlerWith(log: (event: string, details: Record<string, unknown>) => void): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (error instanceof PhieuError) return void res.status(KIND_STATUS[error.kind]).json(answerOf(error));
    const status = (error as { status?: number; statusCode?: number }).status ?? (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      const refusal = BODY_REFUSALS[(error as { type?: string }).type ?? ''];
      return void res.status(status).json(answerOf(refusal ? new PhieuError(refusal, {}) : new PhieuError('badRequest', { status })));
    }
    log('error', { method: req.method, path: req.originalUrl.split('?')[0], message: (error as Error).message ?? String(error), stack: (error as Error).stack ?? null });
    res.status(500).json(answerOf(new PhieuError('serverError', {})));
  };
}
