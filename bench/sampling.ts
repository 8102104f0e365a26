import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateDemoRegister, registerCsv } from '../src/sampling/demoRegister.js';
import { DEFAULT_TIERS } from '../src/sampling/tiers.js';
import { openDatabase } from '../src/store/db.js';
import { drawAndStore, importRegister } from '../src/store/sampling.js';
import { peakRssMb, runIfMain } from './harness.js';

/** Import and draw of a 200,000-case register (a province's year) from a CSV as the one-stop system exports it. */
export async function benchSampling() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phieu-bench-sampling-'));
  try {
    const offices = Array.from({ length: 40 }, (_, i) => ({ name: `UBND ${i % 3 === 0 ? 'huyện' : 'phường'} số ${i + 1}`, cases: [60, 450, 2500, 9000][i % 4] * 2 }));
    const total = offices.reduce((n, o) => n + o.cases, 0);
    const scaled = offices.map((o) => ({ ...o, cases: Math.round((o.cases * 200_000) / total) }));
    const cases = generateDemoRegister({ seed: 'bench', offices: scaled });
    const file = path.join(dir, 'register.csv');
    fs.writeFileSync(file, registerCsv(cases));
    const db = openDatabase(path.join(dir, 'data'));
    let started = performance.now();
    const report = await importRegister(db, file, { actor: 'bench' });
    const importMs = performance.now() - started;
    started = performance.now();
    const { offices: drawn } = drawAndStore(db, { seed: 'bench', reserveShare: 0.2, tiers: DEFAULT_TIERS, actor: 'bench' });
    const drawMs = performance.now() - started;
    db.close();
    return {
      'sampling: register rows (CSV)': report.rowsRead,
      'sampling: file size MB': (fs.statSync(file).size / 1048576).toFixed(1),
      'sampling: import s': (importMs / 1000).toFixed(2),
      'sampling: import rows/s': Math.round(report.rowsRead / (importMs / 1000)),
      'sampling: draw s (40 offices)': (drawMs / 1000).toFixed(2),
      'sampling: drawn official + reserve': drawn.reduce((n, o) => n + o.official.length + o.reserve.length, 0),
      'sampling: peak RSS MB': peakRssMb(),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runIfMain(import.meta, benchSampling);
