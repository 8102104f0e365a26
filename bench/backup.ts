import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ingestFiles } from '../src/ingest/ingestFiles.js';
import { backupDataDir, restoreBackup } from '../src/store/backup.js';
import { checkCopy } from '../src/store/backupWorker.js';
import { DB_FILE, openDatabase, type Db } from '../src/store/db.js';
import { acknowledgedIn, printedAndFilledIn, startReviewer } from '../test/support/backupUnderIngest.js';
import { runIfMain, type Figures } from './harness.js';

/**
 * Which backup finishes while phieu writes: VACUUM INTO (from a worker thread, its own connection) against SQLite's
 * online backup API, fed by another connection (as `phieu backup` beside a running server would be) and by the
 * writers' own connection (as inside the web server). The write load is real: generated scans ingested by the page
 * workers while a reviewer keeps deciding items. The database is first grown to a province's size by repeating the
 * ingested pages (stored as duplicates, with their clips), so a copy takes long enough for writes to land during it.
 * The VACUUM INTO copy is then restored into a fresh folder and checked for every page and correction acknowledged
 * before it began.
 */
const TARGET_DB_MB = Number(process.env.BENCH_BACKUP_DB_MB ?? 400);
const GIVE_UP_MS = 120_000;

export async function benchBackup(): Promise<Figures> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'phieu-bench-backup-'));
  try {
    const { dataDir: printed, files, pages } = await printedAndFilledIn(root, { quick: 60, 'one-stop': 24, sipas: 12 }, 'bench backup');
    const base = path.join(root, 'base');
    await growDataFolder(printed, files, base);
    const baseMb = fs.statSync(path.join(base, DB_FILE)).size / 1048576;

    const vacuum = await underIngest(root, base, files, 'vacuumInto');
    const apiOther = await underIngest(root, base, files, 'backupApiOther');
    const apiOwn = await underIngest(root, base, files, 'backupApiOwn');
    const steady = await underSteadyWrites(root, base);
    const describe = (r: Run) =>
      r.finished
        ? `${(r.ms / 1000).toFixed(1)} s, ${r.pagesDuring} pages and ${r.correctionsDuring} corrections stored meanwhile${r.steps ? `, ${r.steps} steps of 100 pages for a ${Math.ceil(r.filePages / 100)}-step file` : ''}${r.writesEndedFirst ? ' (finished only once the writes had stopped)' : ''}`
        : `did not finish in ${GIVE_UP_MS / 1000} s (${r.steps} steps: it starts over after each write), ${r.pagesDuring} pages stored meanwhile`;
    return {
      'backup: write load (pages ingested on all cores while a reviewer decides items)': pages,
      'backup: database MB at the start': Number(baseMb.toFixed(0)),
      'backup: VACUUM INTO from a worker thread, under ingest': describe(vacuum),
      'backup: VACUUM INTO copy MB (page images copied besides)': `${(vacuum.bytes / 1048576).toFixed(0)} MB (${vacuum.images} images, ${(vacuum.totalMs / 1000).toFixed(1)} s in all)`,
      'backup: online backup API through another connection, under ingest': describe(apiOther),
      "backup: online backup API through the writers' own connection, under ingest": describe(apiOwn),
      'backup: with a small write every 5 ms from another connection, VACUUM INTO': `${(steady.vacuumMs / 1000).toFixed(1)} s`,
      'backup: with a small write every 5 ms from another connection, online backup API': steady.apiMs === null ? `did not finish in ${STEADY_GIVE_UP_MS / 1000} s (${steady.apiSteps} steps)` : `${(steady.apiMs / 1000).toFixed(1)} s (${steady.apiSteps} steps)`,
      'backup: restore of the VACUUM INTO copy, s': Number((vacuum.restoreMs / 1000).toFixed(1)),
      'backup: acknowledged pages and corrections missing after restore': vacuum.missing,
    };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

interface Run {
  finished: boolean;
  ms: number;
  totalMs: number;
  steps: number;
  bytes: number;
  images: number;
  pagesDuring: number;
  correctionsDuring: number;
  writesEndedFirst: boolean;
  restoreMs: number;
  missing: number;
  /** Database pages in the source file: what one full pass of the backup API copies. */
  filePages: number;
}

type Method = 'vacuumInto' | 'backupApiOther' | 'backupApiOwn';

async function underIngest(root: string, base: string, files: string[], method: Method): Promise<Run> {
  const dataDir = path.join(root, `run-${method}`);
  fs.cpSync(base, dataDir, { recursive: true });
  const db = openDatabase(dataDir);
  const reviewer = startReviewer(db);
  const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  const startPages = count('pages');
  let writing = true;
  const ingest = ingestFiles(files, { db, dataDir, source: 'cli' }).finally(() => (writing = false));
  while (writing && count('pages') < startPages + 3) await new Promise((r) => setTimeout(r, 20));
  const acknowledged = acknowledgedIn(db);
  const before = { pages: count('pages'), corrections: count('corrections') };
  const target = path.join(root, `copy-${method}`);
  const filePages = db.pragma('page_count', { simple: true }) as number;
  const run: Run = { finished: true, ms: 0, totalMs: 0, steps: 0, bytes: 0, images: 0, pagesDuring: 0, correctionsDuring: 0, writesEndedFirst: false, restoreMs: 0, missing: 0, filePages };
  const started = Date.now();
  if (method === 'vacuumInto') {
    const report = await backupDataDir(db, dataDir, target, 'vacuumInto');
    Object.assign(run, { ms: report.ms, totalMs: report.totalMs, bytes: report.bytes, images: report.images });
  } else {
    const source: Db = method === 'backupApiOwn' ? db : openDatabase(dataDir);
    fs.mkdirSync(target, { recursive: true });
    try {
      await source.backup(path.join(target, DB_FILE), {
        progress: () => {
          run.steps++;
          if (Date.now() - started > GIVE_UP_MS) throw new Error('gave up');
          return 100;
        },
      });
      run.ms = Date.now() - started;
      const check = await checkCopy(path.join(target, DB_FILE), ['pages']);
      if (check.integrity !== 'ok') throw new Error(`copy damaged: ${check.integrity}`);
    } catch {
      run.finished = false;
      run.ms = Date.now() - started;
    } finally {
      if (source !== db) source.close();
    }
  }
  run.writesEndedFirst = !writing;
  run.pagesDuring = count('pages') - before.pages;
  run.correctionsDuring = count('corrections') - before.corrections;
  await ingest;
  reviewer.stop();
  db.close();
  if (method === 'vacuumInto') {
    const restoredDir = path.join(root, 'restored');
    const t = Date.now();
    restoreBackup(target, restoredDir);
    run.restoreMs = Date.now() - t;
    const restored = openDatabase(restoredDir);
    const inCopy = acknowledgedIn(restored);
    restored.close();
    const pageKeys = new Set(inCopy.pages.map((p) => JSON.stringify(p)));
    const correctionKeys = new Set(inCopy.corrections.map((c) => JSON.stringify(c)));
    run.missing = acknowledged.pages.filter((p) => !pageKeys.has(JSON.stringify(p))).length + acknowledged.corrections.filter((c) => !correctionKeys.has(JSON.stringify(c))).length;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(target, { recursive: true, force: true });
  return run;
}

const STEADY_GIVE_UP_MS = 60_000;

/**
 * Both methods while another connection (a worker thread, as another process would be) commits a small row every
 * 5 ms: a steadier write load than an ingest, whose writes come in bursts between pages.
 */
async function underSteadyWrites(root: string, base: string): Promise<{ vacuumMs: number; apiMs: number | null; apiSteps: number }> {
  const dataDir = path.join(root, 'run-steady');
  fs.cpSync(base, dataDir, { recursive: true });
  const writer = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads');
     const Database = require(workerData.module);
     const db = new Database(workerData.file); db.pragma('busy_timeout = 10000');
     const add = db.prepare("INSERT INTO audit_events (actor, action) VALUES ('bench', 'write')");
     const timer = setInterval(() => add.run(), 5);
     parentPort.on('message', () => { clearInterval(timer); db.close(); process.exit(0); });`,
    { eval: true, workerData: { module: createRequire(import.meta.url).resolve('better-sqlite3'), file: path.join(dataDir, DB_FILE) } },
  );
  const db = openDatabase(dataDir);
  try {
    await new Promise((r) => setTimeout(r, 200));
    let started = Date.now();
    await backupDataDir(db, dataDir, path.join(root, 'steady-vacuum'), 'vacuumInto');
    const vacuumMs = Date.now() - started;
    let apiSteps = 0;
    started = Date.now();
    const apiMs = await db
      .backup(path.join(root, 'steady-api.sqlite'), {
        progress: () => {
          apiSteps++;
          if (Date.now() - started > STEADY_GIVE_UP_MS) throw new Error('gave up');
          return 100;
        },
      })
      .then(
        () => Date.now() - started,
        () => null,
      );
    return { vacuumMs, apiMs, apiSteps };
  } finally {
    writer.postMessage('stop');
    await new Promise((r) => writer.once('exit', r));
    db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The printed data folder with a province's volume in it: the batch ingested once, its pages (and their clips)
 * repeated as duplicates of other scan files until the database reaches TARGET_DB_MB. The files of the batch are
 * then unknown to it again, so the measured runs read them afresh.
 */
async function growDataFolder(printed: string, files: string[], base: string): Promise<void> {
  const seed = `${base}-seed`;
  fs.cpSync(printed, seed, { recursive: true });
  const seedDb = openDatabase(seed);
  await ingestFiles(files, { db: seedDb, dataDir: seed, source: 'cli' });
  const pages = seedDb.prepare(`SELECT id, serial, page_number, survey_id, layout_hash, read_json FROM pages WHERE outcome = 'read'`).all() as { id: number; serial: number; page_number: number; survey_id: string; layout_hash: string; read_json: string }[];
  const clipsOf = seedDb.prepare('SELECT question_id, cell, png FROM clips WHERE page_id = ?');
  const clips = new Map(pages.map((p) => [p.id, clipsOf.all(p.id) as { question_id: string; cell: number; png: Buffer }[]]));
  seedDb.close();
  fs.cpSync(printed, base, { recursive: true });
  const db = openDatabase(base);
  const addFile = db.prepare(`INSERT INTO scan_files (sha256, name, size, source, page_count, status) VALUES (?, ?, 1, 'cli', ?, 'done')`);
  const addPage = db.prepare(`INSERT INTO pages (file_sha256, page_index, outcome, serial, page_number, survey_id, layout_hash, read_json) VALUES (?, ?, 'duplicate', ?, ?, ?, ?, ?)`);
  const addClip = db.prepare('INSERT INTO clips (page_id, question_id, cell, png) VALUES (?, ?, ?, ?)');
  for (let copy = 0; fs.statSync(path.join(base, DB_FILE)).size < TARGET_DB_MB * 1048576; copy++) {
    db.transaction(() => {
      const sha = `bulk-${copy}`;
      addFile.run(sha, `${sha}.pdf`, pages.length);
      pages.forEach((p, i) => {
        const id = Number(addPage.run(sha, i, p.serial, p.page_number, p.survey_id, p.layout_hash, p.read_json).lastInsertRowid);
        for (const c of clips.get(p.id) ?? []) addClip.run(id, c.question_id, c.cell, c.png);
      });
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  }
  db.close();
  fs.rmSync(seed, { recursive: true, force: true });
}

runIfMain(import.meta, () => benchBackup());
