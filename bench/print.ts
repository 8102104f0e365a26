import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSurveyDefinition } from '../src/io/surveyFiles.js';
import { layoutForm } from '../src/layout/layoutForm.js';
import { printForms } from '../src/print/printForms.js';
import { peakRssMb, runIfMain, type Figures } from './harness.js';

/** A 10,000-copy print run of the two-page SIPAS form, streamed to a file. */
export async function benchPrint(copies = Number(process.env.BENCH_PRINT_COPIES ?? 10_000)): Promise<Figures> {
  const layout = layoutForm(loadSurveyDefinition('sipas'));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'phieu-bench-')), 'run.pdf');
  const started = performance.now();
  await printForms(
    layout,
    Array.from({ length: copies }, (_, i) => ({ serial: i + 1, values: { office: 'UBND phường Phú Hội', name: `Người thứ ${i + 1}` } })),
    fs.createWriteStream(file),
    { secret: Buffer.alloc(32, 9) },
  );
  const seconds = (performance.now() - started) / 1000;
  const bytes = fs.statSync(file).size;
  fs.rmSync(path.dirname(file), { recursive: true });
  return {
    'print: copies': copies,
    'print: pages': copies * layout.pages.length,
    'print: seconds': Number(seconds.toFixed(1)),
    'print: pages/s': Math.round((copies * layout.pages.length) / seconds),
    'print: PDF MB': Number((bytes / 1048576).toFixed(1)),
    'print: peak RSS MB': peakRssMb(),
  };
}

runIfMain(import.meta, () => benchPrint());
