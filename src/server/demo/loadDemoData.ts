import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import sharp, { type Sharp } from 'sharp';
import { openScan } from '../../ingest/decode.js';
import { ingestFiles, type IngestSummary } from '../../ingest/ingestFiles.js';
import type { PageWorkerPool } from '../../ingest/workerPool.js';
import { loadOrCreateSecret } from '../../io/secret.js';
import { loadSurveyDefinitions } from '../../io/surveyFiles.js';
import { layoutForm } from '../../layout/layoutForm.js';
import type { FormLayout } from '../../layout/types.js';
import { printForms, type FormCopy } from '../../print/printForms.js';
import { audit, type Db } from '../../store/db.js';
import { createPrintRun, saveLayout } from '../../store/printRuns.js';
import { seededRandom } from '../../sampling/random.js';
import { everydayRespondent } from '../../scangen/everydayRespondent.js';
import { fillPage } from '../../scangen/fillPage.js';
import { paperSheet } from '../../scangen/pen.js';

export const DEMO_OFFICES = [
  { code: 'PH', name: 'UBND phường Phú Hội' },
  { code: 'TH', name: 'UBND phường Thuận Hóa' },
  { code: 'BC', name: 'Bưu cục Trung tâm Huế' },
];
const NAMES = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Hoàng Cường', 'Phạm Thị Dung', 'Hoàng Minh Đức', 'Võ Thị Hoa'];
const PROCEDURES = ['Đăng ký khai sinh', 'Chứng thực bản sao', 'Đăng ký kết hôn', 'Cấp giấy phép xây dựng'];

export interface DemoOptions {
  /** Filled-in forms of each survey scanned per office (the sipas form has two pages). */
  formsPerOffice?: number;
  pool?: PageWorkerPool;
  actor?: string;
  onProgress?: (stage: 'drawing' | 'reading', done: number, total: number) => void;
}

/**
 * The demo a new installation offers: three offices, every shipped survey printed for each (some copies handed out
 * and not yet back), filled-in scans with the doubtful marks real respondents make (pencil, two answers, a cancelled
 * box, handwriting), and a few pages that need a person: a photocopy, a serial never printed here, a page whose code
 * was torn off, and one scanned upside down. Everything goes through the real ingest, as an upload would.
 *
 * This stands in for the scan generator and the register/sample draw while those are not there; it is the one place
 * to switch to them.
 */
export async function loadDemoData(db: Db, dataDir: string, options: DemoOptions = {}): Promise<IngestSummary> {
  const perOffice = options.formsPerOffice ?? 20;
  const secret = loadOrCreateSecret(dataDir);
  const random = seededRandom(`demo-${countScanFiles(db)}`);
  const demoDir = path.join(dataDir, 'demo', new Date().toISOString().replace(/[:.]/g, '-'));
  fs.mkdirSync(demoDir, { recursive: true });
  const insertOffice = db.prepare('INSERT OR IGNORE INTO offices (code, name, level) VALUES (?, ?, ?)');
  for (const office of DEMO_OFFICES) insertOffice.run(office.code, office.name, 'xã');

  const jobs: { layout: FormLayout; copies: FormCopy[] }[] = [];
  for (const survey of loadSurveyDefinitions().values()) {
    const layout = layoutForm(survey);
    saveLayout(db, survey, layout);
    const copiesOfSurvey = survey.id === 'sipas' ? perOffice : Math.ceil(perOffice / 2);
    for (const office of DEMO_OFFICES) {
      // A few more printed than come back: the dashboard shows forms still out.
      const printed = copiesOfSurvey + 3;
      const personalised = survey.respondent.length > 0;
      const caseCodes = Array.from({ length: printed }, (_, i) => (personalised ? `${office.code}-2025-${String(1000 + i)}` : null));
      const run = createPrintRun(db, { layoutHash: layout.hash, surveyId: survey.id, kind: personalised ? 'personalised' : 'blank', officeCode: office.code, caseCodes });
      db.prepare(`UPDATE forms SET status = 'handedOut' WHERE print_run_id = ?`).run(run.id);
      const copies = run.serials.slice(0, copiesOfSurvey).map((serial, i) => ({
        serial,
        values: personalised
          ? { office: office.name, name: NAMES[i % NAMES.length], caseCode: caseCodes[i] ?? undefined, procedure: PROCEDURES[i % PROCEDURES.length] }
          : { office: office.name },
      }));
      jobs.push({ layout, copies });
    }
  }
  // A copy signed by this installation whose serial was never recorded: the store sets it aside as unknownSerial.
  const sipas = jobs[0].layout;
  jobs.push({ layout: sipas, copies: [{ serial: 990000 + Math.floor(random() * 9000), values: { office: DEMO_OFFICES[0].name } }] });

  const total = jobs.reduce((n, j) => n + j.copies.length * j.layout.pages.length, 0);
  const files: string[] = [];
  for (const job of jobs) {
    const pdf = await printToBuffer(job.layout, job.copies, secret);
    const scan = await openScan(pdf);
    for (let index = 0; index < scan.pageCount; index++) {
      const { image, pixelsPerPoint = 300 / 72 } = await scan.decodePage(index);
      const pageNumber = (index % job.layout.pages.length) + 1;
      await fillPage(paperSheet(image, pixelsPerPoint), job.layout, pageNumber, random, await everydayRespondent());
      let page = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } });
      const file = path.join(demoDir, `${String(files.length + 1).padStart(4, '0')}.jpg`);
      const trouble = files.length === 7 ? 'tornCode' : files.length === 11 ? 'upsideDown' : undefined;
      if (trouble === 'tornCode') page = await tearOffCode(page, image.width, image.height);
      if (trouble === 'upsideDown') page = sharp(await page.png().toBuffer()).rotate(180);
      await page.jpeg({ quality: 85 }).withMetadata({ density: 300 }).toFile(file);
      files.push(file);
      options.onProgress?.('drawing', files.length, total);
    }
  }
  // A photocopy of the first page: read again, stored as a duplicate.
  const copy = path.join(demoDir, 'photocopy.jpg');
  await sharp(files[0]).modulate({ brightness: 1.03 }).jpeg({ quality: 80 }).withMetadata({ density: 300 }).toFile(copy);
  files.push(copy);

  const summary = await ingestFiles(files, {
    db,
    dataDir,
    source: 'upload',
    batch: 'Dữ liệu mẫu',
    pool: options.pool,
    actor: options.actor ?? 'demo',
    onProgress: (p) => options.onProgress?.('reading', p.pagesDone, files.length),
  });
  audit(db, options.actor ?? 'demo', 'demo.load', { files: files.length, pages: summary.pages, outcomes: summary.outcomes });
  return summary;
}

const countScanFiles = (db: Db) => (db.prepare('SELECT COUNT(*) AS n FROM scan_files').get() as { n: number }).n;

async function printToBuffer(layout: FormLayout, copies: FormCopy[], secret: Buffer): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  await printForms(layout, copies, sink, { secret });
  return Buffer.concat(chunks);
}

/** White paper over the bottom right quarter: the QR is gone but the page still has ink, so it reads as unreadable. */
async function tearOffCode(page: Sharp, width: number, height: number): Promise<Sharp> {
  const patch = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect x="${width * 0.6}" y="${height * 0.8}" width="${width * 0.4}" height="${height * 0.2}" fill="white"/></svg>`;
  return sharp(await page.png().toBuffer()).composite([{ input: Buffer.from(patch) }]);
}

