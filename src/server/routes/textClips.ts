import { Router } from 'express';
import { z } from 'zod';
import { browseTextClips, textClipChoices } from '../../review/textClips.js';
import { allows } from '../auth/roles.js';
import type { ServerContext } from '../context.js';
import { fieldImage } from '../fieldImages.js';
import { parseInput } from '../http/errors.js';
import { PhieuError } from '../../errors/errorTable.js';
import { requirePermission, userOf } from '../http/session.js';
import { isPersonalField, personalZones } from '../personalZones.js';
import { auditPersonalView } from '../personalViews.js';

const Query = z.object({
  office: z.string().max(64).optional(),
  questionId: z.string().max(64).optional(),
  surveyId: z.string().max(64).optional(),
  text: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
const ClipParams = z.object({ pageId: z.coerce.number().int().positive(), questionId: z.string().max(64) });

/** Clips of written answers (comments above all), browsed by office and question. */
export function textClipRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { db } = ctx;
  router.use('/clips', requirePermission('textClips'));

  router.get('/clips', (req, res) => {
    const query = parseInput(Query, req.query);
    const filter = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== '')) as typeof query;
    const user = userOf(res);
    const clips = browseTextClips(db, filter, { personalData: allows(user.role, 'personalData') });
    for (const clip of clips) {
      if ((clip.typed ?? clip.machineText) !== null && isPersonalField(db, clip.pageId, clip.questionId)) auditPersonalView(db, user.username, { serial: clip.serial, page: clip.pageId, questions: [clip.questionId], via: 'textClips' });
    }
    res.json({ clips });
  });

  router.get('/clips/choices', (_req, res) => {
    res.json(textClipChoices(db, { personalData: allows(userOf(res).role, 'personalData') }));
  });

  router.get('/clips/:pageId/:questionId', async (req, res) => {
    const { pageId, questionId } = parseInput(ClipParams, req.params);
    const [clip] = browseTextClips(db, { pageId, questionId, limit: 1 }, { personalData: allows(userOf(res).role, 'personalData') });
    if (!clip) throw new PhieuError('questionHasNoTextClip', {});
    // Without a clip the answer is shown as a band of the page's whole width, where a name beside it is painted over.
    const hide = allows(userOf(res).role, 'personalData') ? [] : (personalZones(db, pageId, questionId) ?? []);
    const image = await fieldImage(db, ctx.dataDir, pageId, questionId, hide);
    if (isPersonalField(db, pageId, questionId)) auditPersonalView(db, userOf(res).username, { serial: clip.serial, page: pageId, questions: [questionId], via: 'textClips' });
    res.type('image/png').setHeader('Cache-Control', 'no-store').send(image);
  });

  return router;
}
