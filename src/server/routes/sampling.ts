import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { z } from 'zod';
import { sampleListCsv, sampleListXlsx } from '../../io/sampleListFiles.js';
import { printSampleList } from '../../print/sampleList.js';
import { FIELD_STATUSES } from '../../sampling/fieldStatus.js';
import { surveyOfSerial } from '../../store/printRuns.js';
import { officeOfCase, officeSampleProgress, samplingState, recheckList, recordRecheckOutcome } from '../../store/sampling.js';
import { drawAndStore, NO_ACTIVE_OFFICE, redrawOffice, skippedSentence } from '../../planning/draw.js';
import { assignRoutes, enumeratorProgress, exportSampleList, officeRoutes } from '../../planning/enumerators.js';
import { markFieldStatus } from '../../planning/fieldStatus.js';
import { drawRecheck } from '../../planning/recheck.js';
import { importRegister } from '../../planning/registerImport.js';
import { RECHECK_OUTCOMES } from '../../sampling/sampleList.js';
import type { ServerContext } from '../context.js';
import { parseInput } from '../http/errors.js';
import { PhieuError } from '../../errors/errorTable.js';
import { requirePermission, userOf } from '../http/session.js';
import { changeOffice } from '../../planning/changeOffice.js';
import { changeOfficeLevels } from '../../planning/officeLevels.js';
import { isActiveOn, treeOrder } from '../../sampling/officeTree.js';
import { vietnamTime } from '../../electronic/time.js';
import { officeLevels, officeTree } from '../../store/offices.js';
import type { EnumeratorProgressView, OfficeRoutesView, OfficeTreeView, SamplingProgressView } from '../../web/api.js';

const MAX_REGISTER_BYTES = 100 * 1024 * 1024;
const OfficeCode = z.string().regex(/^[a-z0-9-]{1,60}$/);
const EnumeratorName = z.string().trim().min(1).max(80);
// An uploaded register as stored under registers/ (date, random part, kind).
const UploadName = z.string().regex(/^\d{4}-\d{2}-\d{2}-[0-9a-f]{12}\.(csv|xlsx)$/);
const newSeed = () => new Date().toISOString().replace(/\D/g, '').slice(0, 14);

