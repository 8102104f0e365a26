import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import sharp, { type Sharp } from 'sharp';
import { openScan } from '../../ingest/decode.js';
import { ingestFiles, type IngestSummary } from '../../ingest/ingestFiles.js';
import type { PageWorkerPool } from '../../ingest/workerPool.js';
import { demoExportRows } from '../../electronic/demoExport.js';
import { loadMapping } from '../../io/mappingFiles.js';
import { loadOrCreateSecret } from '../../io/secret.js';
import { loadSurveyDefinitions } from '../../io/surveyFiles.js';
import { layoutForm } from '../../layout/layoutForm.js';
import type { FormLayout } from '../../layout/types.js';
import { printForms, type FormCopy } from '../../print/printForms.js';
import { tableCsv } from '../../io/csvTable.js';
import { generateDemoRegister, DEMO_DISTRICT, registerCsv } from '../../sampling/demoRegister.js';
import { officeCodeOf } from '../../sampling/offices.js';
import { seededRandom } from '../../sampling/random.js';
import { queueSizes } from '../../store/reviewDashboard.js';
import { lastAuditAt } from '../../store/auditLog.js';
import { audit, type Db } from '../../store/db.js';
import { createPrintRun, markFormsHandedOut, saveLayout } from '../../store/printRuns.js';
import { importElectronic } from '../../intake/electronicImport.js';
import { currentDrawOf, drawnWithSeed, recordSampleForms } from '../../store/sampling.js';
import { drawAndStore } from '../../planning/draw.js';
import { markFieldStatus } from '../../planning/fieldStatus.js';
import { importRegister } from '../../planning/registerImport.js';
import { scanFileCount } from '../../store/scans.js';
import { everydayRespondent } from '../../demo/everydayRespondent.js';
import { fillPage } from '../../demo/fillPage.js';
import { paperSheet } from '../../demo/pen.js';

/** The demo district's first three offices get forms and scans: a 200-case tier, a 100-case tier and one drawn whole. */
const SCANNED_OFFICES = DEMO_DISTRICT.slice(0, 3);
const DEMO_SEED = 'demo-2025';

export interface DemoOptions {
  /** Filled-in forms of each survey scanned per office (the sipas form has two pages). */
  formsPerOffice?: number;
  pool?: PageWorkerPool;
  actor?: string;
  onProgress?: (stage: 'drawing' | 'reading', done: number, total: number) => void;
}

/**
 * The demo a new installation offers, made the way the real work is: a district register imported, a sample drawn
 * (official and reserve lists), a Hue-S export of electronic answers imported, personalised forms recorded for the
 * official lists, some handed out and a refusal replaced from the reserve, blank forms for the desks, then filled-in
 * scans with the doubtful marks real respondents
 * make (pencil, two answers, a cancelled box, handwriting) and a few pages that need a person: a photocopy, a serial
 * never printed here, a page whose code was torn off, and one scanned upside down. Everything goes through the real
 * import, draw and ingest, as the screens would. It is loaded once: a second load would count every demo form twice.
 */
