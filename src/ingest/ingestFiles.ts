import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PhieuError } from '../errors/errorTable.js';
import type { Db } from '../store/db.js';
import { audit } from '../store/db.js';
import { DEFAULT_MAX_PAGES_PER_FILE } from '../store/scanSettings.js';
import { calibrateMarkBatch } from './markCuts.js';
import { markBatchFor } from '../store/markCuts.js';
import { beginScanFile, findScanFile, finishScanFile, rejectScanFile, type ScanFileRecord, type StoredOutcome } from '../store/scans.js';
import { storePage } from '../ingest/storePage.js';
import { DEFAULT_LIMITS, scanFileProblem, type DecodeLimits, type ScannerSetting } from './decode.js';
import { keepScanFile } from './keptScans.js';
import type { ProcessedPage } from './processPage.js';
import { scannerSettingWarning } from './scannerWarning.js';
import { PageWorkerPool } from './workerPool.js';

export interface IngestOptions {
  db: Db;
  dataDir: string;
  source: ScanFileRecord['source'];
  batch?: string;
  expectedSurvey?: string;
  limits?: DecodeLimits;
  maxFileBytes?: number;
  /** Pages one file may hold; a longer file would hold the queue for hours and is refused before a page is read. */
  maxPagesPerFile?: number;
  /** Stops the batch: no new page is started, pages already being read are stored, the file is left to be continued. */
  signal?: AbortSignal;
  /** Reuse a pool across calls (the hot folder, the web app); otherwise one is made and closed. */
  pool?: PageWorkerPool;
  onProgress?: (progress: IngestProgress) => void;
  actor?: string;
  /** The names senders gave files kept under another (uploads are kept under their sha256): what people see. */
  names?: ReadonlyMap<string, string>;
}

export interface IngestProgress {
  pagesDone: number;
  pagesKnown: number;
  filesDone: number;
  files: number;
  needingReview: number;
  elapsedMs: number;
}

export interface FileOutcome {
  file: string;
  sha256?: string;
  status: 'done' | 'alreadyDone' | 'rejected';
  reason?: string;
  pages: number;
}

export interface IngestSummary {
  files: FileOutcome[];
  pages: number;
  /** Pages by outcome: read, blank, unreadable, notOurForm, refused, wrongSurvey, unknownSerial, duplicate. */
  outcomes: Partial<Record<StoredOutcome, number>>;
  forms: number;
  needingReview: number;
  /** Per page not read as a form: file, page and reason. */
  problems: { file: string; page: number; outcome: StoredOutcome; reason: string }[];
  /** For the person scanning, in Vietnamese: scanner settings that lose marks (see scannerSettingWarning). */
  warnings: string[];
  /** The batch was stopped before its end (options.signal); running it again reads what is left. */
  cancelled: boolean;
  elapsedMs: number;
}

export const DEFAULT_MAX_FILE_BYTES = 500 * 1024 * 1024;

/** Every file a list of files and folders names (folders recursively), in a stable order. */
export function expandPaths(inputs: string[]): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    const stat = fs.statSync(input, { throwIfNoEntry: false });
    if (!stat) throw new PhieuError('noSuchPath', { path: input });
    if (stat.isDirectory()) {
      files.push(...expandPaths(fs.readdirSync(input).filter((n) => !n.startsWith('.')).sort().map((n) => path.join(input, n))));
    } else files.push(input);
  }
  return files;
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Reads scan files into the database. A file is known by its sha256 and never processed twice; each page is
 * acknowledged by its own transaction, so a run killed at any moment is completed by running it again.
 */
