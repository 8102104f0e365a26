import express, { Router, type Request, type Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import { checkCaseCode } from '../../electronic/kioskAnswers.js';
import { kioskQuestionnaire } from '../../electronic/kioskQuestionnaire.js';
import { loadSurveyDefinitions } from '../../io/surveyFiles.js';
import { kioskOffices, setUpKiosk } from '../../intake/kioskSetup.js';
import { listOffices } from '../../store/sampling.js';
import { caseAnswered, kioskByToken, listKiosks, revokeKiosk, type Kiosk } from '../../store/results.js';
import { recordElectronicResponse } from '../../intake/kioskResponse.js';
import type { ServerContext } from '../context.js';
import { parseInput, waitFor } from '../http/errors.js';
import { PhieuError } from '../../errors/errorTable.js';
import { addressOf, requirePermission, userOf } from '../http/session.js';

// The office and survey come from the kiosk's token, never from the body: unknown keys (an `officeCode` a client
// slips in) are dropped by the schema before anything reads them.
const CaseCode = z.string().max(80);
const Answer = z.union([z.array(z.string().max(20)).max(50), z.string().max(2000)]);
const Submission = z.object({
  caseCode: CaseCode,
  answers: z.record(z.string().max(64), Answer).refine((a) => Object.keys(a).length <= 200, 'quá nhiều câu trả lời'),
});

/** Limits of a kiosk's own requests. A citizen needs well over a minute for a survey, so these never bite at a desk. */
export interface KioskLimits {
  /** Answers stored per kiosk within the window. */
  submissions: [count: number, windowMs: number];
  /** Any request per kiosk within the window. */
  requests: [count: number, windowMs: number];
}

// Wrong tokens are throttled per address like station tokens and passwords (ctx.throttle, kind 'token').
export const DEFAULT_KIOSK_LIMITS: KioskLimits = { submissions: [20, 5 * 60_000], requests: [120, 60_000] };

/** At most `count` per key within a fixed window; `take` answers the seconds to wait, or 0 when allowed (and counted). */
function windowLimiter([count, windowMs]: [number, number]) {
  const limiter = new RateLimiterMemory({ points: count, duration: Math.ceil(windowMs / 1000) });
  return async (key: string): Promise<number> => {
    try {
      await limiter.consume(key);
      return 0;
    } catch (refused) {
      if (!(refused instanceof RateLimiterRes)) throw refused;
      return Math.max(1, Math.ceil(refused.msBeforeNext / 1000));
    }
  };
}

/**
 * What a desk kiosk calls, with its bearer token and no cookies: its questionnaire, whether a case was answered, and
 * the answers. Mounted outside the session and CSRF layers (a bearer token is never sent by a browser on its own,
 * so another site cannot make a kiosk's browser submit). JSON bodies are capped at 16 kB.
 */
export function kioskDeviceRoutes(ctx: ServerContext, limits: KioskLimits = DEFAULT_KIOSK_LIMITS): Router {
  const router = Router();
  const { db } = ctx;
  const submissions = windowLimiter(limits.submissions);
  const requests = windowLimiter(limits.requests);
  router.use(express.json({ limit: '16kb' }));

  const tooMany = (res: Response, seconds: number) => waitFor(res, seconds, 'kioskTooBusy');

  /** The kiosk of the request's token and the survey it is bound to; a refused token counts against the address. */
  const kioskOf = async (req: Request, res: Response) => {
    const keys = [{ kind: 'token' as const, address: addressOf(req) }];
    const wait = await ctx.throttle.attempt(keys);
    if (wait) throw tooMany(res, wait);
    const token = /^Bearer (\S{1,200})$/.exec(req.headers.authorization ?? '')?.[1];
    const kiosk = token ? kioskByToken(db, token) : undefined;
    if (!kiosk) throw new PhieuError('unknownKiosk', {});
    await ctx.throttle.right(keys);
    const busy = await requests(`kiosk:${kiosk.id}`);
    if (busy) throw tooMany(res, busy);
    const survey = loadSurveyDefinitions().get(kiosk.surveyId);
    if (!survey) throw new PhieuError('kioskSurveyGone', { survey: kiosk.surveyId });
    return { kiosk, survey };
  };

  router.get('/questionnaire', async (req, res) => {
    const { kiosk, survey } = await kioskOf(req, res);
    res.json({ kiosk: describe(db, kiosk), ...kioskQuestionnaire(survey) });
  });

  // Asked on the first screen, so a citizen whose case was already answered is thanked before answering anything.
  router.post('/check', async (req, res) => {
    const { survey } = await kioskOf(req, res);
    const { caseCode } = parseInput(z.object({ caseCode: CaseCode }), req.body);
    const code = checkCaseCode(caseCode);
    if (caseAnswered(db, survey.id, code)) throw new PhieuError('caseAlreadyAnswered', { caseCode: code });
    res.json({ caseCode: code, answered: false });
  });

  router.post('/responses', async (req, res) => {
    const { kiosk, survey } = await kioskOf(req, res);
    const body = parseInput(Submission, req.body);
    const wait = await submissions(`kiosk:${kiosk.id}`);
    if (wait) throw tooMany(res, wait);
    recordElectronicResponse(db, { kiosk, survey, caseCode: body.caseCode, answers: body.answers });
    res.status(201).json({ message: 'Đánh giá của Ông/Bà đã được ghi nhận. Xin chân thành cảm ơn!' });
  });

  // Unknown kiosk paths end here rather than falling through to the session layer, which would open a session.
  router.use((req, _res, next) => next(new PhieuError('unknownApiPath', { method: req.method, path: req.path })));
  return router;
}

/** The kiosk as its own screen names it: its name and its office's name, nothing about other kiosks. */
function describe(db: ServerContext['db'], kiosk: Kiosk) {
  return { name: kiosk.name, officeName: listOffices(db).find((o) => o.code === kiosk.officeCode)?.name ?? kiosk.officeCode };
}

const NewKiosk = z.object({
  name: z.string().trim().min(1, 'cần tên ki-ốt').max(100),
  officeCode: z.string().regex(/^[a-z0-9-]{1,60}$/, 'mã cơ quan không hợp lệ'),
  surveyId: z.string().regex(/^[a-z][a-z0-9_-]{0,59}$/, 'mã phiếu không hợp lệ'),
});

/** Administration of kiosks (session and CSRF protected): create one for an office and survey, list, revoke. */
export function kioskAdminRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { db } = ctx;
  router.use('/kiosks', requirePermission('kiosks'));

  const surveys = () => [...loadSurveyDefinitions().values()].map((s) => ({ id: s.id, name: s.name }));

  router.get('/kiosks', (_req, res) => res.json({ kiosks: listKiosks(db), offices: kioskOffices(db), surveys: surveys() }));

  router.post('/kiosks', (req, res) => {
    const body = parseInput(NewKiosk, req.body);
    if (!loadSurveyDefinitions().has(body.surveyId)) throw new PhieuError('unknownSurvey', { survey: body.surveyId, known: [...loadSurveyDefinitions().keys()] });
    // Refused for an office no longer active; the store writes the audit row (kiosk.create); the token is in the answer only.
    const { kiosk, token } = setUpKiosk(db, { ...body, actor: userOf(res).username });
    res.status(201).json({ kiosk, token, path: `/kiosk#${token}` });
  });

  router.delete('/kiosks/:id', (req, res) => {
    const id = parseInput(z.coerce.number().int().positive(), req.params.id);
    revokeKiosk(db, id, userOf(res).username);
    res.json({ kiosks: listKiosks(db) });
  });

  return router;
}
