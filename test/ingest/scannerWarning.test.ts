import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFiles } from '../../src/ingest/ingestFiles.js';
import { PAGE } from '../../src/layout/pageGeometry.js';
import { packScanFile, type Container, type PageEncoding } from '../../tools/scangen/encode.js';
import { blankPaper } from '../../tools/scangen/faults.js';
import { openDatabase } from '../../src/store/db.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

async function scanFile(dir: string, name: string, dpi: number, encoding: PageEncoding, container: Container): Promise<string> {
  const page = { image: blankPaper(Math.round((PAGE.width * dpi) / 72), Math.round((PAGE.height * dpi) / 72)), pixelsPerPoint: dpi / 72 };
  const file = path.join(dir, name);
  fs.writeFileSync(file, await packScanFile([page], encoding, container));
  return file;
}

describe('scanner settings that lose marks', () => {
  it('warns at scan time, in Vietnamese, about files scanned bilevel under 300 dpi, naming them and the setting to change', async () => {
    const dataDir = tempDir();
    const scans = tempDir();
    const bilevel200 = await scanFile(scans, 'den-trang-200.tif', 200, { kind: 'g4', threshold: 150 }, 'tiff');
    const bilevel300 = await scanFile(scans, 'den-trang-300.tif', 300, { kind: 'g4', threshold: 150 }, 'tiff');
    const grey200 = await scanFile(scans, 'xam-200.jpg', 200, { kind: 'jpeg', quality: 80 }, 'jpeg');
    const db = openDatabase(dataDir);
    try {
      const mixed = await ingestFiles([bilevel200, bilevel300, grey200], { db, dataDir, source: 'cli' });
      expect(mixed.warnings).toHaveLength(1);
      expect(mixed.warnings[0]).toContain('den-trang-200.tif');
      expect(mixed.warnings[0]).toContain('200 dpi');
      expect(mixed.warnings[0]).toContain('thang xám (grayscale), 300 dpi');
      expect(mixed.warnings[0]).not.toContain('den-trang-300.tif');
      expect(mixed.warnings[0]).not.toContain('xam-200.jpg');

      const fine = await ingestFiles([await scanFile(scans, 'den-trang-300-b.tif', 300, { kind: 'g4', threshold: 140 }, 'tiff')], { db, dataDir, source: 'cli' });
      expect(fine.warnings).toEqual([]);
    } finally {
      db.close();
    }
  });
});
