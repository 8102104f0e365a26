import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../support/fixtures.js';
import { childrenOf } from '../../bench/harness.js';
import { useTempDir } from '../support/tempDir.js';
import { wantsTunedMalloc } from '../../src/runtime/tunedMalloc.js';

const tempDir = useTempDir();
const BIN = fileURLToPath(new URL('../../bin/phieu.js', import.meta.url));

/** Running, not gone nor a zombie waiting for its parent to collect it. */
function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

async function until<T>(what: () => T | undefined, ms = 60_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    const found = what();
    if (found !== undefined) return found;
  }
  throw new Error('waited in vain');
}

describe.runIf(process.platform === 'linux')('phieu scan with the malloc ingest needs', () => {
  it('reads pages in a process whose malloc keeps two arenas, though nobody set MALLOC_* variables', async () => {
    const env = { ...process.env };
    delete env.MALLOC_ARENA_MAX;
    delete env.MALLOC_MMAP_THRESHOLD_;
    const scan = spawn(process.execPath, [BIN, '--data', path.join(tempDir(), 'data'), 'scan', fixturePath('scanner-files', 'unknown-scanner-5pages-g4.tif')], { env, stdio: 'ignore' });
    const reader = await until(() => childrenOf(scan.pid!).find((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('scan')));
    const environ = fs.readFileSync(`/proc/${reader}/environ`, 'utf8').split('\0');
    expect(environ).toEqual(expect.arrayContaining(['MALLOC_ARENA_MAX=2', 'MALLOC_MMAP_THRESHOLD_=131072']));
    expect(await new Promise((resolve) => scan.on('exit', resolve))).toBe(0);
  }, 120_000);

  it('leaves no process reading or writing once phieu scan is killed with kill -9', async () => {
    const scan = spawn(process.execPath, [BIN, '--data', path.join(tempDir(), 'data'), 'scan', fixturePath('scanner-files', 'sharp-mx-m753u-6pages-g4.tif')], { stdio: 'ignore' });
    const reader = await until(() => childrenOf(scan.pid!)[0]);
    scan.kill('SIGKILL');
    await until(() => (alive(reader) ? undefined : true), 30_000);
    expect(alive(reader)).toBe(false);
  }, 120_000);
});

describe('the phieu command (bin/phieu)', () => {
  it('reads pages in the one process it starts, its malloc keeping two arenas, though nobody set MALLOC_* variables', async () => {
    const env = { ...process.env };
    delete env.MALLOC_ARENA_MAX;
    delete env.MALLOC_MMAP_THRESHOLD_;
    const scan = spawn(fileURLToPath(new URL('../../bin/phieu', import.meta.url)), ['--data', path.join(tempDir(), 'data'), 'scan', fixturePath('scanner-files', 'sharp-mx-m753u-6pages-g4.tif')], { env, stdio: 'ignore' });
    // The shell gives its place to node: the process started is the one reading, with the settings, and no child of it is phieu.
    await until(() => (fs.readFileSync(`/proc/${scan.pid}/cmdline`, 'utf8').includes('phieu.js') ? true : undefined));
    const environ = fs.readFileSync(`/proc/${scan.pid}/environ`, 'utf8').split('\0');
    expect(environ).toEqual(expect.arrayContaining(['MALLOC_ARENA_MAX=2', 'MALLOC_MMAP_THRESHOLD_=131072']));
    expect(childrenOf(scan.pid!).filter((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('phieu'))).toEqual([]);
    expect(await new Promise((resolve) => scan.on('exit', resolve))).toBe(0);
  }, 120_000);
});

describe('which commands start again with the tuned malloc', () => {
  it('takes the command from the first word that is not an option or the data folder', () => {
    expect(wantsTunedMalloc(['--data', '/srv/phieu', 'scan', 'a.pdf'], {}, 'linux')).toBe(true);
    expect(wantsTunedMalloc(['--json', 'start'], {}, 'linux')).toBe(true);
    expect(wantsTunedMalloc(['--data', 'scan', 'review', 'stats'], {}, 'linux')).toBe(false);
    expect(wantsTunedMalloc(['review', 'note', 'start'], {}, 'linux')).toBe(false);
    expect(wantsTunedMalloc(['scan', 'a.pdf'], { MALLOC_ARENA_MAX: '4' }, 'linux')).toBe(false);
  });
});