/** Planners' work: the register, the draw, lists and forms for the post office, field status and the re-check. */
export function samplingRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { db } = ctx;
  router.use('/sampling', requirePermission('sampling'));

  // The office tree: what the planners keep of offices (level, parent, active days); the register only adds to it.
  router.get('/offices', requirePermission('offices'), (_req, res) => {
    const today = vietnamTime(new Date()).slice(0, 10);
    res.json({ levels: officeLevels(db), offices: treeOrder(officeTree(db)).map(({ office, depth }) => ({ ...office, depth, active: isActiveOn(office, today) })) } satisfies OfficeTreeView);
  });

  // The levels offices are placed at and reports group by; one still used by an office is refused by the service.
  router.put('/offices/levels', requirePermission('offices'), (req, res) => {
    const { levels } = parseInput(z.object({ levels: z.array(z.string().max(40)).max(50) }), req.body ?? {});
    res.json({ levels: changeOfficeLevels(db, levels, userOf(res).username) });
  });

  router.post('/offices/:code', requirePermission('offices'), (req, res) => {
    res.json(changeOffice(db, String(req.params.code), req.body, userOf(res).username));
  });

  router.put('/sampling/register', async (req, res) => {
    const { name } = parseInput(z.object({ name: z.string().trim().min(1).max(255) }), req.query);
    if (Number(req.headers['content-length'] ?? 0) > MAX_REGISTER_BYTES) throw new PhieuError('registerTooLarge', { limit: MAX_REGISTER_BYTES });
    const dir = path.join(ctx.dataDir, 'registers');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${new Date().toISOString().slice(0, 10)}-${randomBytes(6).toString('hex')}${/\.xlsx$/i.test(name) ? '.xlsx' : '.csv'}`);
    let size = 0;
    await pipeline(
      req,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          size += chunk.length;
          if (size > MAX_REGISTER_BYTES) throw new PhieuError('registerTooLarge', { limit: MAX_REGISTER_BYTES });
          yield chunk;
        }
      },
      fs.createWriteStream(file),
    ).catch((error) => {
      fs.rmSync(file, { force: true });
      throw error;
    });
    // A file that cannot be read as a register is not kept: nothing could be accepted from it later.
    const report = await importRegister(db, file, { actor: userOf(res).username }).catch((error: unknown) => {
      fs.rmSync(file, { force: true });
      throw error;
    });
    // A file with bad rows stored nothing: the planner may store its good rows after seeing the errors.
    res.json({ ...report, file: name, upload: report.stored ? undefined : path.basename(file) });
  });

  router.post('/sampling/register/:upload/accept-partial', async (req, res) => {
    const upload = parseInput(UploadName, req.params.upload);
    const { name } = parseInput(z.object({ name: z.string().trim().min(1).max(255) }), req.body ?? {});
    const file = path.join(ctx.dataDir, 'registers', upload);
    if (!fs.existsSync(file)) throw new PhieuError('registerUploadGone', {});
    const report = await importRegister(db, file, { actor: userOf(res).username, acceptPartial: true });
    res.json({ ...report, file: name });
  });

  const DrawBody = z.object({ seed: z.string().trim().max(100).optional(), reserveShare: z.number().min(0).max(5).default(0.2) });

  router.post('/sampling/draw', (req, res) => {
    const body = parseInput(DrawBody.extend({ periodFrom: z.iso.date().optional(), periodTo: z.iso.date().optional() }), req.body ?? {});
    const outcome = drawAndStore(db, { ...body, seed: body.seed || newSeed(), actor: userOf(res).username });
    res.json({ ...outcome, skippedNote: skippedSentence(outcome.skipped), emptyNote: outcome.drawId === null && !outcome.kept.length ? NO_ACTIVE_OFFICE : null });
  });

  // Re-drawing replaces the list people may be working from: the screen asks first, and the store refuses once printed.
  router.post('/sampling/offices/:office/redraw', (req, res) => {
    const office = parseInput(OfficeCode, req.params.office);
    const body = parseInput(DrawBody, req.body ?? {});
    res.json(redrawOffice(db, { ...body, officeCode: office, seed: body.seed || newSeed(), actor: userOf(res).username }));
  });

  router.get('/sampling/progress', (_req, res) => {
    const { drawId, cases } = samplingState(db);
    res.json({ drawId, cases, offices: drawId ? officeSampleProgress(db) : [] } satisfies SamplingProgressView);
  });

  // Lists and the re-check carry names, phone numbers and addresses: personal-data roles only. With an enumerator,
  // the part of the list they carry, route by route.
  router.get('/sampling/offices/:office/list.:format', requirePermission('personalData'), async (req, res) => {
    const office = parseInput(OfficeCode, req.params.office);
    const format = parseInput(z.enum(['pdf', 'xlsx', 'csv']), req.params.format);
    const { enumerator } = parseInput(z.object({ enumerator: EnumeratorName.optional() }), req.query);
    const byRoute = Boolean(enumerator);
    const { header, rows } = exportSampleList(db, { officeCode: office, enumerator, format, actor: userOf(res).username });
    res.attachment(`danh-sach-mau-${office}${enumerator ? ` ${enumerator}` : ''}.${format}`);
    if (format === 'pdf') return void (await printSampleList(header, rows, res.type('application/pdf'), { byRoute }));
    if (format === 'csv') return void res.type('text/csv; charset=utf-8').send(sampleListCsv(rows, { byRoute }));
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await sampleListXlsx(header, rows, { byRoute }));
  });

  const RouteAssignment = z.object({ route: z.string().trim().min(1).max(200), enumerator: EnumeratorName });
  const routesOf = (office: string) => ({ officeCode: office, routes: officeRoutes(db, office) }) satisfies OfficeRoutesView;

  // Routes are wards and counts, no one's name: the planners' permission is enough.
  router.get('/sampling/offices/:office/routes', (req, res) => {
    res.json(routesOf(parseInput(OfficeCode, req.params.office)));
  });

  router.post('/sampling/offices/:office/routes', (req, res) => {
    const office = parseInput(OfficeCode, req.params.office);
    const body = parseInput(z.object({ split: z.array(EnumeratorName).max(50).optional(), assign: z.array(RouteAssignment).max(500).optional() }), req.body ?? {});
    assignRoutes(db, { officeCode: office, splitAmong: body.split, assign: body.assign, actor: userOf(res).username });
    res.json(routesOf(office));
  });

  router.get('/sampling/enumerators', (_req, res) => {
    res.json({ rows: samplingState(db).drawId ? enumeratorProgress(db) : [] } satisfies EnumeratorProgressView);
  });

  router.post('/sampling/status', (req, res) => {
    const body = parseInput(z.object({ target: z.string().trim().min(1).max(64), status: z.enum(FIELD_STATUSES) }), req.body);
    const bySerial = /^\d{1,9}$/.test(body.target);
    const result = markFieldStatus(db, { ...(bySerial ? { serial: Number(body.target) } : { caseCode: body.target }), status: body.status, actor: userOf(res).username });
    // The replacement's form is printed of the survey the recorded form was.
    const survey = result.serial === null ? null : (surveyOfSerial(db, result.serial) ?? null);
    res.json({ ...result, replacementOffice: (result.replacement && officeOfCase(db, result.replacement)) ?? null, survey });
  });

  router.get('/sampling/recheck', requirePermission('personalData'), (_req, res) => res.json({ rows: recheckList(db) }));

  router.post('/sampling/recheck', requirePermission('personalData'), (req, res) => {
    const { share } = parseInput(z.object({ share: z.number().min(0).max(1).default(0.1) }), req.body ?? {});
    res.json({ drawn: drawRecheck(db, { share, seed: newSeed(), actor: userOf(res).username }).length, rows: recheckList(db) });
  });

  router.post('/sampling/recheck/:serial', requirePermission('personalData'), (req, res) => {
    const serial = parseInput(z.coerce.number().int().positive(), req.params.serial);
    const { outcome } = parseInput(z.object({ outcome: z.enum(RECHECK_OUTCOMES) }), req.body);
    recordRecheckOutcome(db, { serial, outcome, actor: userOf(res).username });
    res.json({ rows: recheckList(db) });
  });

  return router;
}
