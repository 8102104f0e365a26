import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { restoreBackup } from '../../src/store/backup.js';
import { openDatabase } from '../../src/store/db.js';
import { acknowledgedIn, backupDuringIngest, printedAndFilledIn } from '../support/backupUnderIngest.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

describe('a backup taken during a running ingest', () => {
  it('restores into a fresh folder with every page and correction acknowledged before it, their images, and nothing half-written', { timeout: 300_000 }, async () => {
    const root = tempDir();
    const { dataDir, files, pages } = await printedAndFilledIn(root, { quick: 14, 'one-stop': 6, sipas: 2 });
    const run = await backupDuringIngest(dataDir, files, path.join(tempDir(), 'sao-luu'), { startAfterPages: 4 });
    // The backup really overlapped the ingest and the reviewing: both went on writing while it ran and after.
    expect(run.ingest.pages).toBe(pages);
    expect(run.pagesAtStart).toBeLessThan(pages);
    const final = openDatabase(dataDir);
    const everything = acknowledgedIn(final);
    final.close();
    expect(everything.pages.length).toBeGreaterThan(run.pagesAtStart);
    expect(everything.corrections.length).toBeGreaterThan(run.acknowledged.corrections.length);

    const restoredDir = path.join(tempDir(), 'khoi-phuc');
    const counts = restoreBackup(run.backup.dir, restoredDir);
    expect(counts).toEqual(run.backup.counts);
    const restored = openDatabase(restoredDir);
    expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
    const inBackup = acknowledgedIn(restored);
    // Every acknowledged page and correction is there, exactly as it was written…
    expect(inBackup.pages).toEqual(expect.arrayContaining(run.acknowledged.pages));
    expect(inBackup.corrections).toEqual(expect.arrayContaining(run.acknowledged.corrections));
    // …and nothing is there that the live database does not hold the same way (one consistent moment).
    expect(everything.pages).toEqual(expect.arrayContaining(inBackup.pages));
    expect(everything.corrections).toEqual(expect.arrayContaining(inBackup.corrections));
    for (const page of inBackup.pages) if (page.image_file) expect(fs.existsSync(path.join(restoredDir, page.image_file)), page.image_file).toBe(true);
    // A file the backup holds as done has all its pages in it.
    const done = restored.prepare(`SELECT sha256, page_count AS pageCount, (SELECT COUNT(*) FROM pages p WHERE p.file_sha256 = sha256) AS stored FROM scan_files WHERE status = 'done'`).all() as { pageCount: number; stored: number }[];
    for (const file of done) expect(file.stored).toBe(file.pageCount);
    // The restored folder is a working data folder: the same secret, and a form's pages still read back.
    expect(fs.readFileSync(path.join(restoredDir, 'secret.key'), 'utf8')).toBe(fs.readFileSync(path.join(dataDir, 'secret.key'), 'utf8'));
    restored.close();

    process.stdout.write(
      `backup during ingest (${run.backup.method}): ${run.backup.ms} ms for the database, ${run.backup.totalMs} ms in all, ` +
        `${(run.backup.bytes / 1048576).toFixed(1)} MB, ${run.backup.images} page images; pages ${run.pagesAtStart} → ${run.pagesWhenDone} → ${everything.pages.length}, ` +
        `corrections ${run.acknowledged.corrections.length} → ${run.correctionsWhenDone} → ${everything.corrections.length}\n`,
    );
  });
});
