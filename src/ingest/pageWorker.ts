import os from 'node:os';
import path from 'node:path';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { FormLayout } from '../layout/types.js';
import { loadOrCreateSecret } from '../io/secret.js';
import { qrDecoder } from '../io/zxingWasm.js';
import type { TextOcr } from '../ocr/suggestText.js';
import { DB_FILE } from '../store/db.js';
import { openScan, scanFileProblem, type DecodeLimits, type ScannerSetting } from './decode.js';
import { ocrOverPort } from './ocrPort.js';
import { readScanFile, scanFileSource } from './scanFileBytes.js';
import { processPage, type ProcessedPage } from './processPage.js';
import { readingDigitClassifier } from './digitReader.js';
import type { PlacedPage } from '../recognize/readPage.js';
import type { RecognitionSettings } from '../recognize/settings.js';
import { findLayout as findStoredLayout, proceduresOfFormOffice } from '../store/printRuns.js';

export interface PageJob {
  file: string;
  sha256: string;
  pageIndex: number;
  /** A page a person placed on a form: read as that form's page (see readPlacedPage). */
  placed?: PlacedPage;
}

/** Opening a file to count its pages: a PDF is parsed whole, which must not hold the main thread (and the web server). */
export interface OpenJob {
  open: true;
  file: string;
  sha256: string;
}

export interface WorkerSetup {
  dataDir: string;
  limits: DecodeLimits;
  settings?: RecognitionSettings;
}

/** What a worker is started with: the pool's setup and its port to the shared OCR engine. */
export interface WorkerStart extends WorkerSetup {
  ocrPort: MessagePort;
}

export type WorkerReply = { ok: true; page: ProcessedPage } | { ok: false; message: string };
/** A file opened: its pages and how it was scanned, or why it cannot be read (a damaged file is the file's own fault). */
export type OpenReply = { ok: true; pageCount: number; setting: ScannerSetting } | { ok: false; message: string };

const setup = workerData as WorkerStart;
// Reading a batch is background work: below the web server's thread, a reviewer's next item and page image get the CPU
// first while a batch is read. On Linux a thread's nice value is its own; elsewhere it would be the whole process's.
if (process.platform === 'linux') os.setPriority(10);
const secret = loadOrCreateSecret(setup.dataDir);
const db = new Database(path.join(setup.dataDir, DB_FILE), { readonly: true, fileMustExist: true });
const layouts = new Map<string, FormLayout>();
// Only found layouts are cached: one printed after this worker started must still be found.
const findLayout = (hash: string) => {
  if (!layouts.has(hash)) {
    const stored = findStoredLayout(db, hash);
    if (stored) layouts.set(hash, stored.layout);
  }
  return layouts.get(hash);
};
const ocr: TextOcr = {
  read: ocrOverPort(setup.ocrPort),
  // The office's procedures come from its register; no list of staff names is kept yet.
  knownList: (list, qr) => (list === 'procedures' ? proceduresOfFormOffice(db, qr.serial) : []),
};
const classifyDigit = readingDigitClassifier(db);
// The last file opened stays open: pages of one file usually come to the same worker one after another. A file
// written again since (a stopped upload sent anew) is opened again, not refused as changed.
let open: { sha256: string; file: string; source: ReturnType<typeof scanFileSource>; scan: Awaited<ReturnType<typeof openScan>> } | undefined;

const openFile = async (job: { file: string; sha256: string }) => {
  if (open?.sha256 !== job.sha256 || open.file !== job.file || open.source.changed()) {
    const source = scanFileSource(job.file);
    open = { sha256: job.sha256, file: job.file, source, scan: await openScan(readScanFile(job.file), setup.limits, source) };
  }
  return open.scan;
};

parentPort!.on('message', async (job: PageJob | OpenJob) => {
  if ('open' in job) {
    try {
      const scan = await openFile(job);
      parentPort!.postMessage({ ok: true, pageCount: scan.pageCount, setting: scan.setting } satisfies OpenReply);
    } catch (error) {
      parentPort!.postMessage({ ok: false, message: scanFileProblem(error as Error) } satisfies OpenReply);
    }
    return;
  }
  try {
    const scan = await openFile(job);
    const page = await processPage(job.pageIndex, () => scan.decodePage(job.pageIndex), { secret, decodeQr: await qrDecoder(), findLayout, settings: setup.settings, classifyDigit: classifyDigit() }, ocr, job.placed);
    parentPort!.postMessage({ ok: true, page } satisfies WorkerReply);
  } catch (error) {
    parentPort!.postMessage({ ok: false, message: (error as Error).message } satisfies WorkerReply);
  }
});
