import fs from 'node:fs';
import sharp from 'sharp';
import { describeReliability, expectedCalibrationError, reliabilityTable, type Judged } from '../src/handwriting/calibration.js';
import { digitClassifier } from '../src/handwriting/digitClassifier.js';
import type { DigitWeights } from '../src/handwriting/digitModel.js';
import { matchKnownList } from '../src/handwriting/matchKnownList.js';
import { normalizeDigit } from '../src/handwriting/normalizeDigit.js';
import { decideDigitField, readDigitCell, type DigitCellRead } from '../src/handwriting/readDigitField.js';
import { HANDWRITING_SETTINGS } from '../src/handwriting/settings.js';
import { readTextZoneInk } from '../src/handwriting/textZoneInk.js';
import { createOcrEngine } from '../src/ocr/ocrEngine.js';
import { ocrInput } from '../src/ocr/suggestText.js';
import type { GrayImage } from '../src/image/grayImage.js';
import { DEMO_PROCEDURES } from '../src/sampling/demoRegister.js';
import { seededRandom } from '../src/sampling/random.js';
import { digitCell, loadMnistTestSplit } from '../test/support/handwrittenCells.js';
import { toGray } from '../test/support/marks.js';
import { loadOptdigits } from '../test/support/optdigits.js';
import { characterErrorRate, printedLines } from '../test/support/printedLines.js';
import { runIfMain, type Figures } from './harness.js';

/**
 * The handwriting reader on real handwriting and real print:
 * - every digit of MNIST's test split (never trained on) written into a 300 dpi digit cell and read back the way a
 *   scanned cell is (border out, normalised, the two networks), and also straight from MNIST's own 28 × 28 frame;
 * - how far its confidence can be taken at its word there: the reliability table (confidence bin → share right) and
 *   the expected calibration error;
 * - a second set of writers it never saw (UCI's optical digits, 13 writers, test/support/optdigits.ts) in cells;
 * - 10-digit mobile numbers assembled from those cells (seeded): how many are accepted yet wrong, how many go to a
 *   person;
 * - Vietnamese lines printed as personalised copies print their values (DejaVu Sans) and rendered at 300 dpi, read by
 *   the offline OCR, clean and degraded; and the same lines in the forms' body font, for comparison.
 * DIGIT_WEIGHTS=<file> measures another recogniser (one `scripts/train-digits.ts --out <file>` wrote) instead of the
 * shipped one, so a candidate is judged on the same figures before it replaces it.
 */
const PAPER = 246;
const S = HANDWRITING_SETTINGS;
const PHONE_FIELDS = 20_000;
const MOBILE_PREFIXES = ['090', '091', '093', '094', '097', '098', '032', '035', '038', '070', '077', '079', '081', '083', '085', '086', '088', '056', '058', '059'];

const LINES = [
  ...DEMO_PROCEDURES,
  'Nguyễn Thị Thu Hương',
  'Trần Văn Đức',
  'Lê Hoàng Yến',
  'Phạm Quốc Khánh',
  'Võ Thị Ngọc Ánh',
  '12 Lê Lợi, phường Phú Hội, thành phố Huế',
  '45 Trần Hưng Đạo, phường Thuận Hóa',
  '7 Điện Biên Phủ, phường Vỹ Dạ',
  'Ủy ban nhân dân phường Kim Long',
  'Bộ phận tiếp nhận và trả kết quả',
  'Công chức hướng dẫn tận tình, chu đáo',
  'Thời gian chờ đợi còn lâu',
  'Đề nghị bố trí thêm ghế ngồi chờ',
  'Thủ tục nhanh gọn, đúng hẹn',
  'Phí, lệ phí được niêm yết công khai',
  'Nên có thêm hướng dẫn trực tuyến',
  'Cán bộ thân thiện, lịch sự',
  'Kết quả trả đúng hạn',
  'Cần cải thiện chỗ để xe',
  'Rất hài lòng với sự phục vụ',
];

