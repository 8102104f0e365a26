import { Router } from 'express';
import { z } from 'zod';
import { findFormSerial } from '../../store/findForm.js';
import { formView, withoutPersonalAnswers } from '../../review/formView.js';
import { assignPage, listPageItems, pageItemView, rejectPage, rotatePage } from '../../review/pageItems.js';
import { allows } from '../auth/roles.js';
import type { ServerContext } from '../context.js';
import { pageImage } from '../fieldImages.js';
import { parseInput } from '../http/errors.js';
import { PhieuError } from '../../errors/errorTable.js';
import { requirePermission, userOf } from '../http/session.js';
import { personalQuestionsOnPage, personalZones } from '../personalZones.js';
import type { FormView as WebFormView } from '../../web/api.js';
import { auditPersonalView } from '../personalViews.js';

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
    // A page that was not cannot say where they are.
    const user = userOf(res);
    const zones = personalZones(db, view.pageId);
    const personal = allows(user.role, 'personalData');
    const image = await pageImage(db, ctx.dataDir, view.pageId, view.quarterTurns, personal ? [] : (zones ?? 'allButSerial'));
    // A page not read onto its layout may show anything: its whole page counts as seen.
    if (personal) auditPersonalView(db, user.username, { serial: view.serial, page: view.pageId, questions: zones ? personalQuestionsOnPage(db, view.pageId) : ['wholePage'], via: 'unreadPage' });
    res.send(image);
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

  /** The serial of a form found by its serial or its case code, as typed in the review screen's search box. */
  router.get('/forms/find', requirePermission('forms'), (req, res) => {
    const typed = parseInput(z.string().trim().min(1, 'cần số phiếu hoặc mã hồ sơ').max(40), req.query.q);
    const serial = findFormSerial(db, typed);
    if (serial === undefined) throw new PhieuError('formNotFoundByNumber', { typed });
    res.json({ serial });
  });

  router.get('/forms/:serial', requirePermission('forms'), (req, res) => {
    const serial = parseInput(Id, req.params.serial);
    const view = formView(db, serial);
    if (!view) throw new PhieuError('formNotFound', { serial });
    const user = userOf(res);
    if (!allows(user.role, 'personalData')) return void res.json(withoutPersonalAnswers(view) satisfies WebFormView);
    const questions = view.answers.filter((a) => a.personal && a.effective !== null).map((a) => a.questionId);
    auditPersonalView(db, user.username, { serial: view.serial, questions, via: 'form' });
    res.json(view satisfies WebFormView);
  });

  return router;
}
