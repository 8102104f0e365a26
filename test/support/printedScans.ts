import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import sharp from 'sharp';
import { openScan } from '../../src/ingest/decode.js';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { loadOrCreateSecret } from '../../src/io/secret.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import { printForms } from '../../src/print/printForms.js';
import { packScanFile } from '../../tools/scangen/encode.js';
import { openDatabase } from '../../src/store/db.js';
import { createPrintRun, saveLayout } from '../../src/store/printRuns.js';
import type { SurveyDefinition } from '../../src/survey/schema.js';

/**
 * Prints blank copies of a survey into a data folder (recording their serials) and writes each printed page,
 * rendered at 300 dpi, as a PNG scan into `scanDir`. Returns the PNG paths and the serials. A survey is a shipped
 * one by id, or a definition of the test's own; the forms are an office's when it is given (and the office exists).
 */
export async function printedScans(
  dataDir: string,
  scanDir: string,
  surveyOrId: string | SurveyDefinition,
  copies: number,
  options: { officeCode?: string } = {},
): Promise<{ files: string[]; serials: number[] }> {
  const survey = typeof surveyOrId === 'string' ? loadSurveyDefinition(surveyOrId) : surveyOrId;
  const surveyId = survey.id;
  const layout = layoutForm(survey);
  const db = openDatabase(dataDir);
  saveLayout(db, survey, layout);
  const { serials } = createPrintRun(db, { layoutHash: layout.hash, surveyId, kind: 'blank', officeCode: options.officeCode, caseCodes: Array(copies).fill(null) });
  db.close();
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  await printForms(layout, serials.map((serial) => ({ serial, values: { office: 'UBND phường Phú Hội' } })), sink, { secret: loadOrCreateSecret(dataDir) });
  const scan = await openScan(Buffer.concat(chunks));
  fs.mkdirSync(scanDir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < scan.pageCount; i++) {
    const { image } = await scan.decodePage(i);
    const file = path.join(scanDir, `${surveyId}-${String(i + 1).padStart(3, '0')}.png`);
    await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } }).png().toFile(file);
    files.push(file);
  }
  return { files, serials };
}

/** The printed scans of `copies` quick forms as one JPEG PDF of that many pages, as a scanner's feeder writes it. */
export async function printedScansPdf(dataDir: string, scanDir: string, copies: number): Promise<{ file: string; serials: number[] }> {
  const { files, serials } = await printedScans(dataDir, scanDir, 'quick', copies);
  const pages = await Promise.all(
    files.map(async (png) => {
      const { data, info } = await sharp(png).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
      return { image: { data: new Uint8Array(data), width: info.width, height: info.height }, pixelsPerPoint: 300 / 72 };
    }),
  );
  const file = path.join(scanDir, 'lo-phieu.pdf');
  fs.writeFileSync(file, await packScanFile(pages, { kind: 'jpeg', quality: 80 }, 'pdf'));
  return { file, serials };
}
