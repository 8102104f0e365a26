import { Router, type Response } from 'express';
import { z } from 'zod';
import { fieldItemView } from '../../review/itemView.js';
import { knownLayout } from '../../review/layouts.js';
import { claimNext, decide, doubleEntryEnabled, refer, releaseClaims, setDoubleEntry } from '../../review/queue.js';
import { undoLastDecision } from '../../review/undo.js';
import { REVIEW_QUEUES } from '../../survey/reviewQueue.js';
import { reviewerRates } from '../../review/stats.js';
import { reviewerQueuesLeft, reviewStats } from '../../store/reviewStats.js';
import { allows } from '../auth/roles.js';
import type { ServerContext } from '../context.js';
import { fieldImage, pageImage } from '../fieldImages.js';
import { parseInput, waitFor } from '../http/errors.js';
import { PhieuError } from '../../errors/errorTable.js';
import { isPersonalField, personalQuestionsOnPage, personalZones } from '../personalZones.js';
import { auditPersonalView } from '../personalViews.js';
import { requirePermission, userOf } from '../http/session.js';
import { heldOrActedOn, openItemFacets } from '../../store/reviewDashboard.js';
import type { ReviewFilters, ReviewItem, ReviewNext, ReviewStats } from '../../web/api.js';

const Id = z.coerce.number().int().positive();
const NextBody = z.object({
  queue: z.enum(['open', 'referred']).default('open'),
  reviewQueue: z.enum(REVIEW_QUEUES).default('counting'),
  filter: z
    .object({ office: z.string().max(64), questionId: z.string().max(64), reason: z.string().max(64), batch: z.string().max(200) })
    .partial()
    .default({}),
  exclude: z.array(z.number().int()).max(50).default([]),
  count: z.number().int().min(1).max(10).default(3),
});
const DecisionBody = z.object({ value: z.union([z.array(z.string().max(16)).max(50), z.string().max(2000)]), note: z.string().max(500).optional() });
const ReferBody = z.object({ note: z.string().max(500).optional() });

