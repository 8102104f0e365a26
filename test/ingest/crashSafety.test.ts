import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { printedScans } from '../support/printedScans.js';
import { useTempDir } from '../support/tempDir.js';

const BIN = path.resolve('bin/phieu.js');
const tempDir = useTempDir();

/** Runs `phieu scan`, killing it with SIGKILL after `killAfterMs` (if given); resolves with its exit code. */
function scan(dataDir: string, folder: string, killAfterMs?: number): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, '--data', dataDir, 'scan', folder], { stdio: 'ignore' });
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('ingest survives being killed', () => {
  it('loses nothing and duplicates nothing when kill -9 strikes at random moments, then completes on a rerun', async () => {
    const dataDir = tempDir();
    const scans = path.join(tempDir(), 'scans');
    const { files, serials } = await printedScans(dataDir, scans, 'one-stop', 40);
    // Seeded delays spread from start-up to mid-batch, so kills land in every phase.
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const seenPartial: number[] = [];
    for (let round = 0; round < 8; round++) {
      await scan(dataDir, scans, 700 + Math.floor(random() * 1500));
      const db = openDatabase(dataDir);
      const stored = (db.prepare('SELECT count(*) AS n FROM pages').get() as { n: number }).n;
      db.close();
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
