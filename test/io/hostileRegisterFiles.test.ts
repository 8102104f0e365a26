import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { writeXlsxStream } from 'hucre/xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoRegister, registerRows } from '../../src/sampling/demoRegister.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { PhieuError } from '../../src/errors/errorTable.js';
import { importRegister } from '../../src/planning/registerImport.js';
import { mutations, zipDeclaredSizes, type Mutation } from '../support/hostileFiles.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
const CASE_GUARD_MS = 30_000;
const GIGABYTE = 1024 ** 3;
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùý]/i;

interface Source {
  name: string;
  bytes: Uint8Array;
}
const sources: Source[] = [];

beforeAll(async () => {
  const sourceDir = tempDir();
  const rows = [...registerRows(generateDemoRegister({ seed: 'hostile', cases: 300 }))];
  const shared = path.join(sourceDir, 'shared.xlsx');
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: shared, useSharedStrings: true });
  const sheet = writer.addWorksheet('Sổ');
  for (const cells of rows) sheet.addRow(cells).commit();
  sheet.commit();
  await writer.commit();
  const inline = path.join(sourceDir, 'inline.xlsx');
  await pipeline(Readable.fromWeb(writeXlsxStream(rows, { name: 'Sổ' }) as import('node:stream/web').ReadableStream), fs.createWriteStream(inline));
  const csv = rows.map((cells) => cells.map((c) => `"${String(c).replaceAll('"', '""')}"`).join(',')).join('\r\n');
  sources.push(
    { name: 'shared.xlsx', bytes: fs.readFileSync(shared) },
    { name: 'inline.xlsx', bytes: fs.readFileSync(inline) },
    { name: 'utf8.csv', bytes: Buffer.from(`\ufeff${csv}`) },
    { name: 'utf16.csv', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]) },
  );
}, 120_000);

const hostileRegister = () =>
  fc.integer({ min: 0, max: 1_000 }).chain((pick) => {
    const source = sources[pick % sources.length];
    return mutations(source.name.endsWith('.xlsx') ? zipDeclaredSizes : undefined).map((mutation: Mutation) => ({ source, mutation }));
  });

/** Imports as the planner does: rows read (good or bad, each with its reason) or a refusal naming the file. */
async function importAsPlannerDoes(db: Db, file: string): Promise<string> {
  const outcome = importRegister(db, file, { actor: 'test' }).then(
    (report) => `${report.rowsRead} rows, ${report.bad.length} bad`,
    (error: Error) => {
      if (!(error instanceof PhieuError)) throw error;
      if (!error.message.startsWith(`${path.basename(file)}: `) || !VIETNAMESE.test(error.message)) throw error;
      return `refused: ${error.message}`;
    },
  );
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no outcome within ${CASE_GUARD_MS / 1000} s`)), CASE_GUARD_MS)));
  return Promise.race([outcome, guard]).finally(() => clearTimeout(timer));
}

describe('hostile register files', () => {
  it('end in rows read or a Vietnamese refusal naming the file when XLSX and CSV registers are cut, flipped or declare wrong sizes', async () => {
    const dir = tempDir();
    const db = openDatabase(path.join(dir, 'data'));
    try {
      await fc.assert(
        fc.asyncProperty(hostileRegister(), async ({ source, mutation }) => {
          const file = path.join(dir, `so-${source.name}`);
          fs.writeFileSync(file, mutation.apply(source.bytes));
          const outcome = await importAsPlannerDoes(db, file);
          if (process.env.SHOWFUZZ) console.log(source.name, mutation.describe, '→', outcome.slice(0, 160));
          expect(outcome).toMatch(/^(\d+ rows|refused)/);
        }),
        { seed: 18_3_2, numRuns: 150, endOnFailure: true },
      );
    } finally {
      db.close();
    }
    expect(process.resourceUsage().maxRSS * 1024).toBeLessThan(GIGABYTE);
  }, 300_000);
});
