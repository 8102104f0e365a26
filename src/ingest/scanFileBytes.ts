import fs from 'node:fs';
import path from 'node:path';
import type { ScanFileSource } from './decode.js';

/**
 * Reads a whole scan file into memory that V8 maps for it and unmaps when it is collected, not memory from glibc's
 * malloc: freeing a block that large would raise malloc's mmap and trim thresholds to it, after which every thread's
 * arena keeps tens of megabytes of freed page images (bench/ingest: Flate PDFs of 15–40 MB).
 */
export function readScanFile(file: string, offset = 0, length?: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const size = length ?? fs.fstatSync(fd).size - offset;
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(size / 65_536)) });
    const bytes = Buffer.from(memory.buffer, 0, size);
    let read = 0;
    for (let n = 1; read < size && n > 0; read += n) n = fs.readSync(fd, bytes, read, size - read, offset + read);
    return bytes.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The file as an open scan reads it again (see openScan), refused once it has changed since it was opened; `changed`
 * tells a worker keeping it open that the file was written again (the same upload sent anew) and must be reopened.
 */
export function scanFileSource(file: string): ScanFileSource & { changed(): boolean } {
  const opened = fs.statSync(file);
  const changed = () => {
    const now = fs.statSync(file, { throwIfNoEntry: false });
    return !now || now.size !== opened.size || now.mtimeMs !== opened.mtimeMs;
  };
  const unchanged = () => {
    if (changed()) throw new Error(`tệp ${path.basename(file)} đã bị thay đổi trong lúc đọc`);
  };
  return {
    changed,
    read: (offset, length) => {
      unchanged();
      return readScanFile(file, offset, length);
    },
    readAll: () => {
      unchanged();
      return readScanFile(file);
    },
  };
}
