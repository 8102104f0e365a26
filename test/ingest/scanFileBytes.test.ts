import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openScan } from '../../src/ingest/decode.js';
import { readScanFile, scanFileSource } from '../../src/ingest/scanFileBytes.js';
import { seededRandom } from '../../src/sampling/random.js';
import { packScanFile } from '../../tools/scangen/encode.js';
import { blankPaper } from '../../tools/scangen/faults.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

describe('reading a scan file whole', () => {
  it('gives back exactly its bytes, whatever its size', () => {
    const dir = tempDir();
    for (const size of [0, 1, 65_536, 200_001]) {
      const bytes = Buffer.alloc(size);
      for (let i = 0; i < size; i++) bytes[i] = (i * 31 + 7) & 0xff;
      const file = path.join(dir, `${size}.pdf`);
      fs.writeFileSync(file, bytes);
      const read = readScanFile(file);
      expect(read.length).toBe(size);
      expect(read.equals(bytes)).toBe(true);
      expect(readScanFile(file, 3, Math.max(0, size - 5)).equals(bytes.subarray(3, size - 2))).toBe(true);
    }
  });
});

/** Two pages of noise a scanner would not compress away, so each page's image is a large stream of the PDF. */
async function twoPagePdf(): Promise<{ file: string; pages: Uint8Array[] }> {
  const pages = [1, 2].map((seed) => {
    const random = seededRandom(`trang ${seed}`);
    const page = blankPaper(1200, 900);
    for (let i = 0; i < page.data.length; i++) page.data[i] = 128 + Math.floor(random() * 128);
    return page;
  });
  const file = path.join(tempDir(), 'hai-trang.pdf');
  fs.writeFileSync(file, await packScanFile(pages.map((image) => ({ image, pixelsPerPoint: 2 })), { kind: 'png', flate: { colour: 'gray' } }, 'pdf'));
  return { file, pages: pages.map((p) => p.data) };
}

describe('an open PDF read from its file', () => {
  it('decodes each page image from the file, keeping none of the bytes it was opened with', async () => {
    const { file, pages } = await twoPagePdf();
    const bytes = readScanFile(file);
    const scan = await openScan(bytes, undefined, scanFileSource(file));
    bytes.fill(0);
    for (const [index, expected] of pages.entries()) {
      const { image, via } = await scan.decodePage(index);
      expect(via).toBe('FlateDecode');
      expect(Buffer.from(image.data).equals(Buffer.from(expected))).toBe(true);
    }
  });

  it('refuses a page once the file has changed since it was opened, naming the file', async () => {
    const { file } = await twoPagePdf();
    const scan = await openScan(readScanFile(file), undefined, scanFileSource(file));
    fs.appendFileSync(file, '% thêm\n');
    await expect(scan.decodePage(1)).rejects.toThrow(/tệp hai-trang\.pdf đã bị thay đổi trong lúc đọc/);
  });
});
