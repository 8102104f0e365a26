import { Router } from 'express';
import { z } from 'zod';
import { formView, withoutPersonalAnswers } from '../../review/formView.js';
import { assignPage, listPageItems, pageItemView, rejectPage, rotatePage } from '../../review/pageItems.js';
import { allows } from '../auth/roles.js';
import type { ServerContext } from '../context.js';
import { pageImage } from '../fieldImages.js';
import { parseInput } from '../http/errors.js';
import { PhieuError } from '../../errors/errorTable.js';
import { requirePermission, userOf } from '../http/session.js';
import { personalZones } from '../personalZones.js';

const Id = z.coerce.number().int().positive();

/** Pages that were not matched to a form, and the form view (original read, corrections, effective answer). */
export function pageRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { db } = ctx;

  router.get('/page-items', requirePermission('pages'), (req, res) => {
    const status = parseInput(z.enum(['open', 'resolved']).default('open'), req.query.status);
    res.json({ items: listPageItems(db, status) });
  });

  const item = (raw: unknown) => {
    const view = pageItemView(db, parseInput(Id, raw));
    if (!view) throw new PhieuError('scannedPageNotFound', {});
    return view;
  };

  router.get('/page-items/:id/image', requirePermission('pages'), async (req, res) => {
    const view = item(req.params.id);
    res.type('image/jpeg').setHeader('Cache-Control', 'no-store');
    // A duplicate or a page of an unknown serial was still read onto its layout: its personal zones can be hidden.
    const hide = allows(userOf(res).role, 'personalData') ? [] : personalZones(db, view.pageId);
    res.send(await pageImage(db, ctx.dataDir, view.pageId, view.quarterTurns, hide));
  });

  router.post('/page-items/:id/rotate', requirePermission('pages'), (req, res) => {
    const { quarterTurns } = parseInput(z.object({ quarterTurns: z.number().int().min(-3).max(3) }), req.body);
    rotatePage(db, { itemId: item(req.params.id).id, actor: userOf(res).username, quarterTurns });
    res.json(item(req.params.id));
  });

  router.post('/page-items/:id/assign', requirePermission('pages'), async (req, res) => {
    const body = parseInput(z.object({ serial: z.number().int().positive(), pageNumber: z.number().int().positive() }), req.body);
    await assignPage(db, { itemId: item(req.params.id).id, actor: userOf(res).username, ...body }, { dataDir: ctx.dataDir, pool: ctx.scans.sharedPool() });
    res.json(item(req.params.id));
  });

  router.post('/page-items/:id/reject', requirePermission('pages'), (req, res) => {
    const { reason } = parseInput(z.object({ reason: z.string().trim().min(1).max(500) }), req.body);
    rejectPage(db, { itemId: item(req.params.id).id, actor: userOf(res).username, reason });
    res.json(item(req.params.id));
  });

  router.get('/forms/:serial', requirePermission('forms'), (req, res) => {
    const view = formView(db, parseInput(Id, req.params.serial));
    if (!view) throw new PhieuError('formNotFound', {});
    res.json(allows(userOf(res).role, 'personalData') ? view : withoutPersonalAnswers(view));
  });

  return router;
}
