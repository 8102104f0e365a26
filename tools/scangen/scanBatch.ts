import fs from 'node:fs';
import path from 'node:path';
import { PAGE } from '../../src/layout/pageGeometry.js';
import type { FormLayout } from '../../src/layout/types.js';
import type { FormCopy } from '../../src/print/printForms.js';
import { seededRandom, shuffled } from '../../src/sampling/random.js';
import { packScanFile, type Container, type FlateStyle, type G4Polarity, type PageEncoding, type ScanImage } from './encode.js';
import { addFold, addNoise, addSpeckle, blankPaper, blur, copierTones, coverQr } from './faults.js';
import { fillPage, type PageAnswers, type Respondent } from '../../src/demo/fillPage.js';
import { randomGeometry, scanSheet, type ScanGeometry } from './geometry.js';
import type { DigitSource } from '../../src/demo/handwriting.js';
import { pencilOnScan } from './pencil.js';
import { paperSheet, type Sheet } from '../../src/demo/pen.js';
import { PAPER_PIXELS_PER_POINT, PrintedPages } from './printedPages.js';
import { EVERYDAY_HABITS, type Habits } from '../../src/demo/respondent.js';

/** A printed copy that a respondent fills in and that goes into the scanner. */
export interface FormToFill {
  layout: FormLayout;
  serial: number;
  /** The pages that reach the stack, all by default: a stray page of another survey may be one page alone. */
  pages?: number[];
  /** Signed by another installation, whose secret this is: the page is not one of ours. */
  foreignSecret?: Buffer;
  values?: FormCopy['values'];
}

/** One way of scanning: the file a scanner writes, its page encoding and resolution. */
export interface ScanProfile {
  container: Container;
  /** JPEG pages get a quality of 40–90, G4 pages a threshold of 120–170, chosen per file. */
  encoding: PageEncoding['kind'];
  dpi: 200 | 300;
  /** Pages per file; JPEG and PNG files hold one. */
  pagesPerFile: number;
  /** G4 in a PDF: how the PDF marks which bits are ink (as most scanners do, by default). */
  polarity?: G4Polarity;
  /** Lossless pages in a PDF: grey, RGB or bilevel (at a threshold of 120–170), with a PNG predictor or none. Grey with predictor 15 by default. */
  flate?: { colour: FlateStyle['colour']; predictor?: FlateStyle['predictor'] };
}

export interface ScanBatchOptions {
  seed: string;
  /** This installation's secret, which signs the forms' QR codes. */
  secret: Buffer;
  forms: FormToFill[];
  /** The survey the batch is declared for: pages of any other come back as `wrongSurvey`. */
  batchSurvey?: string;
  /** Serials of forms photocopied once filled in and scanned again: the copies are duplicates of their serial. */
  photocopies?: number[];
  /** Serials of forms whose QR code is covered on every page: unreadable pages that a person must place. */
  coveredQr?: number[];
  blankPages?: number;
  /** Shuffles the whole stack: pages of a form apart and in any order, blank and stray pages anywhere. */
  shuffle?: boolean;
  /** Shares of sheets fed upside down, folded, blurred, noisy. */
  upsideDownShare?: number;
  foldShare?: number;
  blurShare?: number;
  noiseShare?: number;
  /** The files take these in turn. */
  profiles: ScanProfile[];
  habits?: Habits;
  /** How much respondents write: 10 % of fields left empty, 20 % of text in capitals, every comment zone alike. */
  writing?: Pick<Respondent, 'skipWriting' | 'printedText' | 'commentShare' | 'dates'>;
  digits: DigitSource;
  /** `render` prints and renders every copy; `stamp` renders each survey page once and stamps the QR (big batches). */
  printing?: 'render' | 'stamp';
}

/** What the ingest of a page must come to, when reading is right. */
export type ExpectedOutcome = 'read' | 'duplicate' | 'wrongSurvey' | 'notOurForm' | 'blank' | 'unreadable';

export type PageContent =
  | { kind: 'form'; surveyId: string; layoutHash: string; serial: number; page: number; signedHere: boolean; photocopy: boolean }
  | { kind: 'blank' };

export interface PageTruth {
  file: string;
  pageIndex: number;
  content: PageContent;
  /**
   * By stack order: the first scan of a serial's page is `read`, later ones `duplicate`. Pages read in parallel may
   * store the two the other way round, so a check should compare each serial and page as a group.
   */
  expectedOutcome: ExpectedOutcome;
  scan: { dpi: number; encoding: PageEncoding; geometry: ScanGeometry; faults: string[] };
  answers?: PageAnswers;
}

