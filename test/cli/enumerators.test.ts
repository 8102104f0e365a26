import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { pdfPagesText } from '../support/pdfText.js';
import { runPhieu } from '../support/cli.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
const OFFICE = 'bo-phan-mot-cua-ubnd-thanh-pho-hue';

async function phieu(data: string, ...args: string[]) {
  const result = await runPhieu(['--data', data, '--json', ...args]);
  if (result.code !== 0) throw new Error(`phieu ${args.join(' ')}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** The ward or commune an address names, read here by its own words: what a postman would go by. */
const wardOf = (address: string) => /(phường|xã|thị trấn) [^,;]+/i.exec(address)?.[0].trim().toLowerCase() ?? '';

describe('phieu sample routes / list --enumerator / progress --by-enumerator / reprint', () => {
  it('splits an office’s list between enumerators, prints each one’s part, and counts their progress', async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const register = path.join(dir, 'so.csv');
    await phieu(data, 'register', 'demo', '--out', register, '--seed', 'tuyen', '--cases', '600');
    await phieu(data, 'register', 'import', register);
    await phieu(data, 'sample', 'draw', '--seed', 'tuyen');
    const routes = (await phieu(data, 'sample', 'routes', '--office', OFFICE, '--split', 'An, Bình,Chi')) as { route: string; people: number; enumerator: string }[];
    expect(routes.reduce((n, r) => n + r.people, 0)).toBe(100);
    expect(new Set(routes.map((r) => r.enumerator))).toEqual(new Set(['An', 'Bình', 'Chi']));

    // An's list holds exactly the people living on An's routes.
    const db = openDatabase(data);
    const people = db.prepare(`SELECT m.case_code AS caseCode, c.address FROM sample_members m JOIN register_cases c USING (case_code) WHERE m.office_code = ? AND m.in_sample = 1`).all(OFFICE) as { caseCode: string; address: string }[];
    db.close();
    const anWards = new Set(routes.filter((r) => r.enumerator === 'An').map((r) => wardOf(r.route)));
    const ansPeople = people.filter((p) => anWards.has(wardOf(p.address))).map((p) => p.caseCode);
    expect(ansPeople.length).toBeGreaterThan(0);
    const anPdf = path.join(dir, 'an.pdf');
    expect(await phieu(data, 'sample', 'list', '--office', OFFICE, '--enumerator', 'An', '--out', anPdf)).toEqual({ file: anPdf, rows: ansPeople.length });
    const anText = (await pdfPagesText(fs.readFileSync(anPdf))).join(' ');
    for (const p of people) expect(anText.includes(p.caseCode), p.caseCode).toBe(ansPeople.includes(p.caseCode));

    const progress = (await phieu(data, 'sample', 'progress', '--by-enumerator')) as { officeCode: string; enumerator: string | null; inSample: number }[];
    const office = progress.filter((p) => p.officeCode === OFFICE);
    expect(office.map((p) => p.enumerator)).toEqual(['An', 'Bình', 'Chi']);
    expect(office.find((p) => p.enumerator === 'An')?.inSample).toBe(ansPeople.length);
    expect(office.reduce((n, p) => n + p.inSample, 0)).toBe(100);

    const unknown = await runPhieu(['--data', data, 'sample', 'routes', '--office', OFFICE, '--assign', 'phường Không Có=An']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('không có tuyến "phường Không Có"');
  }, 240_000);

  it('reprints a lost form with the same serial, marked as a reprint, read back as that form; refused once the form came back', async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const printed = await phieu(data, 'print', '--survey', 'quick', '--blank', '2', '--out', path.join(dir, 'blank.pdf'));
    const serial = printed.firstSerial as number;
    const again = path.join(dir, 'again.pdf');
    expect(await phieu(data, 'reprint', String(serial), '--out', again, '--reason', 'mất khi phát')).toEqual({ file: again, serial, reprint: 1 });
    const text = (await pdfPagesText(fs.readFileSync(again))).join(' ').replace(/\s+/g, ' ');
    expect(text).toContain(`· In lại lần 1`);
    expect(text).toContain(String(serial).padStart(6, '0'));

    const scan = await runPhieu(['--data', data, 'scan', again]);
    expect(scan.code).toBe(0);
    const db = openDatabase(data);
    expect(db.prepare(`SELECT serial FROM pages WHERE outcome = 'read'`).all()).toEqual([{ serial }]);
    expect(db.prepare(`SELECT json_extract(detail_json, '$.reason') AS reason FROM audit_events WHERE action = 'form.reprint'`).all()).toEqual([{ reason: 'mất khi phát' }]);
    db.close();
    const refused = await runPhieu(['--data', data, 'reprint', String(serial), '--out', path.join(dir, 'third.pdf')]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`Không in lại phiếu số ${serial}: phiếu đã được thu về hoặc đã quét`);
    expect(fs.existsSync(path.join(dir, 'third.pdf'))).toBe(false);
  }, 240_000);
});
