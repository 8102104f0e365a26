import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseMapping } from '../src/electronic/mapping.js';
import { loadSurveyDefinition, loadSurveyDefinitions } from '../src/io/surveyFiles.js';
import { layoutForm } from '../src/layout/layoutForm.js';
import type { FieldRead } from '../src/recognize/readPage.js';
import { answerTableHeader, answerTableRows } from '../src/results/answerTable.js';
import { buildReport, mergeResults } from '../src/results/buildReport.js';
import { writeReportPdf } from '../src/report/pdfReport.js';
import { writeReportXlsx } from '../src/report/xlsxReport.js';
import { seededRandom } from '../src/sampling/random.js';
import { openDatabase, type Db } from '../src/store/db.js';
import { createPrintRun, saveLayout } from '../src/store/printRuns.js';
import { importElectronic } from '../src/intake/electronicImport.js';
import { importStaff } from '../src/intake/staffImport.js';
import { loadResultsInput } from '../src/report/resultsReport.js';
import { beginScanFile } from '../src/store/scans.js';
import { storePage } from '../src/ingest/storePage.js';
import { questionsOf } from '../src/survey/schema.js';
import { peakRssMb, runIfMain } from './harness.js';

const FORMS = 56_000;
const OFFICES = 60;
const LEVELS = ['Hài lòng', 'Rất hài lòng', 'Bình thường', 'Chưa hài lòng', 'Rất không hài lòng'];

/**
 * Merge and report over a country's year of answers: 56,000 SIPAS forms, half scanned paper stored as the ingest
 * stores it (20 one-answer questions each), half a Hue-S export imported through its mapping (16 each): about
 * 1,000,000 answers. Then loading, the counting rules, the indices and the XLSX and PDF reports, each timed.
 */
