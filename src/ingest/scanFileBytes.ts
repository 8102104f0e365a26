import fs from 'node:fs';

/**
 * Reads a whole scan file into memory that V8 maps for it and unmaps when it is collected, not memory from glibc's
 * malloc: freeing a block that large would raise malloc's mmap and trim thresholds to it, after which every thread's
 * arena keeps tens of megabytes of freed page images (bench/ingest: Flate PDFs of 15–40 MB).
 */
export function readScanFile(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(size / 65_536)) });
    const bytes = Buffer.from(memory.buffer, 0, size);
    let read = 0;
    for (let n = 1; read < size && n > 0; read += n) n = fs.readSync(fd, bytes, read, size - read, read);
    return bytes.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}
