import path from 'node:path';
import { ingestFiles, type IngestSummary } from '../../src/ingest/ingestFiles.js';
import { loadOrCreateSecret } from '../../src/io/secret.js';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import type { FormLayout } from '../../src/layout/types.js';
import type { FieldRead } from '../../src/recognize/readPage.js';
import { claimNext, decide, refer } from '../../src/review/queue.js';
import { mnistDigits } from '../../tools/scangen/mnist.js';
import { loadMnistTestSplit } from '../../tools/scangen/mnistFiles.js';
import { writeScanBatch, type FormToFill } from '../../tools/scangen/scanBatch.js';
import { backupDataDir, type BackupReport } from '../../src/store/backup.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { createPrintRun, saveLayout } from '../../src/store/printRuns.js';

/**
 * Prints forms into `root/data` and writes them, filled in by the scan generator, as multi-page scan files into
 * `root/scans`. Returns the files in stack order.
 */
export async function printedAndFilledIn(root: string, copies: Record<'quick' | 'one-stop' | 'sipas', number>, seed = 'backup under ingest'): Promise<{ dataDir: string; files: string[]; pages: number }> {
  const dataDir = path.join(root, 'data');
  const secret = loadOrCreateSecret(dataDir);
  const db = openDatabase(dataDir);
  const forms: FormToFill[] = [];
  for (const [surveyId, count] of Object.entries(copies)) {
    if (!count) continue;
    const survey = loadSurveyDefinition(surveyId);
    const layout: FormLayout = layoutForm(survey);
    saveLayout(db, survey, layout);
    const { serials } = createPrintRun(db, { layoutHash: layout.hash, surveyId, kind: 'blank', caseCodes: Array(count).fill(null) });
    forms.push(...serials.map((serial) => ({ layout, serial })));
  }
  db.close();
  const truth = await writeScanBatch(path.join(root, 'scans'), {
    seed,
    secret,
    forms,
    profiles: [
      { container: 'pdf', encoding: 'jpeg', dpi: 300, pagesPerFile: 4 },
      { container: 'tiff', encoding: 'g4', dpi: 300, pagesPerFile: 4 },
    ],
    digits: mnistDigits(loadMnistTestSplit()),
    printing: 'stamp',
  });
  return { dataDir, files: truth.files.map((f) => path.join(root, 'scans', f.name)), pages: truth.pages.length };
}

export interface AcknowledgedPage {
  id: number;
  file_sha256: string;
  page_index: number;
  outcome: string;
  read_json: string;
  image_file: string | null;
}
export interface AcknowledgedCorrection {
  id: number;
  serial: number;
  question_id: string;
  value_json: string;
}

const pagesOf = (db: Db) => db.prepare('SELECT id, file_sha256, page_index, outcome, read_json, image_file FROM pages ORDER BY id').all() as AcknowledgedPage[];
const correctionsOf = (db: Db) => db.prepare('SELECT id, serial, question_id, value_json FROM corrections ORDER BY id').all() as AcknowledgedCorrection[];
export const acknowledgedIn = (db: Db) => ({ pages: pagesOf(db), corrections: correctionsOf(db) });

export interface BackupDuringIngest {
  backup: BackupReport;
  /** What had been acknowledged (committed) when the backup was started: all of it must be in the backup. */
  acknowledged: { pages: AcknowledgedPage[]; corrections: AcknowledgedCorrection[] };
  /** Pages stored when the backup started and when it finished, and in the end. */
  pagesAtStart: number;
  pagesWhenDone: number;
  correctionsWhenDone: number;
  ingest: IngestSummary;
}

/**
 * Ingests the files with the real page-worker pool while a reviewer decides open items as they appear (corrections
 * keep being written), and once `startAfterPages` pages are acknowledged, backs the data folder up through a
 * connection of its own — as `phieu backup` would, run beside the web server.
 */
export async function backupDuringIngest(dataDir: string, files: string[], target: string, options: { method?: BackupReport['method']; startAfterPages: number }): Promise<BackupDuringIngest> {
  const db = openDatabase(dataDir);
  const reviewer = startReviewer(db);
  const ingest = ingestFiles(files, { db, dataDir, source: 'cli' });
  try {
    const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    let finished = false;
    void ingest.then(() => (finished = true), () => (finished = true));
    while (!finished && (count('pages') < options.startAfterPages || count('corrections') === 0)) await new Promise((r) => setTimeout(r, 20));
    if (finished) throw new Error('the ingest ended before the backup could start: give it more pages');
    const acknowledged = acknowledgedIn(db);
    const other = openDatabase(dataDir);
    let backup: BackupReport;
    try {
      backup = await backupDataDir(other, dataDir, target, options.method);
    } finally {
      other.close();
    }
    const pagesWhenDone = count('pages');
    const correctionsWhenDone = count('corrections');
    return { backup, acknowledged, pagesAtStart: acknowledged.pages.length, pagesWhenDone, correctionsWhenDone, ingest: await ingest };
  } finally {
    await ingest.catch(() => undefined);
    reviewer.stop();
    db.close();
  }
}

/** Claims and decides the next field item every few milliseconds, as a reviewer keying at speed would. */
export function startReviewer(db: Db): { stop: () => void } {
  const timer = setInterval(() => {
    const [id] = claimNext(db, { reviewer: 'nhaplieu', queue: 'open', filter: {}, exclude: [], count: 1 });
    if (id === undefined) return;
    const item = db.prepare(`SELECT r.question_id, p.read_json FROM review_items r JOIN pages p ON p.id = r.page_id WHERE r.id = ?`).get(id) as { question_id: string | null; read_json: string };
    const field = (JSON.parse(item.read_json) as { fields?: FieldRead[] }).fields?.find((f) => f.questionId === item.question_id);
    const value = field && 'boxes' in field ? field.value.slice(0, 1) : typeof field?.value === 'string' ? field.value : '';
    try {
      decide(db, { itemId: id, actor: 'nhaplieu', supervisor: false, value });
    } catch {
      // A value the rules refuse (a half-read date): the reviewer hands it to a supervisor, as a person would.
      refer(db, { itemId: id, actor: 'nhaplieu', note: 'không đọc được' });
    }
  }, 15);
  return { stop: () => clearInterval(timer) };
}