export async function benchResults() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phieu-bench-results-'));
  try {
    const random = seededRandom('results-bench');
    const survey = loadSurveyDefinition('sipas');
    const choice = questionsOf(survey).filter((q) => q.kind === 'scale' || q.kind === 'single');
    const db = openDatabase(path.join(dir, 'data'));
    const caseCodes = Array.from({ length: FORMS }, (_, i) => `H57-${String(i).padStart(7, '0')}`);
    // One person in ten answers twice or more, some cases are answered on both channels.
    const phoneOf = (i: number) => `09${String(Math.floor(i * 0.9) % 100_000_000).padStart(8, '0')}`;
    seedRegister(db, caseCodes, phoneOf);

    const paperForms = FORMS / 2;
    storePaper(db, survey, caseCodes.slice(0, paperForms), choice, random);
    const exportFile = path.join(dir, 'hue-s.csv');
    writeHueSExport(exportFile, caseCodes, paperForms, phoneOf, random);

    const staff = path.join(dir, 'can-bo.csv');
    fs.writeFileSync(staff, 'Họ và tên,Tài khoản\nCán bộ một cửa,motcua.canbo\n');
    await importStaff(db, staff, { actor: 'bench' });

    let started = performance.now();
    const { mapping } = parseMapping(fs.readFileSync(new URL('../mappings/hue-s.json', import.meta.url), 'utf8'), 'hue-s.json', loadSurveyDefinitions());
    const imported = await importElectronic(db, exportFile, mapping, survey, { actor: 'bench' });
    const importMs = performance.now() - started;

    started = performance.now();
    const input = loadResultsInput(db, survey);
    const loadMs = performance.now() - started;
    const answers = input.responses.reduce((n, r) => n + choice.filter((q) => r.answers[q.id] !== undefined).length, 0);
    started = performance.now();
    const outcomes = mergeResults(input);
    const mergeMs = performance.now() - started;
    started = performance.now();
    const report = buildReport(input, {}, outcomes);
    const reportMs = performance.now() - started;
    started = performance.now();
    const xlsx = path.join(dir, 'report.xlsx');
    const out = fs.createWriteStream(xlsx);
    await writeReportXlsx(report, { header: answerTableHeader(survey), rows: answerTableRows(input, outcomes) }, out);
    const xlsxMs = performance.now() - started;
    started = performance.now();
    const pdf = path.join(dir, 'report.pdf');
    await writeReportPdf(report, fs.createWriteStream(pdf));
    const pdfMs = performance.now() - started;
    db.close();
    return {
      'results: forms / answers': `${input.responses.length} / ${answers}`,
      'results: electronic rows imported': imported.kept,
      'results: import Hue-S CSV s': (importMs / 1000).toFixed(2),
      'results: load paper + electronic s': (loadMs / 1000).toFixed(2),
      'results: counting rules s': (mergeMs / 1000).toFixed(2),
      'results: indices and breakdowns s': (reportMs / 1000).toFixed(2),
      'results: counted / excluded': `${report.totals.counted} / ${report.totals.excluded}`,
      'results: XLSX s (MB)': `${(xlsxMs / 1000).toFixed(2)} (${(fs.statSync(xlsx).size / 1048576).toFixed(1)})`,
      'results: PDF s': (pdfMs / 1000).toFixed(2),
      'results: merge + report total s': ((loadMs + mergeMs + reportMs + xlsxMs + pdfMs) / 1000).toFixed(2),
      'results: peak RSS MB': peakRssMb(),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function seedRegister(db: Db, caseCodes: string[], phoneOf: (i: number) => string): void {
  db.transaction(() => {
    const importId = Number(db.prepare(`INSERT INTO register_imports (file_name, sha256, rows_read, rows_kept, rows_bad, actor) VALUES ('bench.csv', 'bench', 0, 0, 0, 'bench')`).run().lastInsertRowid);
    for (let o = 0; o < OFFICES; o++) {
      const name = o % 10 === 0 ? `Sở ngành số ${o + 1}` : o % 3 === 0 ? `UBND huyện số ${o + 1}` : `UBND xã số ${o + 1}`;
      db.prepare('INSERT INTO offices (code, name, level) VALUES (?, ?, ?)').run(`office-${o}`, name, o % 10 === 0 ? 'sở/ngành' : o % 3 === 0 ? 'huyện' : 'xã');
    }
    const insert = db.prepare('INSERT INTO register_cases (case_code, office_code, phone, returned_on, import_id) VALUES (?, ?, ?, ?, ?)');
    caseCodes.forEach((code, i) => insert.run(code, `office-${i % OFFICES}`, phoneOf(i), `2024-${String((i % 12) + 1).padStart(2, '0')}-15`, importId));
  })();
}

function storePaper(db: Db, survey: ReturnType<typeof loadSurveyDefinition>, caseCodes: string[], choice: ReturnType<typeof questionsOf>, random: () => number): void {
  const layout = layoutForm(survey);
  saveLayout(db, survey, layout);
  const run = createPrintRun(db, { layoutHash: layout.hash, surveyId: survey.id, kind: 'personalised', caseCodes });
  const onPage = new Map(layout.fields.map((f) => [f.questionId, f.page]));
  db.transaction(() => {
    run.serials.forEach((serial, i) => {
      const sha256 = `bench-${serial}`;
      beginScanFile(db, { sha256, name: `batch-${Math.floor(i / 500)}.pdf`, size: 1, source: 'cli' }, layout.pages.length);
      layout.pages.forEach((_, p) => {
        const fields: FieldRead[] = choice
          .filter((q) => onPage.get(q.id) === p + 1)
          .map((q) => ({ questionId: q.id, kind: q.kind as 'single' | 'scale', boxes: [], value: random() < 0.03 ? [] : [String(1 + Math.floor(random() ** 0.6 * (q.kind === 'scale' ? 5 : 2)))], reasons: [] }));
        storePage(db, {
          sha256,
          pageIndex: p,
          clips: [],
          read: { kind: 'read', qr: { surveyId: survey.id, layoutHash: layout.hash, serial, page: p + 1, pageCount: layout.pages.length }, turned: false, scale: 1, transform: [1, 0, 0, 0, 1, 0, 0, 0, 1], quarterTurned: false, fields, needsReview: false },
        });
      });
    });
  })();
}

function writeHueSExport(file: string, caseCodes: string[], paperForms: number, phoneOf: (i: number) => string, random: () => number): void {
  const mapping = JSON.parse(fs.readFileSync(new URL('../mappings/hue-s.json', import.meta.url), 'utf8')) as { fields: Record<string, string>; answers: { column: string }[] };
  const header = [...Object.values(mapping.fields), ...mapping.answers.map((a) => a.column)];
  const lines = [header.map((h) => `"${h}"`).join(',')];
  for (let i = paperForms; i < caseCodes.length; i++) {
    // One case in fifty was also answered on paper.
    const caseIndex = i % 50 === 0 ? i - paperForms : i;
    const day = `${String((i % 28) + 1).padStart(2, '0')}/${String((i % 12) + 1).padStart(2, '0')}/2024 ${String(i % 24).padStart(2, '0')}:00`;
    const fields = [`HS-${i}`, day, caseCodes[caseIndex], '', phoneOf(caseIndex), '', i % 400 === 0 ? 'motcua.canbo' : `dan${i}`, `android-${i % 997}`];
    const levels = mapping.answers.map((_, q) => (q === mapping.answers.length - 1 ? '' : LEVELS[Math.floor(random() ** 1.5 * 5)]));
    lines.push([...fields, ...levels].join(','));
  }
  fs.writeFileSync(file, lines.join('\n'));
}

runIfMain(import.meta, benchResults);
