import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { packScanFile } from '../../tools/scangen/encode.js';
import { openDatabase } from '../../src/store/db.js';
import { printedScans } from '../support/printedScans.js';
import { runPhieu } from '../support/cli.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

const phieu = (args: string[]) => runPhieu(args);

/** A PDF whose catalog has no page tree: it starts like a PDF and breaks as soon as its pages are asked for. */
const NO_PAGE_TREE = '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n';

describe('phieu scan with a damaged file in the batch', () => {
  it('reads every good file around the damaged ones, names each damaged file and why in Vietnamese, and exits non-zero', async () => {
    const dataDir = tempDir();
    const made = tempDir();
    const batch = tempDir();
    const { files, serials } = await printedScans(dataDir, made, 'quick', 3);
    fs.copyFileSync(files[0], path.join(batch, '01-tot.png'));
    fs.writeFileSync(path.join(batch, '02-hong.pdf'), NO_PAGE_TREE);
    // A scanner's PDF cut off half-way (an interrupted copy).
    const image = await sharp(files[1]).raw().toBuffer({ resolveWithObject: true });
    const pdf = await packScanFile([{ image: { data: image.data, width: image.info.width, height: image.info.height }, pixelsPerPoint: 300 / 72 }], { kind: 'jpeg', quality: 80 }, 'pdf');
    fs.writeFileSync(path.join(batch, '03-dut.pdf'), pdf.subarray(0, Math.floor(pdf.length / 2)));
    fs.writeFileSync(path.join(batch, '04-rac.pdf'), Buffer.from('%PDF-1.7\n\u0000\u0001garbage that is no PDF at all'));
    fs.copyFileSync(files[2], path.join(batch, '05-tot.png'));

    const first = await phieu(['--data', dataDir, '--json', 'scan', batch]);
    expect(first.code).not.toBe(0);
    const summary = JSON.parse(first.stdout) as { files: { file: string; status: string; reason?: string }[]; outcomes: Record<string, number> };
    const byName = Object.fromEntries(summary.files.map((f) => [path.basename(f.file), f]));
    expect(byName['01-tot.png'].status).toBe('done');
    expect(byName['05-tot.png'].status).toBe('done');
    for (const damaged of ['02-hong.pdf', '03-dut.pdf', '04-rac.pdf']) expect(byName[damaged]).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/PDF|trang/) });
    expect(byName['02-hong.pdf'].reason).toMatch(/hỏng/);
    expect(summary.outcomes).toEqual({ read: 2 });

    const db = openDatabase(dataDir);
    expect(db.prepare("SELECT name, status FROM scan_files ORDER BY name").all()).toEqual([
      { name: '01-tot.png', status: 'done' },
      { name: '02-hong.pdf', status: 'rejected' },
      { name: '03-dut.pdf', status: 'rejected' },
      { name: '04-rac.pdf', status: 'rejected' },
      { name: '05-tot.png', status: 'done' },
    ]);
    expect(db.prepare("SELECT serial FROM pages WHERE outcome = 'read' ORDER BY serial").all()).toEqual([{ serial: serials[0] }, { serial: serials[2] }]);
    db.close();

    // Run again, as a clerk would: nothing is read twice, and the failures are still named with their reasons.
    const again = await phieu(['--data', dataDir, 'scan', batch]);
    expect(again.code).not.toBe(0);
    for (const damaged of ['02-hong.pdf', '03-dut.pdf', '04-rac.pdf']) expect(again.stdout).toMatch(new RegExp(`${damaged}: \\S`));
    expect(again.stdout).toMatch(/3 tệp không đọc được/);
  }, 120_000);
});
