import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { demoRegisterCases, registerRows } from '../src/sampling/demoRegister.js';
import { openDatabase } from '../src/store/db.js';
import { importRegister } from '../src/planning/registerImport.js';
import { peakRssMb, runIfMain } from './harness.js';

const CASES = Number(process.env.BENCH_REGISTER_CASES ?? 200_000);
const offices = Array.from({ length: 40 }, (_, i) => ({ name: `UBND ${i % 3 === 0 ? 'huyện' : 'phường'} số ${i + 1}`, cases: [60, 450, 2500, 9000][i % 4] }));

/** The register as Excel saves it (shared strings), written row by row. */
async function writeRegister(file: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = workbook.addWorksheet('Sổ');
  for (const cells of registerRows(demoRegisterCases({ seed: 'bench', offices, cases: CASES }))) sheet.addRow(cells).commit();
  sheet.commit();
  await workbook.commit();
}

/**
 * Import of a 200,000-case register saved as XLSX. The file is written by a process of its own (the writer holds
 * the shared strings), so the peak memory is that of reading and importing it.
 */
export async function benchRegisterXlsx() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phieu-bench-register-xlsx-'));
  try {
    const file = path.join(dir, 'register.xlsx');
    const write = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'write', file], { stdio: 'inherit' });
    if (write.status !== 0) throw new Error(`writing the register failed (exit ${write.status})`);
    const rssBefore = Math.round(process.memoryUsage().rss / 1048576);
    const db = openDatabase(path.join(dir, 'data'));
    const started = performance.now();
    const report = await importRegister(db, file, { actor: 'bench' });
    const importMs = performance.now() - started;
    db.close();
    if (report.kept !== CASES || report.bad.length) throw new Error(`expected ${CASES} good rows, got ${report.kept} and ${report.bad.length} bad`);
    return {
      'register XLSX: rows': report.rowsRead,
      'register XLSX: file size MB': Number((fs.statSync(file).size / 1048576).toFixed(1)),
      'register XLSX: import s': Number((importMs / 1000).toFixed(2)),
      'register XLSX: RSS before import MB': rssBefore,
      'register XLSX: peak RSS MB': peakRssMb(),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'write') await writeRegister(process.argv[3]);
else runIfMain(import.meta, benchRegisterXlsx);
