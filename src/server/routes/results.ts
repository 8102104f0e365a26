import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { PhieuError } from '../../errors/errorTable.js';
import { listOffices } from '../../store/sampling.js';
import { loadSurveyDefinitions } from '../../io/surveyFiles.js';
import { reportLevels, type ReportQuery } from '../../results/buildReport.js';
import { officeLevels } from '../../store/offices.js';
import { choiceQuestions } from '../../results/questions.js';
import { tableCsv } from '../../io/csvTable.js';
import { reportTableCsv } from '../../report/csvReport.js';
import { writeReportPdf } from '../../report/pdfReport.js';
import { answerSheetWithoutCaseCodes, withoutCaseCodes } from '../../report/publicReport.js';
import { adequacyVerdict, reportTables } from '../../report/tables.js';
import { writeReportXlsx } from '../../report/xlsxReport.js';
import { audit } from '../../store/db.js';
import { reportTemplate, saveReportTemplate } from '../../store/reportTemplate.js';
import { resultsReport } from '../../report/resultsReport.js';
import type { ServerContext } from '../context.js';
import { parseInput } from '../http/errors.js';
import type { ReportTemplateView, ResultsFigures, ResultsOptions } from '../../web/api.js';
import { requirePermission, userOf } from '../http/session.js';

const TABLES = ['indices', 'summary', 'elements', 'criteria', 'office', 'level', 'procedure', 'field', 'channel', 'source', 'month', 'year', 'adequacy', 'reasons', 'exclusions', 'distributions', 'choices', 'answers'] as const;

const ReportParams = z
  .object({
    survey: z.string().regex(/^[a-z][a-z0-9_-]{0,59}$/, 'mã phiếu không hợp lệ').default('sipas'),
    office: z.string().regex(/^[a-z0-9-]{1,60}$/, 'mã cơ quan không hợp lệ').optional(),
    level: z.string().trim().min(1).max(40).optional(),
    channel: z.enum(['paper', 'electronic']).optional(),
    from: z.iso.date('ngày dạng yyyy-mm-dd').optional(),
    to: z.iso.date('ngày dạng yyyy-mm-dd').optional(),
    table: z.enum(TABLES).default('indices'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'ngày bắt đầu sau ngày kết thúc', path: ['from'] });

/**
 * The "Kết quả" pages: the figures of a survey filtered by office and period (charts are drawn in the browser from
 * this JSON), and the same report as XLSX, PDF or CSV. Nothing that leads to a person leaves here: the list of
 * excluded forms (with their case codes) is summarised by reason, and downloads drop case codes.
 */
export function resultsRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { db } = ctx;

  const query = (req: Request) => {
    // Empty filter fields of the screen's form arrive as empty strings: they mean "any".
    const params = parseInput(ReportParams, Object.fromEntries(Object.entries(req.query).filter(([, v]) => v !== '')));
    const surveys = loadSurveyDefinitions();
    const survey = surveys.get(params.survey);
    if (!survey) throw new PhieuError('unknownSurvey', { survey: params.survey, known: [...surveys.keys()] });
    const reportQuery: ReportQuery = { officeCode: params.office, level: params.level, channel: params.channel, from: params.from, to: params.to };
    return { params, survey, reportQuery };
  };

  router.get('/results/options', requirePermission('results'), (_req, res) => {
    res.json({
      surveys: [...loadSurveyDefinitions().values()].map((s) => ({ id: s.id, name: s.name, measured: choiceQuestions(s).some((q) => q.satisfaction) })),
      offices: listOffices(db),
      levels: reportLevels({ offices: listOffices(db), levels: officeLevels(db) }),
    } satisfies ResultsOptions);
  });

  router.get('/results', requirePermission('results'), (req, res) => {
    const { survey, reportQuery } = query(req);
    const { report } = resultsReport(db, survey, reportQuery);
    const { exclusions, ...figures } = report;
    res.json({ ...figures, excludedForms: exclusions.length, adequacyVerdict: adequacyVerdict(report) } satisfies ResultsFigures);
  });

  router.get('/results/template', requirePermission('results'), (_req, res) => res.json(reportTemplate(db) satisfies ReportTemplateView));
  // Checked by the template's schema, stored and audited (a `setting` event) by saveReportTemplate.
  router.put('/results/template', requirePermission('reportTemplate'), (req, res) => res.json(saveReportTemplate(db, req.body, userOf(res).username) satisfies ReportTemplateView));

  router.get('/results/report.:format', requirePermission('export'), async (req, res) => {
    const format = parseInput(z.enum(['xlsx', 'pdf', 'csv']), req.params.format);
    const { params, survey, reportQuery } = query(req);
    const { report, input, outcomes } = resultsReport(db, survey, reportQuery);
    const published = withoutCaseCodes(report);
    // File names stay ASCII: the level (`xã`) is left out of them, the audit row keeps it.
    const scope = [survey.id, params.office, params.channel, params.from, params.to].filter(Boolean).join('-');
    audit(db, userOf(res).username, 'report', {
      format,
      survey: survey.id,
      office: params.office ?? null,
      level: params.level ?? null,
      channel: params.channel ?? null,
      from: params.from ?? null,
      to: params.to ?? null,
      table: format === 'csv' ? params.table : null,
    });
    if (format === 'pdf') {
      res.attachment(`bao-cao-${scope}.pdf`).type('application/pdf');
      return void (await writeReportPdf(published, res, new Date(), reportTemplate(db)));
    }
    if (format === 'xlsx') {
      res.attachment(`bao-cao-${scope}.xlsx`).type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      return void (await writeReportXlsx(published, answerSheetWithoutCaseCodes(input, outcomes, reportQuery), res));
    }
    const tables = reportTables(published);
    // The choices table exists only for a survey with a multiple-answer question.
    const table = tables.find((t) => t.id === params.table);
    if (!table && params.table !== 'answers') throw new PhieuError('unknownTable', { table: params.table, known: ['answers', ...tables.map((t) => t.id)] });
    res.attachment(`bao-cao-${scope}-${params.table}.csv`).type('text/csv; charset=utf-8');
    if (!table) {
      const sheet = answerSheetWithoutCaseCodes(input, outcomes, reportQuery);
      // A country's year of answers: streamed with back-pressure, never built in memory.
      return void (await pipeline(Readable.from(tableCsv(sheet.header, sheet.rows)), res));
    }
    res.send(reportTableCsv(table));
  });

  return router;
}
