import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { loadSurveyDefinition } from '../src/io/surveyFiles.js';
import { qrDecoder } from '../src/io/zxingWasm.js';
import { layoutForm } from '../src/layout/layoutForm.js';
import type { GrayImage } from '../src/recognize/image.js';
import { readPage, type PageRead } from '../src/recognize/readPage.js';
import { seededRandom } from '../src/sampling/random.js';
import { packScanFile, type PageEncoding } from '../src/scangen/encode.js';
import { addFold, addSpeckle } from '../src/scangen/faults.js';
import { fillPage } from '../src/scangen/fillPage.js';
import { randomGeometry, scanSheet } from '../src/scangen/geometry.js';
import { fontDigits } from '../src/scangen/handwriting.js';
import { judgeChoice } from '../src/scangen/judge.js';
import { pencilOnScan } from '../src/scangen/marks.js';
import { paperSheet } from '../src/scangen/pen.js';
import { PAPER_PIXELS_PER_POINT, PrintedPages } from '../src/scangen/printedPages.js';
import { STRESS_HABITS, type ChoiceTruth } from '../src/scangen/respondent.js';
import { peakRssMb, runIfMain, type Figures } from './harness.js';

/**
 * Checkbox accuracy over ≥ 500,000 box positions, and the speed of the mark-reading path against decoding alone, on one
 * core per process. Two processes (one per core) share the pages; their figures are summed.
 *
 * Geometry is applied once to a handful of scans of the printed page (rotation, scale, perspective, offset at 300 and
 * 200 dpi); each page then gets fresh pen marks drawn straight into one of them through its transform, specks and
 * sometimes a fold, and is encoded as JPEG or G4. That keeps generation cheaper than the reading it measures.
 */
const PAGES = Number(process.env.BENCH_OMR_PAGES ?? 8_400);
const PARTS = 2;
const SECRET = Buffer.alloc(32, 5);

interface PartResult {
  pages: number;
  boxes: number;
  fields: number;
  wrongSilent: number;
  wrongSilentBoxes: number;
  fieldsReviewed: number;
  firmFields: number;
  firmFieldsReviewed: number;
  unreadPages: number;
  /** What went wrong, to reproduce it: the page's scan settings and the read. */
  problems: string[];
  decodeMs: number;
  omrMs: number;
  peakRssMb: number;
}

async function part(index: number, parts: number, pages: number): Promise<PartResult> {
  sharp.concurrency(1);
  const layout = layoutForm(loadSurveyDefinition('sipas'));
  const copy = { serial: 1, values: { office: 'UBND phường Phú Hội', name: 'Nguyễn Thị Hồng Nhung', caseCode: 'H35.12-240115-0042', procedure: 'Đăng ký khai sinh' } };
  const paper = paperSheet(await new PrintedPages('render').page({ layout, copy, page: 1, secret: SECRET }), PAPER_PIXELS_PER_POINT);
  const random = seededRandom(`omr-${index}`);
  const variants = [300, 200].flatMap((dpi) => Array.from({ length: 8 }, () => ({ dpi, sheet: scanSheet(paper, randomGeometry(random), dpi / 72) })));
  const digits = await fontDigits(random);
  const decodeQr = await qrDecoder();
  const ctx = { secret: SECRET, decodeQr, findLayout: () => layout };
  const boxesOf = new Map(layout.fields.map((f) => [f.questionId, 'options' in f ? f.options.length : 0]));
  const result: PartResult = { pages: 0, boxes: 0, fields: 0, wrongSilent: 0, wrongSilentBoxes: 0, fieldsReviewed: 0, firmFields: 0, firmFieldsReviewed: 0, unreadPages: 0, problems: [], decodeMs: 0, omrMs: 0, peakRssMb: 0 };
  for (let p = index; p < pages; p += parts) {
    const { dpi, sheet: variant } = variants[Math.floor(random() * variants.length)];
    // 60 % greyscale JPEG at quality 40–90, 40 % bilevel G4 with a scanner threshold of 120–170.
    const encoding: PageEncoding = random() < 0.4 ? { kind: 'g4', threshold: 120 + Math.floor(random() * 51) } : { kind: 'jpeg', quality: 40 + Math.floor(random() * 51) };
    const sheet = { ...variant, image: { ...variant.image, data: new Uint8Array(variant.image.data) } };
    const respondent = { habits: STRESS_HABITS, digits, pencil: pencilOnScan(encoding), skipWriting: 0, printedText: 0 };
    const { choices } = await fillPage(sheet, layout, 1, random, respondent);
    addSpeckle(sheet.image, Math.floor(random() * 3000), random);
    const folded = random() < 0.1;
    if (folded) addFold(sheet.image, random);
    const encoded = await packScanFile([sheet], encoding, encoding.kind === 'jpeg' ? 'jpeg' : 'tiff');
    // Decode alone, then decode and read, of the same file: the reader's cost is the difference.
    let t = performance.now();
    await decode(encoded);
    result.decodeMs += performance.now() - t;
    t = performance.now();
    const { read } = await readPage(await decode(encoded), { ...ctx, pixelsPerPoint: sheet.pixelsPerPoint });
    result.omrMs += performance.now() - t;
    result.pages++;
    judge(read, choices, result, boxesOf, `page ${p}: ${dpi} dpi, ${JSON.stringify(encoding)}${folded ? ', folded' : ''}`);
  }
  result.peakRssMb = peakRssMb();
  return result;
}

