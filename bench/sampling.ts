import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { demoRegisterCases, registerCsvLines } from '../src/sampling/demoRegister.js';
import { openDatabase } from '../src/store/db.js';
import { drawAndStore } from '../src/planning/draw.js';
import { importRegister } from '../src/planning/registerImport.js';
import { peakRssMb, runIfMain } from './harness.js';

const CASES = 200_000;

/**
 * Import and draw of a 200,000-case register (a province's year) from a CSV as the one-stop system exports it. The
 * register is written to disk as it is generated, so the peak memory is that of the import and the draw.
 */
export async function benchSampling() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phieu-bench-sampling-'));
  try {
    // 40 offices over every tier: communes with a few dozen cases up to a city one-stop desk with thousands.
    const offices = Array.from({ length: 40 }, (_, i) => ({ name: `UBND ${i % 3 === 0 ? 'huyện' : 'phường'} số ${i + 1}`, cases: [60, 450, 2500, 9000][i % 4] }));
    const file = path.join(dir, 'register.csv');
    await pipeline(Readable.from(registerCsvLines(demoRegisterCases({ seed: 'bench', offices, cases: CASES }))), fs.createWriteStream(file));
    const rssBefore = Math.round(process.memoryUsage().rss / 1048576);
    const db = openDatabase(path.join(dir, 'data'));
    let started = performance.now();
    const report = await importRegister(db, file, { actor: 'bench' });
    const importMs = performance.now() - started;
    started = performance.now();
    const { offices: drawn } = drawAndStore(db, { seed: 'bench', reserveShare: 0.2, actor: 'bench' });
    const drawMs = performance.now() - started;
    db.close();
    if (report.kept !== CASES || report.bad.length) throw new Error(`expected ${CASES} good rows, got ${report.kept} and ${report.bad.length} bad`);
    return {
      'sampling: register rows (CSV)': report.rowsRead,
      'sampling: file size MB': Number((fs.statSync(file).size / 1048576).toFixed(1)),
      'sampling: import s': Number((importMs / 1000).toFixed(2)),
      'sampling: import rows/s': Math.round(report.rowsRead / (importMs / 1000)),
      'sampling: draw s (40 offices)': Number((drawMs / 1000).toFixed(2)),
      'sampling: drawn official + reserve': drawn.reduce((n, o) => n + o.official.length + o.reserve.length, 0),
      'sampling: RSS before import MB': rssBefore,
      'sampling: peak RSS MB': peakRssMb(),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runIfMain(import.meta, benchSampling);