export interface ScanFileTruth {
  name: string;
  container: Container;
  pages: number;
}

export interface BatchTruth {
  seed: string;
  batchSurvey?: string;
  files: ScanFileTruth[];
  pages: PageTruth[];
}

type StackSheet = { kind: 'form'; form: FormToFill; page: number; photocopy: boolean } | { kind: 'blank' };

interface PlannedFile {
  name: string;
  container: Container;
  encoding: PageEncoding;
  dpi: number;
  sheets: { sheet: StackSheet; stackIndex: number; expectedOutcome: ExpectedOutcome }[];
}

/**
 * A stack of filled-in forms through a scanner, with known truth: each file as it is made (so a batch of thousands
 * never sits in memory), then the truth of all of them. Deterministic for a seed.
 */
export async function* generateScanBatch(options: ScanBatchOptions): AsyncGenerator<{ name: string; bytes: Buffer; truth: PageTruth[] }, BatchTruth> {
  const files = planFiles(options);
  const printed = new PrintedPages(options.printing ?? 'render');
  const pages: PageTruth[] = [];
  for (const file of files) {
    const scans: ScanImage[] = [];
    const truths: PageTruth[] = [];
    for (const [pageIndex, { sheet, stackIndex, expectedOutcome }] of file.sheets.entries()) {
      const { scan, truth } = await scanOne(sheet, file, options, printed, seededRandom(`${options.seed}/scan/${stackIndex}`));
      scans.push(scan);
      truths.push({ file: file.name, pageIndex, expectedOutcome, ...truth });
    }
    const bytes = await packScanFile(scans, file.encoding, file.container);
    pages.push(...truths);
    yield { name: file.name, bytes, truth: truths };
  }
  return { seed: options.seed, batchSurvey: options.batchSurvey, files: files.map((f) => ({ name: f.name, container: f.container, pages: f.sheets.length })), pages };
}

/** Writes a batch into a folder (the scan files and `truth.json`) and returns its truth. */
export async function writeScanBatch(dir: string, options: ScanBatchOptions): Promise<BatchTruth> {
  fs.mkdirSync(dir, { recursive: true });
  const batch = generateScanBatch(options);
  for (;;) {
    const next = await batch.next();
    if (next.done) {
      fs.writeFileSync(path.join(dir, 'truth.json'), `${JSON.stringify(next.value, null, 1)}\n`);
      return next.value;
    }
    fs.writeFileSync(path.join(dir, next.value.name), next.value.bytes);
  }
}

/** The stack in scanning order, cut into files, each with its scanner settings, and every page's expected outcome. */
function planFiles(options: ScanBatchOptions): PlannedFile[] {
  const random = seededRandom(`${options.seed}/plan`);
  const originals: StackSheet[] = options.forms.flatMap((form) => (form.pages ?? form.layout.pages.map((p) => p.number)).map((page) => ({ kind: 'form' as const, form, page, photocopy: false })));
  const copies: StackSheet[] = options.forms
    .filter((form) => !form.foreignSecret && options.photocopies?.includes(form.serial))
    .flatMap((form) => (form.pages ?? form.layout.pages.map((p) => p.number)).map((page) => ({ kind: 'form' as const, form, page, photocopy: true })));
  let stack: StackSheet[] = [...originals, ...copies];
  for (let i = 0; i < (options.blankPages ?? 0); i++) stack.splice(Math.floor(random() * (stack.length + 1)), 0, { kind: 'blank' });
  if (options.shuffle) stack = shuffled(stack, random);

  const seen = new Set<string>();
  const expected = stack.map((sheet): ExpectedOutcome => {
    if (sheet.kind === 'blank') return 'blank';
    if (sheet.form.foreignSecret) return 'notOurForm';
    if (options.coveredQr?.includes(sheet.form.serial)) return 'unreadable';
    if (options.batchSurvey && sheet.form.layout.surveyId !== options.batchSurvey) return 'wrongSurvey';
    const key = `${sheet.form.serial}/${sheet.page}`;
    if (seen.has(key)) return 'duplicate';
    seen.add(key);
    return 'read';
  });

  const files: PlannedFile[] = [];
  for (let at = 0; at < stack.length; ) {
    const profile = options.profiles[files.length % options.profiles.length];
    const count = profile.container === 'jpeg' || profile.container === 'png' ? 1 : Math.max(1, profile.pagesPerFile);
    const threshold = () => 120 + Math.floor(random() * 51);
    const flate = profile.flate && (profile.flate.colour === 'bilevel' ? { ...profile.flate, colour: 'bilevel' as const, threshold: threshold() } : { ...profile.flate, colour: profile.flate.colour });
    const encoding: PageEncoding =
      profile.encoding === 'jpeg'
        ? { kind: 'jpeg', quality: 40 + Math.floor(random() * 51) }
        : profile.encoding === 'g4'
          ? { kind: 'g4', threshold: threshold(), ...(profile.polarity && { polarity: profile.polarity }) }
          : { kind: 'png', ...(flate && { flate }) };
    const sheets = stack.slice(at, at + count).map((sheet, i) => ({ sheet, stackIndex: at + i, expectedOutcome: expected[at + i] }));
    files.push({ name: `${String(files.length + 1).padStart(4, '0')}.${EXTENSIONS[profile.container]}`, container: profile.container, encoding, dpi: profile.dpi, sheets });
    at += count;
  }
  return files;
}

