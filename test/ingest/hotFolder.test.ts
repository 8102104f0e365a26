import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HotFolder } from '../../src/ingest/hotFolder.js';
import { openDatabase } from '../../src/store/db.js';
import { fixturePath } from '../support/fixtures.js';
import { printedScans } from '../support/printedScans.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

describe('the hot folder', () => {
  it('reads a file once it stops growing, archives it, and rejects an unreadable one with a note saying why', async () => {
    const dataDir = tempDir();
    const hot = tempDir();
    const made = tempDir();
    const { files } = await printedScans(dataDir, made, 'quick', 1);
    fs.copyFileSync(files[0], path.join(hot, 'phieu-01.png'));
    fs.copyFileSync(fixturePath('scanner-files', 'encrypted.pdf'), path.join(hot, 'khoa.pdf'));
    fs.writeFileSync(path.join(hot, 'dang-chep.pdf.part'), 'still copying');

    const db = openDatabase(dataDir);
    const folder = new HotFolder(hot, { db, dataDir });
    // First look: sizes are noted, nothing is read while a file may still be growing.
    expect(await folder.poll()).toEqual([]);
    const events = await folder.poll();
    expect(events.map((e) => [path.basename(e.file), e.status]).sort()).toEqual([
      ['khoa.pdf', 'rejected'],
      ['phieu-01.png', 'archived'],
    ]);
    expect(fs.existsSync(path.join(hot, 'archive', 'phieu-01.png'))).toBe(true);
    expect(fs.readFileSync(path.join(hot, 'rejected', 'khoa.pdf.txt'), 'utf8')).toMatch(/khoa\.pdf: tệp PDF có mật khẩu/);
    expect(folder.pending().map((f) => path.basename(f))).toEqual([]);
    expect(fs.existsSync(path.join(hot, 'dang-chep.pdf.part'))).toBe(true);
    expect(db.prepare("SELECT outcome FROM pages").all()).toEqual([{ outcome: 'read' }]);

    // The same scan dropped again is archived without being read twice.
    fs.copyFileSync(files[0], path.join(hot, 'phieu-01.png'));
    const again = await folder.poll(true);
    expect(again[0]).toMatchObject({ status: 'archived', summary: { pages: 0 } });
    expect(fs.existsSync(path.join(hot, 'archive', 'phieu-01 (2).png'))).toBe(true);
    expect(db.prepare('SELECT count(*) AS n FROM pages').get()).toEqual({ n: 1 });
    db.close();
  }, 60_000);
});

describe('the hot folder with a damaged file between good ones', () => {
  it('reads the good files, moves the damaged one to rejected/ once with the reason beside it, and does not try it again', async () => {
    const dataDir = tempDir();
    const hot = tempDir();
    const { files, serials } = await printedScans(dataDir, tempDir(), 'quick', 2);
    fs.copyFileSync(files[0], path.join(hot, '01-tot.png'));
    // It starts like a PDF, but its catalog has no page tree.
    fs.writeFileSync(path.join(hot, '02-hong.pdf'), '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
    fs.copyFileSync(files[1], path.join(hot, '03-tot.png'));

    const db = openDatabase(dataDir);
    const seen: string[] = [];
    const folder = new HotFolder(hot, { db, dataDir }, (event) => seen.push(`${path.basename(event.file)} ${event.status}`));
    const events = await folder.poll(true);
    expect(events.map((e) => [path.basename(e.file), e.status])).toEqual([
      ['01-tot.png', 'archived'],
      ['02-hong.pdf', 'rejected'],
      ['03-tot.png', 'archived'],
    ]);
    expect(fs.readdirSync(path.join(hot, 'rejected')).sort()).toEqual(['02-hong.pdf', '02-hong.pdf.txt']);
    expect(fs.readFileSync(path.join(hot, 'rejected', '02-hong.pdf.txt'), 'utf8')).toMatch(/^02-hong\.pdf: tệp PDF bị hỏng/);
    expect(db.prepare("SELECT serial FROM pages WHERE outcome = 'read' ORDER BY serial").all()).toEqual(serials.map((serial) => ({ serial })));

    // Later passes find nothing more to do: the damaged file is not tried again.
    expect(await folder.poll(true)).toEqual([]);
    expect(await folder.poll(true)).toEqual([]);
    expect(seen).toEqual(['01-tot.png archived', '02-hong.pdf rejected', '03-tot.png archived']);
    db.close();
  }, 60_000);
});

describe('original reads', () => {
  it('cannot be updated once stored', async () => {
    const dataDir = tempDir();
    const { files } = await printedScans(dataDir, tempDir(), 'quick', 1);
    const db = openDatabase(dataDir);
    const folder = new HotFolder(path.dirname(files[0]), { db, dataDir });
    await folder.poll(true);
    expect(() => db.prepare("UPDATE pages SET read_json = '{}'").run()).toThrow(/original reads are never updated/);
    db.close();
  }, 60_000);
});