export async function ingestFiles(files: string[], options: IngestOptions): Promise<IngestSummary> {
  const started = Date.now();
  const limits = options.limits ?? DEFAULT_LIMITS;
  const pool = options.pool ?? new PageWorkerPool({ dataDir: options.dataDir, limits });
  const summary: IngestSummary = { files: [], pages: 0, outcomes: {}, forms: 0, needingReview: 0, problems: [], warnings: [], cancelled: false, elapsedMs: 0 };
  const settings: { name: string; setting: ScannerSetting }[] = [];
  const serials = new Set<number>();
  const progress: IngestProgress = { pagesDone: 0, pagesKnown: 0, filesDone: 0, files: files.length, needingReview: 0, elapsedMs: 0 };
  const tell = () => options.onProgress?.({ ...progress, elapsedMs: Date.now() - started });
  const inFlight = new Set<Promise<void>>();
  const fileCompletions: Promise<void>[] = [];
  const maxInFlight = pool.size * 2;
  // The files this run reads for the first time are one batch: their box scores set its mark cut once all are in.
  let markBatch: number | undefined;

  try {
    for (const file of files) {
      if (options.signal?.aborted) break;
      const name = nameOf(file, options);
      const opened = await openFile(file, options, pool).catch((error: Error) => ({ kind: 'failed' as const, record: undefined, reason: scanFileProblem(error) }));
      if (opened.kind !== 'new') {
        if (opened.kind === 'failed' && opened.record) rejectScanFile(options.db, opened.record, opened.reason);
        summary.files.push(opened.kind === 'known' ? opened.outcome : { file, sha256: opened.record?.sha256, status: 'rejected', reason: opened.reason, pages: 0 });
        progress.filesDone++;
        tell();
        continue;
      }
      const { pageCount } = opened;
      markBatch ??= markBatchFor(options.db, options.batch);
      const record = { ...opened.record, markBatch };
      const { sha256 } = record;
      settings.push({ name, setting: opened.setting });
      const done = beginScanFile(options.db, record, pageCount);
      progress.pagesKnown += pageCount;
      progress.pagesDone += done.size;
      const outcome: FileOutcome = { file, sha256, status: 'done', pages: pageCount };
      summary.files.push(outcome);
      const pending: Promise<void>[] = [];
      let dispatched = true;
      for (let pageIndex = 0; pageIndex < pageCount; pageIndex++) {
        if (done.has(pageIndex)) continue;
        while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
        if (options.signal?.aborted) {
          dispatched = false;
          break;
        }
        const task = pool.run({ file, sha256, pageIndex }).then((reply) => {
          const stored = reply.ok
            ? storeProcessed(options, file, sha256, reply.page)
            : storePage(options.db, { sha256, pageIndex, read: { kind: 'refused', reason: 'corrupt', message: reply.message }, clips: [] });
          summary.pages++;
          summary.outcomes[stored] = (summary.outcomes[stored] ?? 0) + 1;
          if (stored === 'read' && reply.ok && reply.page.read.kind === 'read') {
            serials.add(reply.page.read.qr.serial);
            if (reply.page.read.needsReview) summary.needingReview++;
          } else if (stored !== 'read') {
            const read = reply.ok ? reply.page.read : undefined;
            const reason = !reply.ok ? reply.message : read && 'message' in read ? read.message : stored;
            summary.problems.push({ file: name, page: pageIndex + 1, outcome: stored, reason });
            if (stored !== 'blank') summary.needingReview++;
          }
          progress.pagesDone++;
          progress.needingReview = summary.needingReview;
          tell();
        });
        const tracked = task.finally(() => inFlight.delete(tracked));
        inFlight.add(tracked);
        pending.push(tracked);
      }
      // The file is marked done once all its pages have committed, whichever order they finish in; a file stopped
      // half-way stays open, its stored pages kept, for the next run to continue.
      if (!dispatched) {
        fileCompletions.push(Promise.all(pending).then(() => undefined));
        break;
      }
      fileCompletions.push(
        Promise.all(pending).then(() => {
          finishScanFile(options.db, sha256);
          progress.filesDone++;
          tell();
        }),
      );
    }
    await Promise.all(fileCompletions);
  } finally {
    if (!options.pool) await pool.close();
  }
  summary.cancelled = options.signal?.aborted ?? false;
  if (markBatch !== undefined) calibrateMarkBatch(options.db, markBatch);
  const warning = scannerSettingWarning(settings);
  if (warning) summary.warnings.push(warning);
  summary.forms = serials.size;
  summary.elapsedMs = Date.now() - started;
  audit(options.db, options.actor ?? 'cli', 'scan', { files: summary.files.length, pages: summary.pages, outcomes: summary.outcomes });
  return summary;
}

type OpenedFile =
  | { kind: 'new'; record: ScanFileRecord; pageCount: number; setting: ScannerSetting }
  | { kind: 'known'; outcome: FileOutcome }
  | { kind: 'failed'; record?: ScanFileRecord; reason: string };

/** Knows a file by its sha256, or opens it on a page worker to count its pages; a file that cannot be opened says why. */
async function openFile(file: string, options: IngestOptions, pool: PageWorkerPool): Promise<OpenedFile> {
  const size = fs.statSync(file).size;
  const sha256 = await sha256File(file);
  const record: ScanFileRecord = { sha256, name: nameOf(file, options), size, source: options.source, batch: options.batch };
  const known = findScanFile(options.db, sha256);
  if (known?.status === 'done' || known?.status === 'rejected') {
    return { kind: 'known', outcome: { file, sha256, status: 'alreadyDone', reason: known.status === 'rejected' ? (known.error ?? undefined) : undefined, pages: known.pageCount ?? 0 } };
  }
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (size > maxBytes) return { kind: 'failed', record, reason: `tệp nặng ${(size / 1048576).toFixed(0)} MB, vượt giới hạn ${(maxBytes / 1048576).toFixed(0)} MB` };
  const opened = await pool.open(file, sha256);
  if (!opened.ok) return { kind: 'failed', record, reason: opened.message };
  const maxPages = options.maxPagesPerFile ?? DEFAULT_MAX_PAGES_PER_FILE;
  // Refused before a page is read: split into smaller files, each is read in a reasonable time.
  if (opened.pageCount > maxPages) {
    return { kind: 'failed', record, reason: `tệp có ${opened.pageCount} trang, vượt giới hạn ${maxPages} trang một tệp; hãy tách thành các tệp nhỏ hơn rồi đọc lại` };
  }
  return { kind: 'new', record, pageCount: opened.pageCount, setting: opened.setting };
}

function nameOf(file: string, options: IngestOptions): string {
  return options.names?.get(file) ?? path.basename(file);
}

function storeProcessed(options: IngestOptions, file: string, sha256: string, page: ProcessedPage): StoredOutcome {
  // Written before the page's row commits; a crash in between leaves a file that the rerun overwrites.
  const imageFile = page.pageImage && writePageImage(options.dataDir, `${sha256}-${page.pageIndex + 1}`, page.pageImage);
  const outcome = storePage(options.db, { sha256, pageIndex: page.pageIndex, read: page.read, imageFile, clips: page.clips, expectedSurvey: options.expectedSurvey });
  // A page left for a person may be placed on a form, and is then read again from the original.
  if (outcome !== 'read' && outcome !== 'blank') keepScanFile(options.dataDir, file, sha256);
  return outcome;
}

/** Writes a page image under `pages/` of the data folder and returns its path relative to the folder. */
export function writePageImage(dataDir: string, name: string, jpeg: Uint8Array): string {
  const imageFile = path.join('pages', name.slice(0, 2), `${name}.jpg`);
  const target = path.join(dataDir, imageFile);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(`${target}.tmp`, jpeg);
  fs.renameSync(`${target}.tmp`, target);
  return imageFile;
}