export async function loadDemoData(db: Db, dataDir: string, options: DemoOptions = {}): Promise<DemoLoaded> {
  const loadedAt = demoLoadedAt(db);
  if (loadedAt) throw new Error(alreadyLoaded(loadedAt));
  const perOffice = options.formsPerOffice ?? 20;
  const actor = options.actor ?? 'demo';
  const secret = loadOrCreateSecret(dataDir);
  const random = seededRandom(`demo-${scanFileCount(db)}`);
  const demoDir = path.join(dataDir, 'demo', new Date().toISOString().replace(/[:.]/g, '-'));
  fs.mkdirSync(demoDir, { recursive: true });
  await prepareDemoDistrict(db, demoDir, actor);

  const jobs: { layout: FormLayout; copies: FormCopy[] }[] = [];
  for (const survey of loadSurveyDefinitions().values()) {
    const layout = layoutForm(survey);
    saveLayout(db, survey, layout);
    const personalised = survey.respondent.length > 0;
    const copiesOfSurvey = survey.id === 'sipas' ? perOffice : Math.ceil(perOffice / 2);
    for (const office of SCANNED_OFFICES) {
      const officeCode = officeCodeOf(office.name);
      // A few more handed out than come back: the dashboard shows forms still out.
      const handedOut = copiesOfSurvey + 3;
      const copies: FormCopy[] = personalised
        ? recordSampleForms(db, { drawId: currentDrawOf(db, officeCode), officeCode, layoutHash: layout.hash, surveyId: survey.id, actor })
        : createPrintRun(db, { layoutHash: layout.hash, surveyId: survey.id, kind: 'blank', officeCode, caseCodes: Array(handedOut).fill(null) }).serials.map((serial) => ({
            serial,
            values: { office: office.name },
          }));
      markFormsHandedOut(db, copies.slice(0, handedOut).map((copy) => copy.serial));
      jobs.push({ layout, copies: copies.slice(0, copiesOfSurvey) });
      // The last one handed out refused: the next reserve member is promoted to the sample.
      const refusing = copies[handedOut - 1];
      if (personalised && refusing) markFieldStatus(db, { serial: refusing.serial, status: 'refused', actor });
    }
  }
  // A copy signed by this installation whose serial was never recorded: the store sets it aside as unknownSerial.
  const sipas = jobs[0].layout;
  jobs.push({ layout: sipas, copies: [{ serial: 990000 + Math.floor(random() * 9000), values: { office: SCANNED_OFFICES[0].name } }] });

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
    actor,
    onProgress: (p) => options.onProgress?.('reading', p.pagesDone, files.length),
  });
  audit(db, actor, 'demo.load', { files: files.length, pages: summary.pages, outcomes: summary.outcomes });
  const queue = queueSizes(db);
  return { ...summary, next: `Đã tạo dữ liệu mẫu: ${summary.pages} trang quét, ${queue.fields} trường chờ duyệt, ${queue.pages} trang chưa nhận. ${NEXT_STEPS}` };
}

export interface DemoLoaded extends IngestSummary {
  /** What to open next, for the person who pressed the button. */
  next: string;
}

const NEXT_STEPS = 'Mở Duyệt phiếu để duyệt các trường máy đọc chưa chắc, Trang chưa nhận để xếp các trang lạc, rồi Kết quả để xem chỉ số.';

/** The demo counts as loaded once its load finished (its audit row is written last). */
export function demoLoadedAt(db: Db): string | null {
  return lastAuditAt(db, 'demo.load');
}

const loadedOn = (at: string) => `Dữ liệu mẫu đã được tạo lúc ${new Date(at).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })}`;

/** What the dashboard says of a demo loaded before. */
export function demoLoadedNote(at: string): string {
  return `${loadedOn(at)}. ${NEXT_STEPS}`;
}

export function alreadyLoaded(at: string): string {
  return `${loadedOn(at)}; không tạo thêm lần nữa. ${NEXT_STEPS}`;
}

/**
 * Imports the demo district's register, draws its sample and imports a Hue-S export answered by a tenth of its
 * citizens (so the results have electronic answers before any paper is reviewed), once; later loads reuse the draw.
 */
async function prepareDemoDistrict(db: Db, demoDir: string, actor: string): Promise<void> {
  if (drawnWithSeed(db, DEMO_SEED)) return;
  const cases = generateDemoRegister({ seed: DEMO_SEED, year: 2025 });
  const register = path.join(demoDir, 'so-ho-so-mau.csv');
  fs.writeFileSync(register, registerCsv(cases));
  const registered = await importRegister(db, register, { actor });
  drawAndStore(db, { seed: DEMO_SEED, reserveShare: 0.2, actor });
  const { mapping, survey } = loadMapping('hue-s');
  const { header, rows } = demoExportRows(cases, mapping, { share: 0.1, random: seededRandom(`${DEMO_SEED}/hue-s`) });
  const hueS = path.join(demoDir, 'hue-s-mau.csv');
  fs.writeFileSync(hueS, [...tableCsv(header, rows)].join(''));
  const answered = await importElectronic(db, hueS, mapping, survey, { actor });
  // Generated data has no bad rows; were one to appear, a file with it stores nothing, and the demo would be short.
  if (!registered.stored || !answered.stored) throw new Error('Dữ liệu mẫu có dòng lỗi: không tạo được sổ hồ sơ hay tệp Hue-S mẫu.');
}

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

