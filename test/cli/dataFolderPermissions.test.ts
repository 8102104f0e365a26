import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { looseEntries } from '../../src/io/privateFiles.js';
import { openDatabase } from '../../src/store/db.js';
import { runPhieu } from '../support/cli.js';
import { fixturePath } from '../support/fixtures.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
const mode = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);
const BIN = path.resolve('bin/phieu.js');

/** phieu as an administrator's shell would start it, with the usual umask 022 (new files 0644). */
const underUmask022 = (args: string[]) => promisify(execFile)('sh', ['-c', 'umask 022; exec "$0" "$@"', process.execPath, BIN, ...args], { maxBuffer: 16 * 1024 * 1024 });

const umask = process.umask();
afterEach(() => void process.umask(umask));

describe('the data folder is the service user’s alone', () => {
  it('opens a new data folder 0700, its database with the -wal and -shm files 0600, under umask 022', () => {
    process.umask(0o022);
    const dataDir = path.join(tempDir(), 'du-lieu');
    const db = openDatabase(dataDir);
    db.prepare(`INSERT INTO audit_events (actor, action, detail_json) VALUES ('cli', 'test', '{}')`).run();
    const files = ['phieu.sqlite', 'phieu.sqlite-wal', 'phieu.sqlite-shm'].map((f) => path.join(dataDir, f));
    expect([mode(dataDir), ...files.map(mode)]).toEqual(['700', '600', '600', '600']);
    db.close();
  });

  it('writes every folder and file of a scan 0700 and 0600 when phieu runs under umask 022', async () => {
    const dataDir = path.join(tempDir(), 'du-lieu');
    await underUmask022(['--data', dataDir, 'scan', fixturePath('scanner-files', 'ricoh-g3.tif')]);
    expect(fs.readdirSync(path.join(dataDir, 'pages')).length).toBeGreaterThan(0);
    expect(looseEntries(dataDir)).toEqual([]);
  });

  it('is checked by phieu doctor, in Vietnamese, and put right by phieu doctor --repair', async () => {
    const dataDir = path.join(tempDir(), 'du-lieu');
    openDatabase(dataDir).close();
    fs.chmodSync(dataDir, 0o755);
    fs.chmodSync(path.join(dataDir, 'phieu.sqlite'), 0o644);
    const found = await runPhieu(['--data', dataDir, 'doctor']);
    expect(found.code).toBe(1);
    // Opened by doctor, the database's -wal and -shm take its mode too.
    expect(found.stdout).toMatch(/Lỗi Quyền truy cập thư mục dữ liệu: 4 thư mục và tệp người khác đọc được: thư mục dữ liệu \(755\), phieu\.sqlite \(644\)/);
    expect(found.stdout).toContain('phieu doctor --repair');

    const repaired = await runPhieu(['--data', dataDir, 'doctor', '--repair']);
    expect(repaired.stdout).toMatch(/Đạt +Quyền truy cập thư mục dữ liệu/);
    expect([mode(dataDir), mode(path.join(dataDir, 'phieu.sqlite'))]).toEqual(['700', '600']);
    expect(looseEntries(dataDir)).toEqual([]);
  });
});
