import { Router, type Request } from 'express';
import { z } from 'zod';
import { loadSurveyDefinitions } from '../../io/surveyFiles.js';
import { CORRECTED, correctPerson, erasePersonFound, showPerson, type PersonQuery } from '../../personal/dataSubject.js';
import type { PersonCorrected, PersonErased, PersonFound } from '../../web/api.js';
import type { ServerContext } from '../context.js';
import { parseInput } from '../http/errors.js';
import { requirePermission, userOf } from '../http/session.js';

const text = z.string().trim().max(200).optional();
const Query = z.object({ phone: text, name: text, address: text, caseCode: text });
const Correction = z.union([
  z.object({ caseCode: z.string().trim().min(1).max(60), field: z.enum(['name', 'phone', 'address']), value: z.string().max(300) }),
  z.object({ serial: z.number().int().min(1), questionId: z.string().trim().min(1).max(60), value: z.string().max(300) }),
]);

/**
 * A citizen's request about their own data (Law 91/2025/QH15): who may see personal data finds, shows and corrects
 * it; only an administrator erases it. Every act is audited by the service.
 */
export function personalRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { db } = ctx;
  const surveys = () => [...loadSurveyDefinitions().values()];
  const queryOf = (req: Request): PersonQuery => parseInput(Query, Object.fromEntries(Object.entries(req.query).filter(([, v]) => v !== '')));

  router.get('/personal', requirePermission('personalData'), (req, res) => {
    res.json(showPerson(db, queryOf(req), userOf(res).username, surveys()) satisfies PersonFound);
  });

  router.post('/personal/correct', requirePermission('personalData'), (req, res) => {
    const body = parseInput(z.object({ query: Query, correction: Correction }), req.body);
    const actor = userOf(res).username;
    correctPerson(db, body.query, body.correction, actor, surveys());
    res.json({ ...showPerson(db, body.query, actor, surveys()), message: CORRECTED } satisfies PersonCorrected);
  });

  router.post('/personal/erase', requirePermission('maintenance'), (req, res) => {
    const body = parseInput(z.object({ query: Query, confirm: z.literal(true, 'xác nhận xoá bằng confirm: true') }), req.body);
    const done = erasePersonFound(db, ctx.dataDir, body.query, userOf(res).username, surveys());
    ctx.log('personal.erased', { actor: userOf(res).username, serials: done.scope.serials.length, cases: done.scope.caseCodes.length });
    res.json(done satisfies PersonErased);
  });

  return router;
}
