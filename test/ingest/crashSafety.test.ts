import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { printedScans } from '../support/printedScans.js';
import { useTempDir } from '../support/tempDir.js';

const BIN = path.resolve('bin/phieu.js');
const tempDir = useTempDir();

const countPages = (dataDir: string) => {
  const db = openDatabase(dataDir);
  try {
    return (db.prepare('SELECT count(*) AS n FROM pages').get() as { n: number }).n;
  } catch {
    return 0;
  } finally {
    db.close();
  }
};

/**
 * Runs `phieu scan`; with `killAt`, sends SIGKILL once that many pages are stored in all, plus a jitter, so kills
 * land mid-batch whatever the machine's speed. Resolves with the exit code.
 */
function scan(dataDir: string, folder: string, killAt?: { pages: number; jitterMs: number }): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, '--data', dataDir, 'scan', folder], { stdio: 'ignore' });
    const timer = killAt
      ? setInterval(() => {
          if (countPages(dataDir) >= killAt.pages) {
            clearInterval(timer);
            setTimeout(() => child.kill('SIGKILL'), killAt.jitterMs);
          }
        }, 20)
      : undefined;
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve(code);
    });
  });
}

describe('ingest survives being killed', () => {
  it('loses nothing and duplicates nothing when kill -9 strikes at random moments, then completes on a rerun', async () => {
    const dataDir = tempDir();
    const scans = path.join(tempDir(), 'scans');
    const { files, serials } = await printedScans(dataDir, scans, 'one-stop', 30);
    // Seeded jitter after each target, so kills land in every phase of a page: decoding, reading, committing.
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const seenPartial: number[] = [];
    for (let round = 1; round <= 8; round++) {
      const target = Math.min(files.length - 1, Math.round((round * files.length) / 10));
      await scan(dataDir, scans, { pages: target, jitterMs: Math.floor(random() * 60) });
      const stored = countPages(dataDir);
      if (stored > 0 && stored < files.length) seenPartial.push(stored);
    }
    // The kills must really have landed mid-batch, or this test proves nothing.
    expect(seenPartial.length).toBeGreaterThan(0);
    expect(await scan(dataDir, scans)).toBe(0);

    const db = openDatabase(dataDir);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const pages = db.prepare('SELECT outcome, serial FROM pages ORDER BY serial').all() as { outcome: string; serial: number }[];
    expect(pages).toHaveLength(files.length);
    expect(pages.every((p) => p.outcome === 'read')).toBe(true);
    expect(pages.map((p) => p.serial)).toEqual(serials);
    expect(db.prepare("SELECT count(*) AS n FROM scan_files WHERE status = 'done'").get()).toEqual({ n: files.length });
    const doubled = db.prepare('SELECT page_id, question_id, count(*) AS n FROM review_items GROUP BY page_id, question_id HAVING n > 1').all();
    expect(doubled).toEqual([]);
    const clipsPerPage = db.prepare('SELECT page_id, count(*) AS n FROM clips GROUP BY page_id').all() as { n: number }[];
    expect(new Set(clipsPerPage.map((c) => c.n)).size).toBe(1);
    db.close();
  }, 240_000);
});
