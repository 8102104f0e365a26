import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { sampleListCsv, sampleListXlsx, recheckCsv } from '../../src/io/sampleListFiles.js';
import { tableCsv } from '../../src/io/csvTable.js';
import { reportTableCsv } from '../../src/report/csvReport.js';
import { writeReportXlsx } from '../../src/report/xlsxReport.js';
import { buildReport, mergeResults } from '../../src/results/buildReport.js';
import type { SampleListHeader } from '../../src/sampling/sampleList.js';
import { sampleListRow } from '../support/sampleListRows.js';
import { fixtureInput } from '../results/fixture.js';
import { runPhieu } from '../support/cli.js';
import { personalDataFixture } from '../support/personalData.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

/** What an attacker puts in a register, a typed answer or a scan's file name, one per way a formula can start. */
const HOSTILE = ["-2+3+cmd|' /C calc'!A0", '=HYPERLINK("http://x","bấm")', '+84 cmd', '@SUM(1+1)', '\t=1+1', '\r=1+1'];
const FORMULA_START = /^[=+\-@\t\r]/;

// A negative number written as a number is read back as one, not as a formula.
const formulas = (cells: unknown[]) => cells.filter((c) => typeof c === 'string' && FORMULA_START.test(c) && !/^-\d+(\.\d+)?$/.test(c));
const csvCells = (csv: string) => (parse(csv, { bom: true, relax_column_count: true }) as string[][]).flat();

async function xlsxCells(bytes: Buffer): Promise<unknown[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(new Uint8Array(bytes).buffer);
  const cells: unknown[] = [];
  book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell.value))));
  return cells;
}

const header: SampleListHeader = { drawId: 1, officeCode: 'x', officeName: HOSTILE[1], seed: HOSTILE[0], drawnAt: '2025-04-02T08:00:00.000Z', cases: 10, required: 5, short: false };
const member = (i: number, text: string) => sampleListRow(i, { caseCode: text, name: text, phone: '0905000001', address: text, procedure: text });
const members = HOSTILE.map((text, i) => member(i + 1, text));

describe('cells that start like a formula', () => {
  it('are text with a leading apostrophe in every CSV writer: sample list, re-check list, report tables', () => {
    const csvs = {
      sampleList: sampleListCsv(members),
      sampleListByRoute: sampleListCsv(members, { byRoute: true }),
      recheck: recheckCsv(HOSTILE.map((text, i) => ({ serial: i + 1, phone: '0905000001', caseCode: text, name: text, officeName: text, outcome: null, recordedAt: null }))),
      table: [...tableCsv(HOSTILE, [HOSTILE, [-2, 3, null, ...HOSTILE]])].join(''),
      reportTable: reportTableCsv({ id: 'office', title: 't', columns: HOSTILE.map((h) => ({ header: h, kind: 'text', width: 5 })), rows: [HOSTILE] }),
    };
    for (const [name, csv] of Object.entries(csvs)) {
      const cells = csvCells(csv);
      expect(formulas(cells), name).toEqual([]);
      expect(cells, name).toContain(`'${HOSTILE[0]}`);
    }
    // A number is still a number.
    expect(csvCells(csvs.table)).toContain('-2');
  });

  it('are text with a leading apostrophe in every XLSX writer: the sample list and the report workbook', async () => {
    const sampleList = await xlsxCells(await sampleListXlsx(header, members, { byRoute: true }));
    expect(formulas(sampleList)).toEqual([]);
    expect(sampleList).toContain(`'${HOSTILE[0]}`);

    const outcomes = mergeResults(fixtureInput);
    const chunks: Buffer[] = [];
    const out = new PassThrough().on('data', (c: Buffer) => chunks.push(c));
    await writeReportXlsx(buildReport(fixtureInput, {}, outcomes), { header: ['Mã phiếu', ...HOSTILE], rows: [[-2, ...HOSTILE]] }, out);
    const report = await xlsxCells(Buffer.concat(chunks));
    expect(formulas(report)).toEqual([]);
    expect(report).toContain(`'${HOSTILE[2]}`);
    expect(report).toContain(-2);
  });

  it('are text in `phieu export --format csv`, where a scan file name and typed answers reach', async () => {
    const data = tempDir();
    const fixture = await personalDataFixture(data, { resolve: true });
    fixture.db.prepare('UPDATE scan_files SET name = ?').run(`${HOSTILE[0]}.pdf`);
    fixture.db.prepare(`INSERT INTO corrections (serial, question_id, value_json, reviewer) VALUES (?, 'other_comments', ?, 'nhaplieu')`).run(fixture.oneStop.serials[0], JSON.stringify(HOSTILE[1]));
    fixture.db.close();
    const file = path.join(tempDir(), 'xuat.csv');
    expect((await runPhieu(['--data', data, 'export', '--format', 'csv', '--out', file])).code).toBe(0);
    const cells = csvCells(fs.readFileSync(file, 'utf8'));
    expect(formulas(cells)).toEqual([]);
    expect(cells).toContain(`'${HOSTILE[0]}.pdf`);
  });
});
