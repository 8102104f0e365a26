import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { pdfPagesText } from '../support/pdfText.js';
import { personalDataFixture, WRITERS } from '../support/personalData.js';
import { useTempDir } from '../support/tempDir.js';

const run = promisify(execFile);
const BIN = path.resolve('bin/phieu.js');
const tempDir = useTempDir();

const phieu = (data: string, args: string[]) => run(process.execPath, [BIN, '--data', data, ...args], { maxBuffer: 64 * 1024 * 1024 });

/** Text a file holds as a person would read it: XLSX cells, PDF text, or the bytes themselves for CSV and JSON. */
async function readable(file: string): Promise<string> {
  const bytes = fs.readFileSync(file);
  if (file.endsWith('.pdf')) return (await pdfPagesText(bytes)).join('\n');
  if (file.endsWith('.xlsx')) {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const cells: string[] = [];
    book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text)))));
    return cells.join('\n');
  }
  return bytes.toString('utf8');
}

describe('reports and exports carry no name or phone number', () => {
  it('leave out every name, phone number, ID number and address of the fixture in each report format and the default export; --personal puts them in and is audited', async () => {
    const data = tempDir();
    const out = tempDir();
    const fixture = await personalDataFixture(data, { resolve: true });
    fixture.db.close();
    // Phone numbers as they might be written: 0905…, and without the leading 0 (+84 905…).
    const forbidden = [...fixture.names, ...fixture.addresses, ...fixture.phones, ...fixture.phones.map((p) => p.slice(1))];

    const written: string[] = [];
    for (const survey of ['sipas', 'one-stop']) {
      for (const format of ['csv', 'json', 'xlsx', 'pdf']) {
        const file = path.join(out, `bao-cao-${survey}.${format}`);
        await phieu(data, ['report', '--survey', survey, '--format', format, '--out', file]);
        written.push(file);
      }
    }
    for (const format of ['csv', 'json']) {
      const file = path.join(out, `xuat.${format}`);
      await phieu(data, ['export', '--format', format, '--out', file]);
      written.push(file);
    }
    for (const file of written) {
      expect(fs.statSync(file).size, file).toBeGreaterThan(200);
      const text = await readable(file);
      expect(forbidden.filter((v) => text.includes(v) || fs.readFileSync(file).includes(Buffer.from(v))), path.basename(file)).toEqual([]);
    }
    // The export is not empty of answers: the questions about the service are all there.
    const exported = JSON.parse(fs.readFileSync(path.join(out, 'xuat.json'), 'utf8')) as { serial: number; answers: Record<string, unknown> }[];
    const oneStopForm = exported.find((f) => f.serial === fixture.oneStop.serials[0])!;
    expect(Object.keys(oneStopForm.answers)).toEqual(expect.arrayContaining(['result_satisfaction', 'staff_satisfaction', 'other_comments']));
    expect(Object.keys(oneStopForm.answers)).not.toContain('phone');

    const personalFile = path.join(out, 'xuat-ca-nhan.csv');
    await phieu(data, ['export', '--format', 'csv', '--personal', '--actor', 'kehoach', '--out', personalFile]);
    const personal = fs.readFileSync(personalFile, 'utf8');
    expect(personal).toContain(WRITERS[0].phone);
    expect(personal).toContain(WRITERS[0].name);
    const db = openDatabase(data);
    const audits = db.prepare(`SELECT actor, action, detail_json FROM audit_events WHERE action LIKE 'export%' ORDER BY id`).all() as { actor: string; action: string; detail_json: string }[];
    db.close();
    expect(audits.map((a) => [a.actor, a.action])).toEqual([
      ['cli', 'export'],
      ['cli', 'export'],
      ['kehoach', 'export.personal'],
    ]);
    expect(JSON.parse(audits[2].detail_json)).toMatchObject({ file: 'xuat-ca-nhan.csv', personalRows: expect.any(Number) });
    // Each report format is a phieu process of its own: close to a minute on a busy two-core machine.
  }, 180_000);
});