export function reviewRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { db } = ctx;
  router.use('/review', requirePermission('review'));

  /** Claims the next items in order of doubt (the first to show and a few to prefetch). */
  router.post('/review/next', async (req, res) => {
    const user = userOf(res);
    const body = parseInput(NextBody, req.body ?? {});
    if (body.queue === 'referred' && !allows(user.role, 'supervise')) throw new PhieuError('referredSupervisorOnly', {});
    const filter = Object.fromEntries(Object.entries(body.filter).filter(([, v]) => v !== ''));
    if (body.reviewQueue === 'transcription' && !allows(user.role, 'transcribe')) throw new PhieuError('transcriptionNotAllowed', {});
    const wait = await ctx.claims.take(user.username, body.count);
    if (wait) throw waitFor(res, wait, 'tooManyClaims', { perMinute: ctx.claims.perMinute });
    const ids = claimNext(db, { reviewer: user.username, queue: body.queue, reviewQueue: body.reviewQueue, filter, exclude: body.exclude, count: body.count });
    await ctx.claims.giveBack(user.username, body.count - ids.length);
    const items = ids.map((id) => fieldItemView(db, id)).filter((view) => view !== undefined);
    for (const view of items) seenField(res, view, 'review');
    // With nothing to give, what is left tells "all done" from "held by others" and "the other queue".
    res.json({ items, ...(items.length ? {} : { left: reviewerQueuesLeft(db, user.username, body.queue) }) } satisfies ReviewNext);
  });

  /** A name, phone or address item's value or clip went to the user: audited. */
  const seenField = (res: Response, view: { id: number; serial: number; pageId: number; questionId: string }, via: 'review' | 'clip') => {
    if (isPersonalField(db, view.pageId, view.questionId)) auditPersonalView(db, userOf(res).username, { serial: view.serial, item: view.id, questions: [view.questionId], via });
  };

  /**
   * A reviewer sees an item (and its clip, which may show a name or a phone number) only while holding it or after
   * deciding it, and never once it is referred: from then on it is the supervisors'. Supervisors see all items, except that a name, phone or address field is theirs to see on the same
   * terms as a reviewer's (they claim referred items too), unless their role has personal-data access.
   */
  const viewable = (res: Response, rawId: unknown) => {
    const user = userOf(res);
    const id = parseInput(Id, rawId);
    const view = fieldItemView(db, id);
    const own = () => heldOrActedOn(db, id, user.username);
    const supervisor = allows(user.role, 'supervise');
    if (view?.status === 'referred' && !supervisor) throw new PhieuError('itemReferred', {});
    const mustOwn = !supervisor || (view !== undefined && !allows(user.role, 'personalData') && isPersonalField(db, view.pageId, view.questionId));
    if (mustOwn && !own()) throw new PhieuError('itemNotYours', {});
    if (!view) throw new PhieuError('reviewItemNotFound', {});
    return view;
  };

  router.get('/review/items/:id', (req, res) => {
    const view = viewable(res, req.params.id);
    seenField(res, view, 'review');
    res.json(view satisfies ReviewItem);
  });

  /**
   * Names, phone numbers and addresses on the page are painted over for roles without personal-data access, except
   * the field the item is about: a reviewer keying a phone number sees that number, and nothing else personal.
   */
  const hidden = (res: Response, view: { pageId: number; questionId: string }) => {
    if (allows(userOf(res).role, 'personalData')) return [];
    // An item is always on a page read onto its layout (fieldItemView): its zones are known.
    const zones = personalZones(db, view.pageId, view.questionId);
    if (!zones) throw new PhieuError('pageLayoutUnknown', {});
    return zones;
  };

  // Clips and pages may show a name or a phone number: never kept by the browser or a proxy (no-store).
  router.get('/review/items/:id/clip', async (req, res) => {
    const view = viewable(res, req.params.id);
    const image = await fieldImage(db, ctx.dataDir, view.pageId, view.questionId, hidden(res, view), view.read.doubtfulCells);
    seenField(res, view, 'clip');
    res.type('image/png').setHeader('Cache-Control', 'no-store').send(image);
  });

  router.get('/review/items/:id/page', async (req, res) => {
    const view = viewable(res, req.params.id);
    const image = await pageImage(db, ctx.dataDir, view.pageId, 0, hidden(res, view));
    const user = userOf(res);
    const shown = allows(user.role, 'personalData') ? personalQuestionsOnPage(db, view.pageId) : personalQuestionsOnPage(db, view.pageId).filter((q) => q === view.questionId);
    auditPersonalView(db, user.username, { serial: view.serial, item: view.id, questions: shown, via: 'page' });
    res.type('image/jpeg').setHeader('Cache-Control', 'no-store').send(image);
  });

  router.post('/review/items/:id/decision', (req, res) => {
    const user = userOf(res);
    const body = parseInput(DecisionBody, req.body);
    const outcome = decide(db, { itemId: parseInput(Id, req.params.id), actor: user.username, supervisor: allows(user.role, 'supervise'), value: body.value, note: body.note });
    res.json({ outcome });
  });

  /** Ctrl+Z: the reviewer's own latest decision taken back; the item comes back to them, open, to decide again. */
  router.post('/review/undo', (_req, res) => {
    const id = undoLastDecision(db, userOf(res).username);
    res.json({ item: fieldItemView(db, id) });
  });

  router.post('/review/items/:id/refer', (req, res) => {
    const body = parseInput(ReferBody, req.body ?? {});
    refer(db, { itemId: parseInput(Id, req.params.id), actor: userOf(res).username, note: body.note });
    res.json({ ok: true });
  });

  router.post('/review/release', (_req, res) => {
    releaseClaims(db, userOf(res).username);
    res.json({ ok: true });
  });

  /** What the filter menus offer: offices, questions (named by their text; an id shared by two forms takes the first form's), reasons and batches that have open items. */
  router.get('/review/filters', (_req, res) => {
    const facets = openItemFacets(db);
    const named = new Map<string, string>();
    for (const { id, hash } of facets.questions) if (!named.has(id)) named.set(id, knownLayout(db, hash)?.questions.get(id)?.question.text ?? id);
    res.json({ ...facets, questions: [...named].map(([id, text]) => ({ id, text })), doubleEntry: doubleEntryEnabled(db) } satisfies ReviewFilters);
  });

  /** Forms read and the items left in each queue, by reason: the review screen's head line. */
  router.get('/review/stats', (_req, res) => res.json(reviewStats(db) satisfies ReviewStats));

  router.get('/supervise/rates', requirePermission('supervise'), (_req, res) => res.json(reviewerRates(db)));

  router.post('/supervise/double-entry', requirePermission('supervise'), (req, res) => {
    const { on } = parseInput(z.object({ on: z.boolean() }), req.body);
    setDoubleEntry(db, on, userOf(res).username);
    res.json({ doubleEntry: on });
  });

  return router;
}
