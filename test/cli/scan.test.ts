import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PDFDocument } from '@cantoo/pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { packScanFile } from '../../tools/scangen/encode.js';
import Database from 'better-sqlite3';
import { DB_FILE, openDatabase } from '../../src/store/db.js';
import { printedScans, printedScansPdf } from '../support/printedScans.js';
import { BIN, runPhieu } from '../support/cli.js';
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

/** Pages stored so far, read beside a running phieu without touching its database (0 while it is being created). */
const storedPageCount = (dataDir: string) => {
  const file = path.join(dataDir, DB_FILE);
  if (!fs.existsSync(file)) return 0;
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM pages').get() as { n: number }).n;
  } catch {
    return 0;
  } finally {
    db.close();
  }
};

describe('phieu scan with a file longer than a batch should be', () => {
  it('refuses a PDF of more pages than the limit before reading any, naming its page count and the limit', async () => {
    const dataDir = tempDir();
    const batch = tempDir();
    const doc = await PDFDocument.create();
    for (let i = 0; i < 501; i++) doc.addPage([595, 842]);
    fs.writeFileSync(path.join(batch, 'ca-ngay.pdf'), await doc.save());
    const small = await PDFDocument.create();
    for (let i = 0; i < 3; i++) small.addPage([595, 842]);
    fs.writeFileSync(path.join(batch, 'ba-trang.pdf'), await small.save());

    const run = await phieu(['--data', dataDir, '--json', 'scan', path.join(batch, 'ca-ngay.pdf')]);
    expect(run.code).not.toBe(0);
    const summary = JSON.parse(run.stdout) as { files: { status: string; reason?: string }[]; pages: number };
    expect(summary.files).toEqual([expect.objectContaining({ status: 'rejected', reason: expect.stringMatching(/^tệp có 501 trang, vượt giới hạn 500 trang một tệp/) })]);
    expect(summary.pages).toBe(0);
    expect(storedPageCount(dataDir)).toBe(0);

    // A lower limit for one run, from the command line.
    const limited = await phieu(['--data', dataDir, 'scan', '--max-pages', '2', path.join(batch, 'ba-trang.pdf')]);
    expect(limited.code).not.toBe(0);
    expect(limited.stdout).toMatch(/ba-trang\.pdf: tệp có 3 trang, vượt giới hạn 2 trang một tệp/);
    expect(storedPageCount(dataDir)).toBe(0);
  }, 120_000);

  it('stops at Ctrl-C with every page it read stored whole, and a second run reads the rest: each page stored exactly once', async () => {
    const dataDir = tempDir();
    const { file, serials } = await printedScansPdf(dataDir, tempDir(), 8);
    const child = spawn(process.execPath, [BIN, '--data', dataDir, 'scan', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // 'close', not 'exit': the process may have exited before its output has all been read.
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // Interrupted once the first page is stored: mid-file, with other pages being read.
    while (storedPageCount(dataDir) === 0) {
      if (child.exitCode !== null) throw new Error(`phieu scan ended before it was interrupted: ${stderr}`);
      await sleep(100);
    }
    child.kill('SIGINT');
    const code = await exited;
    expect(code).toBe(1);
    expect(stderr).toMatch(/Đang dừng/);
    expect(stdout).toMatch(/Đã dừng theo yêu cầu \(Ctrl-C\)/);

    const db = openDatabase(dataDir);
    const stored = db.prepare('SELECT page_index AS pageIndex, outcome, image_file AS imageFile FROM pages ORDER BY page_index').all() as { pageIndex: number; outcome: string; imageFile: string }[];
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length).toBeLessThan(8);
    // Each page stored is whole: read, with its image on disk (a page is one transaction, its image written first).
    for (const page of stored) {
      expect(page.outcome).toBe('read');
      expect(fs.existsSync(path.join(dataDir, page.imageFile))).toBe(true);
    }
    expect(db.prepare('SELECT status FROM scan_files').all()).toEqual([{ status: 'processing' }]);
    db.close();

    const again = await phieu(['--data', dataDir, '--json', 'scan', file]);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as { pages: number }).pages).toBe(8 - stored.length);
    const after = openDatabase(dataDir);
    expect(after.prepare('SELECT page_index AS pageIndex, COUNT(*) AS n FROM pages GROUP BY page_index ORDER BY page_index').all()).toEqual(
      Array.from({ length: 8 }, (_, pageIndex) => ({ pageIndex, n: 1 })),
    );
    expect(after.prepare("SELECT serial FROM pages WHERE outcome = 'read' ORDER BY serial").all()).toEqual(serials.map((serial) => ({ serial })));
    expect(after.prepare('SELECT status FROM scan_files').all()).toEqual([{ status: 'done' }]);
    after.close();
  }, 600_000);
});
