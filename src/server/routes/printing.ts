import { Router, type Response } from 'express';
import { z } from 'zod';
import { PhieuError } from '../../errors/errorTable.js';
import { loadSurveyDefinition, loadSurveyDefinitions } from '../../io/surveyFiles.js';
import { layoutForm } from '../../layout/layoutForm.js';
import type { FormLayout } from '../../layout/types.js';
import { recordBlankForms, recordOfficeForms } from '../../planning/formRuns.js';
import { reprintForm } from '../../planning/reprint.js';
import { printForms, type FormCopy } from '../../print/printForms.js';
import { treeOrder } from '../../sampling/officeTree.js';
import { officeTree } from '../../store/offices.js';
import type { SurveyDefinition } from '../../survey/schema.js';
import type { PrintOptionsView } from '../../web/api.js';
import type { ServerContext } from '../context.js';
import { parseInput } from '../http/errors.js';
import { requirePermission, userOf } from '../http/session.js';
import { printTask } from '../printTask.js';

const OfficeCode = z.string().regex(/^[a-z0-9-]{1,60}$/);
const SurveyId = z.string().regex(/^[a-z0-9-]{1,60}$/);
// A one-stop desk's stack for a round; more is a second run.
const MAX_BLANK_COPIES = 5000;

/** Forms from the web: personalised for an office's sample, blank and numbered for any survey, one form again. */
export function printingRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { db } = ctx;
  router.use('/sampling', requirePermission('sampling'));

  router.get('/sampling/print-options', (_req, res) => {
    const surveys = [...loadSurveyDefinitions().values()].map((s) => ({ id: s.id, name: s.name, pages: layoutForm(s).pages.length, personalised: s.respondent.length > 0 }));
    const offices = treeOrder(officeTree(db)).map(({ office }) => ({ code: office.code, name: office.name }));
    res.json({ surveys, offices } satisfies PrintOptionsView);
  });

  /**
   * Streams the copies as one PDF while the page polls /api/tasks/print for how many are done: one run at a time per
   * person, checked before `record` reserves any serial.
   */
  async function streamRun(res: Response, run: { survey: SurveyDefinition; fileName: string; label: string; record: (layout: FormLayout) => FormCopy[] }): Promise<void> {
    const task = printTask(userOf(res).username);
    if (ctx.tasks.get(task)?.running) throw new PhieuError('printBusy', {});
    const layout = layoutForm(run.survey);
    const copies = run.record(layout);
    if (!copies.length) throw new PhieuError('everyonePrinted', {});
    res.attachment(run.fileName).type('application/pdf');
    await ctx.tasks.run(task, run.label, async (progress) => {
      progress(0, copies.length);
      await printForms(layout, copies, res, { secret: ctx.secret, title: run.survey.title, onProgress: (done) => progress(done, copies.length) });
      return { copies: copies.length };
    });
  }

  // Personalised forms carry names and cases: personal-data roles only.
  router.post('/sampling/offices/:office/forms', requirePermission('personalData'), async (req, res) => {
    const office = parseInput(OfficeCode, req.params.office);
    const body = parseInput(z.object({ survey: SurveyId.default('sipas'), caseCodes: z.array(z.string().max(64)).max(1000).optional() }), req.body ?? {});
    const survey = loadSurveyDefinition(body.survey);
    const fileName = `phieu-${survey.id}-${office}.pdf`;
    await streamRun(res, {
      survey,
      fileName,
      label: `Đang in phiếu ${survey.id} của ${office}`,
      record: (layout) => recordOfficeForms(db, { survey, layout, officeCode: office, caseCodes: body.caseCodes, fileName, actor: userOf(res).username }),
    });
  });

  router.post('/sampling/blank-forms', async (req, res) => {
    const body = parseInput(z.object({ survey: SurveyId, copies: z.number().int().min(1).max(MAX_BLANK_COPIES), office: OfficeCode.optional() }), req.body ?? {});
    const survey = loadSurveyDefinition(body.survey);
    const fileName = `phieu-trang-${survey.id}${body.office ? `-${body.office}` : ''}.pdf`;
    await streamRun(res, {
      survey,
      fileName,
      label: `Đang in phiếu trắng ${survey.id}${body.office ? ` của ${body.office}` : ''}`,
      record: (layout) => recordBlankForms(db, { survey, layout, copies: body.copies, officeCode: body.office, fileName, actor: userOf(res).username }),
    });
  });

  // A reprint copies what the form printed, names included.
  router.post('/sampling/forms/:serial/reprint', requirePermission('personalData'), async (req, res) => {
    const serial = parseInput(z.coerce.number().int().min(1).max(999_999_999), req.params.serial);
    const { reason } = parseInput(z.object({ reason: z.string().trim().max(200).optional() }), req.body ?? {});
    const { layout, title, copy } = reprintForm(db, { serial, reason, actor: userOf(res).username });
    res.attachment(`phieu-${serial}-in-lai-${copy.reprint}.pdf`).type('application/pdf');
    await printForms(layout, [copy], res, { secret: ctx.secret, title });
  });

  return router;
}
