import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readScanFile } from '../../src/ingest/scanFileBytes.js';
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
    }
  });
});
