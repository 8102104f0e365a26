import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import { PhieuError } from '../errors/errorTable.js';

const require = createRequire(import.meta.url);

/**
 * The Vietnamese LSTM model shipped in the npm package @tesseract.js-data/vie. tesseract.js fetches language data
 * from a CDN when it has no local path, and an offline failure there kills the process from inside its worker; a
 * local folder is read from disk and a missing file is an ordinary error.
 */
export const VIETNAMESE_LANG_PATH = path.join(path.dirname(require.resolve('@tesseract.js-data/vie/package.json')), '4.0.0_best_int');

export interface OcrResult {
  /** The text read, lines joined by spaces, NFC. */
  text: string;
  /** Tesseract's mean word confidence, 0–100. */
  confidence: number;
}

/** One line of text, or a block of several. */
export type OcrLayout = 'line' | 'block';

export interface OcrEngine {
  recognize(png: Buffer, layout: OcrLayout): Promise<OcrResult>;
  close(): Promise<void>;
}

/**
 * Starts a tesseract.js worker for Vietnamese from local data only: `langPath` is a folder holding
 * vie.traineddata.gz, nothing is cached to or read from the current folder, and a failure comes back as a rejected
 * promise (a PhieuError), never as an uncaught exception or a wait without end.
 */
export async function createOcrEngine(langPath = VIETNAMESE_LANG_PATH): Promise<OcrEngine> {
  const dataFile = path.join(path.resolve(langPath), 'vie.traineddata.gz');
  if (!fs.existsSync(dataFile)) throw new PhieuError('ocrDataMissing', { file: dataFile });
  // tesseract.js reports a failed start only to the error handler: its createWorker promise then never settles.
  let failStart: (error: unknown) => void = () => undefined;
  const startFailed = new Promise<never>((_, reject) => (failStart = reject));
  let worker: Worker;
  try {
    worker = await Promise.race([
      createWorker('vie', OEM.LSTM_ONLY, { langPath: path.resolve(langPath), gzip: true, cacheMethod: 'none', errorHandler: (error: unknown) => failStart(error) }),
      startFailed,
    ]);
  } catch (error) {
    throw new PhieuError('ocrNotStarting', { file: dataFile, reason: String((error as Error)?.message ?? error) });
  }
  // tesseract's own diagnostics ("Image too small to scale!!" on a zone holding a lone stroke) would land on the
  // terminal of whoever runs `phieu scan`; an unreadable zone already goes to a person with its clip.
  await worker.setParameters({ user_defined_dpi: '300', preserve_interword_spaces: '0', debug_file: '/dev/null' });
  let current: OcrLayout | undefined;
  return {
    async recognize(png, layout) {
      if (layout !== current) {
        await worker.setParameters({ tessedit_pageseg_mode: layout === 'line' ? PSM.SINGLE_LINE : PSM.SINGLE_BLOCK });
        current = layout;
      }
      const { data } = await worker.recognize(png);
      return { text: data.text.normalize('NFC').replace(/\s+/g, ' ').trim(), confidence: data.confidence };
    },
    async close() {
      await worker.terminate();
    },
  };
}