async function benchHandwriting(): Promise<Figures> {
  const test = loadMnistTestSplit();
  const weightsFile = process.env.DIGIT_WEIGHTS;
  const classify = digitClassifier(weightsFile ? (JSON.parse(fs.readFileSync(weightsFile, 'utf8')) as DigitWeights) : undefined);
  const figures: Figures = { 'digit recogniser': weightsFile ?? 'shipped', 'digits read (MNIST test split)': test.length };

  // MNIST's own frame: the classifier alone.
  let rawRight = 0;
  let classifyMs = 0;
  for (const d of test) {
    const frame = normalizeDigit({ ink: Float32Array.from(d.pixels, (p) => p / 255), width: 28, height: 28 });
    const started = performance.now();
    const guess = classify(frame);
    classifyMs += performance.now() - started;
    if (guess.digit === d.label) rawRight++;
  }

  // Cells: each test digit written in a cell and read as a scanned cell is.
  const cells = test.map((d) => digitCell(d));
  const reads: DigitCellRead[] = [];
  const started = performance.now();
  for (const cell of cells) reads.push(readDigitCell(cell, PAPER, classify, S));
  const cellMs = (performance.now() - started) / cells.length;
  const right = reads.filter((r, i) => r.digit === String(test[i].label)).length;
  const sure = reads.map((r) => r.state === 'written' && r.confidence >= S.digits.acceptFrom);
  const sureWrong = reads.filter((r, i) => sure[i] && r.digit !== String(test[i].label)).length;
  Object.assign(figures, {
    'digit accuracy, MNIST frame (%)': pct(rawRight / test.length),
    'digit accuracy, written in a 300 dpi cell (%)': pct(right / test.length),
    'digits sure (≥ acceptFrom) (%)': pct(sure.filter(Boolean).length / test.length),
    'digits sure yet wrong (per 10,000)': sureWrong,
    'cells taken for empty / crossed out': `${reads.filter((r) => r.state === 'empty').length} / ${reads.filter((r) => r.state === 'crossedOut').length}`,
    'ms per digit: classifier (2 networks)': (classifyMs / test.length).toFixed(3),
    'ms per digit: whole cell (ink, border, normalise, classify)': cellMs.toFixed(3),
  });

  const judged: Judged[] = reads.flatMap((r, i) => (r.state === 'written' ? [{ confidence: r.confidence, correct: r.digit === String(test[i].label) }] : []));
  figures['calibration error (ECE), MNIST test split in cells'] = expectedCalibrationError(judged).toFixed(4);
  describeReliability(reliabilityTable(judged)).forEach((line, i) => (figures[`reliability ${i + 1}`] = line));

  // Other writers: UCI's optical digits in cells.
  const uci = loadOptdigits();
  const uciReads = uci.map((d) => readDigitCell(digitCell(d), PAPER, classify, S));
  const uciJudged: Judged[] = uciReads.map((r, i) => ({ confidence: r.state === 'written' ? r.confidence : 0, correct: r.digit === String(uci[i].label) }));
  const uciSure = uciJudged.filter((j) => j.confidence >= S.digits.acceptFrom);
  Object.assign(figures, {
    'UCI optical digits (13 other writers) read': uci.length,
    'UCI digit accuracy, in a cell (%)': pct(uciJudged.filter((j) => j.correct).length / uci.length),
    'UCI digits sure (%)': pct(uciSure.length / uci.length),
    'UCI digits sure yet wrong': uciSure.filter((j) => !j.correct).length,
    'UCI calibration error (ECE)': expectedCalibrationError(uciJudged).toFixed(4),
  });

  // Phone fields: seeded 10-digit mobiles, each digit a random test-split sample of that digit.
  const random = seededRandom('bench/handwriting phone fields');
  const byLabel: number[][] = Array.from({ length: 10 }, () => []);
  test.forEach((d, i) => byLabel[d.label].push(i));
  let accepted = 0;
  let acceptedWrong = 0;
  const reasons = new Map<string, number>();
  for (let f = 0; f < PHONE_FIELDS; f++) {
    const truth = MOBILE_PREFIXES[Math.floor(random() * MOBILE_PREFIXES.length)] + Array.from({ length: 7 }, () => Math.floor(random() * 10)).join('');
    const fieldReads = [...truth].map((c) => {
      const pool = byLabel[Number(c)];
      return reads[pool[Math.floor(random() * pool.length)]];
    });
    const field = decideDigitField(fieldReads, { kind: 'digits', format: 'phone' }, S);
    if (field.reasons.length === 0) {
      accepted++;
      if (field.value !== truth) acceptedWrong++;
    }
    for (const r of field.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
  }
  Object.assign(figures, {
    'phone fields (10 digits from the test split)': PHONE_FIELDS,
    'phone fields accepted yet wrong (%)': pct(acceptedWrong / PHONE_FIELDS, 3),
    'phone fields sent to review (%)': pct(1 - accepted / PHONE_FIELDS),
    'review reasons (fields)': [...reasons].map(([r, n]) => `${r} ${n}`).join(', '),
  });

  // BENCH_HANDWRITING_OCR=0 measures the digits alone (the OCR part takes the longest).
  if (process.env.BENCH_HANDWRITING_OCR !== '0') Object.assign(figures, await benchOcr());
  return figures;
}

async function benchOcr(): Promise<Figures> {
  const clean = await printedLines(LINES);
  const degraded = await Promise.all(clean.map(degrade));
  // For the record: the forms' body font, which values are no longer printed in (see src/layout/fonts.ts).
  const bodyFont = await printedLines(LINES, 9.5, 'regular');
  const engine = await createOcrEngine();
  const figures: Figures = {};
  try {
    // The first recognition warms the engine up; it is not timed.
    await engine.recognize(await ocrInput(clean[0]), 'line');
    for (const [name, clips] of [['clean 300 dpi', clean], ['degraded', degraded], ['body font, clean', bodyFont]] as const) {
      let exact = 0;
      let listExact = 0;
      let errors = 0;
      let ms = 0;
      const misses: string[] = [];
      for (const [i, clip] of clips.entries()) {
        const started = performance.now();
        const zone = readTextZoneInk(clip, 1, PAPER, S);
        const result = await engine.recognize(await ocrInput(zone.cleaned), 'line');
        ms += performance.now() - started;
        if (result.text === LINES[i]) exact++;
        else if (misses.length < 3) misses.push(`"${result.text}"`);
        errors += characterErrorRate(LINES[i], result.text);
        if (i < DEMO_PROCEDURES.length && matchKnownList(result.text, DEMO_PROCEDURES, S.text.listMatchWithin)?.entry === LINES[i]) listExact++;
      }
      Object.assign(figures, {
        [`OCR ${name}: lines read exactly (%)`]: pct(exact / clips.length),
        [`OCR ${name}: character error rate (%)`]: pct(errors / clips.length, 2),
        [`OCR ${name}: procedure names exact after list match (%)`]: pct(listExact / DEMO_PROCEDURES.length),
        [`OCR ${name}: ms per text field`]: (ms / clips.length).toFixed(0),
        [`OCR ${name}: first misreads`]: misses.join(' | '),
      });
    }
  } finally {
    await engine.close();
  }
  return figures;
}

/** A poor scan of a line: a slight turn, blur, a darker and greyer page, JPEG at quality 30. */
async function degrade(clip: GrayImage): Promise<GrayImage> {
  const jpeg = await sharp(clip.data, { raw: { width: clip.width, height: clip.height, channels: 1 } })
    .rotate(0.6, { background: '#ffffff' })
    .blur(0.9)
    .linear(0.85, 10)
    .jpeg({ quality: 30 })
    .toBuffer();
  return toGray(jpeg);
}

const pct = (share: number, digits = 2) => (100 * share).toFixed(digits);

runIfMain(import.meta, benchHandwriting);
