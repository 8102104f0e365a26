import { Router } from 'express';
import { z } from 'zod';
import { applyMarkCut, markBatchView } from '../../ingest/markCuts.js';
import { markBatches } from '../../store/markCuts.js';
import type { ServerContext } from '../context.js';
import { parseInput } from '../http/errors.js';
import { requirePermission, userOf } from '../http/session.js';

const Id = z.coerce.number().int().positive();
const Cut = z.object({ emptyBelow: z.coerce.number().finite(), markedFrom: z.coerce.number().finite() });
/** Candidate cuts for the what-if table, as `emptyBelow:markedFrom` pairs separated by commas. */
const NUMBER = String.raw`\d*\.?\d+`;
const Candidates = z
  .string()
  .max(400)
  .regex(new RegExp(`^(${NUMBER}:${NUMBER})(,${NUMBER}:${NUMBER}){0,19}$`), 'các ngưỡng cần xem thử viết dạng 0.05:0.12, cách nhau bằng dấu phẩy')
  .optional()
  .transform((s) => (s ?? '').split(',').filter(Boolean).map((pair) => {
    const [emptyBelow, markedFrom] = pair.split(':').map(Number);
    return { emptyBelow, markedFrom };
  }));

/** A supervisor's view of each batch's mark cut: what a different cut would change, and setting it. */
export function markCutRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { db } = ctx;
  router.use('/mark-batches', requirePermission('supervise'));

  router.get('/mark-batches', (_req, res) => {
    res.json({ batches: markBatches(db) });
  });

  router.get('/mark-batches/:id', (req, res) => {
    res.json(markBatchView(db, parseInput(Id, req.params.id), parseInput(Candidates, req.query.whatIf)));
  });

  router.post('/mark-batches/:id/cut', (req, res) => {
    const cut = parseInput(Cut, req.body);
    const effect = applyMarkCut(db, { batch: parseInput(Id, req.params.id), cut, actor: userOf(res).username, source: 'supervisor' });
    res.json({ effect });
  });
  return router;
}