async function decode(file: Buffer): Promise<GrayImage> {
  const { data, info } = await sharp(file).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/** A field is wrong when it was not sent to a person and its value differs from the truth (or a rule was broken silently). */
function judge(read: PageRead, truth: ChoiceTruth[], result: PartResult, boxesOf: Map<string, number>, scan: string): void {
  result.fields += truth.length;
  if (read.kind !== 'read') {
    result.boxes += truth.reduce((n, t) => n + boxesOf.get(t.questionId)!, 0);
    result.unreadPages++;
    result.fieldsReviewed += truth.length;
    result.problems.push(`${scan} not read: ${read.kind} ${'message' in read ? read.message : ''}`);
    return;
  }
  for (const t of truth) {
    const field = read.fields.find((f) => f.questionId === t.questionId);
    if (!field || !('boxes' in field)) throw new Error(`no read for ${t.questionId}`);
    result.boxes += field.boxes.length;
    const firm = !t.reviewAllowed;
    if (firm) result.firmFields++;
    const verdict = judgeChoice(t, field);
    if (verdict === 'reviewed') {
      result.fieldsReviewed++;
      if (firm) result.firmFieldsReviewed++;
    } else if (verdict === 'wrongSilent') {
      result.wrongSilent++;
      const likeliest = t.silentReads[0] ?? [];
      result.wrongSilentBoxes += field.boxes.filter((b) => (b.state === 'marked') !== likeliest.includes(b.code)).length || 1;
      result.problems.push(`${scan} wrong: ${JSON.stringify(t.marks)} read ${JSON.stringify(field.boxes)}`);
    }
  }
}

export async function benchOmr(): Promise<Figures> {
  const self = fileURLToPath(import.meta.url);
  const results = await Promise.all(
    Array.from({ length: PARTS }, (_, i) =>
      new Promise<PartResult>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', self, '--part', String(i)], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (c) => (out += c));
        child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`part ${i} failed (${code})`))));
      }),
    ),
  );
  const sum = (k: Exclude<keyof PartResult, 'problems'>) => results.reduce((s, r) => s + r[k], 0);
  const pages = sum('pages');
  const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(3)} %`;
  const problems = results.flatMap((r) => r.problems);
  return {
    'omr: pages (sipas page 1, 60 boxes; 300 and 200 dpi; JPEG q40–90 or G4)': pages,
    'omr: box positions': sum('boxes'),
    'omr: wrong and not sent to review (fields)': sum('wrongSilent'),
    'omr: wrong and not sent to review (boxes)': sum('wrongSilentBoxes'),
    'omr: wrong-silent rate per box': sum('wrongSilentBoxes') === 0 ? `0 in ${sum('boxes')}` : `1 in ${Math.round(sum('boxes') / sum('wrongSilentBoxes'))}`,
    'omr: fields sent to review (all scenarios)': pct(sum('fieldsReviewed'), sum('fields')),
    'omr: firm marks sent to review (x, tick, none, cancel+mark, stray border stroke)': pct(sum('firmFieldsReviewed'), sum('firmFields')),
    'omr: box positions sent to review (firm marks)': pct(sum('firmFieldsReviewed') * 5, sum('boxes')),
    'omr: pages not read': sum('unreadPages'),
    'omr: decode only, ms/page (one core)': Number((sum('decodeMs') / pages).toFixed(1)),
    'omr: decode + read marks, ms/page (one core)': Number((sum('omrMs') / pages).toFixed(1)),
    'omr: pages/s one core (decode + read)': Number(((1000 * pages) / sum('omrMs')).toFixed(1)),
    'omr: OMR path / decode alone': Number((sum('omrMs') / sum('decodeMs')).toFixed(2)),
    'omr: peak RSS MB per process': Math.max(...results.map((r) => r.peakRssMb)),
    ...(problems.length ? { 'omr: problems': problems.join(' | ') } : {}),
  };
}

const partIndex = process.argv.indexOf('--part');
if (partIndex > 0) {
  part(Number(process.argv[partIndex + 1]), PARTS, PAGES)
    .then((r) => process.stdout.write(`${JSON.stringify(r)}\n`))
    .catch((error) => {
      process.stderr.write(`${(error as Error).stack}\n`);
      process.exit(1);
    });
} else runIfMain(import.meta, benchOmr);
