import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandPaths, ingestFiles } from '../../src/ingest/ingestFiles.js';
import { openDatabase } from '../../src/store/db.js';
import { fixturePath } from '../support/fixtures.js';
import { useTempDir } from '../support/tempDir.js';

const REAL = fixturePath('scanner-files');
const tempDir = useTempDir();

describe('ingest of real scanner and copier files (none of them our forms)', () => {
  it('ends every page of every file with a clear result, refuses the bomb and the encrypted PDF, and adds nothing when run again', async () => {
    const dataDir = tempDir();
    const db = openDatabase(dataDir);
    const files = expandPaths([REAL]);
    const first = await ingestFiles(files, { db, dataDir, source: 'cli' });

    const byName = Object.fromEntries(first.files.map((f) => [path.basename(f.file), f]));
    expect(byName['encrypted.pdf']).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/mật khẩu/) });
    expect(first.outcomes.read ?? 0).toBe(0);
    const bomb = first.problems.find((p) => p.file === 'huge-35000x35000-ccitt.pdf');
    expect(bomb).toMatchObject({ outcome: 'refused', reason: expect.stringMatching(/35000 × 35000 điểm ảnh, vượt giới hạn/) });
    // Every page ends as one of the clear non-form outcomes, with a reason naming the page.
    const pages = db.prepare('SELECT f.name, p.page_index, p.outcome, p.reason FROM pages p JOIN scan_files f ON f.sha256 = p.file_sha256').all() as { name: string; outcome: string; reason: string | null }[];
    const expectedPages = first.files.reduce((n, f) => n + f.pages, 0);
    expect(pages).toHaveLength(expectedPages);
    for (const page of pages) expect(['unreadable', 'refused', 'notOurForm', 'blank']).toContain(page.outcome);
    expect(db.prepare("SELECT count(*) AS n FROM scan_files WHERE status = 'processing'").get()).toEqual({ n: 0 });

    const second = await ingestFiles(files, { db, dataDir, source: 'cli' });
    expect(second.pages).toBe(0);
    expect(second.files.every((f) => f.status === 'alreadyDone')).toBe(true);
    expect(db.prepare('SELECT count(*) AS n FROM pages').get()).toEqual({ n: expectedPages });
    db.close();
  });
});
