import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface CopyCheck {
  integrity: string;
  counts: Record<string, number>;
}

/**
 * Runs in a worker thread with its own connection, so a long VACUUM INTO or integrity check never stalls the web
 * server's event loop. Plain CommonJS (an eval'd worker cannot load TypeScript); better-sqlite3 is passed in by path.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const { op, source, target, tables } = workerData;
try {
  if (op === 'vacuumInto') {
    const db = new Database(source, { fileMustExist: true });
    db.pragma('busy_timeout = 10000');
    try { db.prepare('VACUUM INTO ?').run(target); } finally { db.close(); }
  }
  const copy = new Database(target, { readonly: true, fileMustExist: true });
  try {
    const integrity = String(copy.pragma('integrity_check', { simple: true }));
    const present = new Set(copy.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name));
    const counts = {};
    for (const t of tables) if (present.has(t)) counts[t] = copy.prepare('SELECT count(*) AS n FROM ' + t).get().n;
    parentPort.postMessage({ ok: true, integrity, counts });
  } finally { copy.close(); }
} catch (error) {
  parentPort.postMessage({ ok: false, message: error.message });
}
`;

const BETTER_SQLITE3 = createRequire(import.meta.url).resolve('better-sqlite3');

function run(workerData: { op: 'vacuumInto' | 'check'; source?: string; target: string; tables: readonly string[] }): Promise<CopyCheck> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ...workerData, module: BETTER_SQLITE3 } });
    worker.once('message', (m: { ok: true; integrity: string; counts: Record<string, number> } | { ok: false; message: string }) => {
      if (m.ok) resolve({ integrity: m.integrity, counts: m.counts });
      else reject(new Error(m.message));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`backup worker exited with ${code}`)));
  });
}

/**
 * VACUUM INTO from a connection of its own: one read transaction, so it sees one moment of the database and finishes
 * however much is written meanwhile (the online backup API, fed by another connection's writes, starts over on every
 * write and may never finish — measured in bench/backup.ts). Then checks the copy.
 */
export function vacuumIntoAndCheck(source: string, target: string, tables: readonly string[]): Promise<CopyCheck> {
  return run({ op: 'vacuumInto', source, target, tables });
}

/** integrity_check and row counts of a database copy, off the main thread. */
export function checkCopy(target: string, tables: readonly string[]): Promise<CopyCheck> {
  return run({ op: 'check', target, tables });
}
