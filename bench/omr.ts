import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { openScan } from '../src/ingest/decode.js';
import { qrDecoder } from '../src/io/zxingWasm.js';
import { loadSurveyDefinition } from '../src/io/surveyFiles.js';
import { layoutForm } from '../src/layout/layoutForm.js';
import { printForms } from '../src/print/printForms.js';
import type { GrayImage } from '../src/recognize/image.js';
import { readPage } from '../src/recognize/readPage.js';
import { peakRssMb, runIfMain, type Figures } from './harness.js';
import { makeVariant, markPage, seededRandom, type BoxTruth } from './omrWorkload.js';

/**
 * Checkbox accuracy over ≥ 500,000 box positions, and the speed of the mark-reading path against decoding alone, on one
 * core per process. Two processes (one per core) share the pages; their figures are summed.
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
  decodeMs: number;
  omrMs: number;
  peakRssMb: number;
}

async function part(index: number, parts: number, pages: number): Promise<PartResult> {
  sharp.concurrency(1);
  const layout = layoutForm(loadSurveyDefinition('sipas'));
  const chunks: Buffer[] = [];
  await printForms(layout, [{ serial: 1, values: { office: 'UBND phường Phú Hội', name: 'Nguyễn Thị Hồng Nhung', caseCode: 'H35.12-240115-0042', procedure: 'Đăng ký khai sinh' } }], new PassThrough().on('data', (c: Buffer) => chunks.push(c)), { secret: SECRET });
  const at300 = (await (await openScan(Buffer.concat(chunks))).decodePage(0)).image;
  const at200 = await resize(at300, 2 / 3);
  const random = seededRandom(1000 + index);
  const variants = [
    ...Array.from({ length: 8 }, () => makeVariant(at300, 300 / 72, random)),
    ...Array.from({ length: 8 }, () => makeVariant(at200, 200 / 72, random)),
  ];
  const decodeQr = await qrDecoder();
  const ctx = { secret: SECRET, decodeQr, findLayout: () => layout };
  const result: PartResult = { pages: 0, boxes: 0, fields: 0, wrongSilent: 0, wrongSilentBoxes: 0, fieldsReviewed: 0, firmFields: 0, firmFieldsReviewed: 0, unreadPages: 0, decodeMs: 0, omrMs: 0, peakRssMb: 0 };
  for (let p = index; p < pages; p += parts) {
    const variant = variants[Math.floor(random() * variants.length)];
    // 60 % greyscale JPEG at quality 40–90, 40 % bilevel G4 with a scanner threshold of 120–170.
    const bilevel = random() < 0.4 ? 120 + Math.floor(random() * 51) : undefined;
    const { image, truth } = markPage(layout, 1, variant, random, bilevel);
    const raw = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } }).withDensity(variant.pixelsPerPoint * 72);
    const encoded = bilevel === undefined ? await raw.jpeg({ quality: 40 + Math.floor(random() * 51) }).toBuffer() : await raw.threshold(bilevel).toColourspace('b-w').tiff({ compression: 'ccittfax4', bitdepth: 1 }).toBuffer();
    // Decode alone, then decode and read, of the same file: the reader's cost is the difference.
    let t = performance.now();
    await decode(encoded);
    result.decodeMs += performance.now() - t;
    t = performance.now();
    const { read } = await readPage(await decode(encoded), { ...ctx, pixelsPerPoint: variant.pixelsPerPoint });
    result.omrMs += performance.now() - t;
    result.pages++;
    judge(read, truth, result);
  }
  result.peakRssMb = peakRssMb();
  return result;
}

async function decode(file: Buffer): Promise<GrayImage> {
  const { data, info } = await sharp(file).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

async function resize(image: GrayImage, factor: number): Promise<GrayImage> {
  return decode(await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } }).resize(Math.round(image.width * factor)).png().toBuffer());
}

/** A field is wrong when it was not sent to a person and its value differs from the truth (or a rule was broken silently). */
function judge(read: Awaited<ReturnType<typeof readPage>>['read'], truth: BoxTruth[], result: PartResult): void {
  const boxesPerField = 5;
  result.boxes += truth.length * boxesPerField;
  result.fields += truth.length;
  if (read.kind !== 'read') {
    result.unreadPages++;
    result.fieldsReviewed += truth.length;
    return;
  }
  for (const t of truth) {
    const field = read.fields.find((f) => f.questionId === t.questionId);
    if (!field || !('boxes' in field)) throw new Error(`no read for ${t.questionId}`);
    const firm = !t.reviewAllowed;
    if (firm) result.firmFields++;
    if (field.reasons.length > 0) {
      result.fieldsReviewed++;
      if (firm) result.firmFieldsReviewed++;
      continue;
    }
    const same = field.value.length === t.expected.length && field.value.every((v) => t.expected.includes(v));
    if (t.reviewRequired || !same) {
      result.wrongSilent++;
      result.wrongSilentBoxes += field.boxes.filter((b) => (b.state === 'marked') !== t.expected.includes(b.code)).length || 1;
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
  const sum = (k: keyof PartResult) => results.reduce((s, r) => s + r[k], 0);
  const pages = sum('pages');
  const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(3)} %`;
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
