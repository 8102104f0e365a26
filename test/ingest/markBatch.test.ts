import { describe, expect, it } from 'vitest';
import { ingestFiles } from '../../src/ingest/ingestFiles.js';
import { openDatabase } from '../../src/store/db.js';
import { markBatches } from '../../src/store/markCuts.js';
import { printedScans } from '../support/printedScans.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

describe('scan runs as mark batches', () => {
  it('puts the files one run reads for the first time in one batch with its label, and files read again in none', async () => {
    const dataDir = tempDir();
    const { files } = await printedScans(dataDir, tempDir(), 'quick', 3);
    const db = openDatabase(dataDir);
    await ingestFiles(files.slice(0, 2), { db, dataDir, source: 'cli', batch: 'Bưu cục Phú Hội' });
    await ingestFiles(files, { db, dataDir, source: 'cli' });
    const batches = markBatches(db);
    expect(batches.map((b) => ({ label: b.label, files: b.files, pages: b.pages }))).toEqual([
      { label: null, files: 1, pages: 1 },
      { label: 'Bưu cục Phú Hội', files: 2, pages: 2 },
    ]);
    // Three pages are too few boxes to show a batch's paper: the default stays, with nothing written.
    expect(batches.map((b) => b.cut)).toEqual([null, null]);
  });
});