const EXTENSIONS: Record<Container, string> = { pdf: 'pdf', tiff: 'tif', jpeg: 'jpg', png: 'png' };

/** One sheet from paper to scanned image: printed, filled in, maybe photocopied and folded, then scanned with faults. */
async function scanOne(sheet: StackSheet, file: PlannedFile, options: ScanBatchOptions, printed: PrintedPages, random: () => number) {
  const faults: string[] = [];
  let paper: Sheet;
  let content: PageContent;
  let answers: PageAnswers | undefined;
  if (sheet.kind === 'blank') {
    paper = paperSheet(blankPaper(Math.round(PAGE.width * PAPER_PIXELS_PER_POINT), Math.round(PAGE.height * PAPER_PIXELS_PER_POINT)), PAPER_PIXELS_PER_POINT);
    content = { kind: 'blank' };
  } else {
    const { form, page, photocopy } = sheet;
    const secret = form.foreignSecret ?? options.secret;
    paper = paperSheet(await printed.page({ layout: form.layout, copy: { serial: form.serial, values: form.values ?? { office: 'UBND phường Phú Hội' } }, page, secret }), PAPER_PIXELS_PER_POINT);
    const respondent: Respondent = {
      habits: options.habits ?? EVERYDAY_HABITS,
      digits: options.digits,
      pencil: pencilOnScan(file.encoding),
      ...(options.writing ?? { skipWriting: 0.1, printedText: 0.2 }),
    };
    // The pen work depends on the copy and page alone, so a photocopy carries the very marks of its original.
    answers = await fillPage(paper, form.layout, page, seededRandom(`${options.seed}/fill/${form.layout.surveyId}/${form.serial}/${page}/${form.foreignSecret ? 'foreign' : 'ours'}`), respondent);
    if (options.coveredQr?.includes(form.serial)) {
      coverQr(paper.image, form.layout.pages[page - 1].qr, PAPER_PIXELS_PER_POINT);
      faults.push('QR code covered');
    }
    if (photocopy) {
      const copier = { angle: (random() * 2 - 1) * 0.8, scale: 0.97 + random() * 0.03, keystone: 0, shift: { x: (random() * 2 - 1) * 3, y: (random() * 2 - 1) * 3 }, upsideDown: false };
      paper = scanSheet(paper, copier, PAPER_PIXELS_PER_POINT);
      copierTones(paper.image, random);
      faults.push(`photocopy at ${(copier.scale * 100).toFixed(1)} %`);
    }
    content = { kind: 'form', surveyId: form.layout.surveyId, layoutHash: form.layout.hash, serial: form.serial, page, signedHere: !form.foreignSecret, photocopy };
  }
  if (random() < (options.foldShare ?? 0.1)) {
    addFold(paper.image, random);
    faults.push('fold');
  }
  const geometry = randomGeometry(random, random() < (options.upsideDownShare ?? 0.1));
  if (geometry.upsideDown) faults.push('upside down');
  const scan = scanSheet(paper, geometry, file.dpi / 72);
  let image = scan.image;
  if (random() < (options.blurShare ?? 0.3)) {
    const sigma = 0.5 + random() * 0.7;
    image = await blur(image, sigma);
    faults.push(`blur σ ${sigma.toFixed(2)} px`);
  }
  if (random() < (options.noiseShare ?? 0.3)) {
    const amount = 6 + random() * 14;
    addNoise(image, amount, random);
    faults.push(`noise ±${amount.toFixed(0)}`);
  }
  const specks = Math.floor(random() * 3000);
  addSpeckle(image, specks, random);
  faults.push(`${specks} specks`);
  return { scan: { image, pixelsPerPoint: scan.pixelsPerPoint }, truth: { content, scan: { dpi: file.dpi, encoding: file.encoding, geometry, faults }, answers } };
}
