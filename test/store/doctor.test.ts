import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateSecret, loadOrCreateSessionKey } from '../../src/io/secret.js';
import { backupIntoDataDir, saveBackupSchedule } from '../../src/store/backupSchedule.js';
import { openDatabase } from '../../src/store/db.js';
import { diagnose, type Check } from '../../src/store/doctor.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
const byName = (checks: Check[]) => Object.fromEntries(checks.map((c) => [c.name, c]));

describe('phieu doctor', () => {
  it('finds a missing QR secret, pending work and a file stuck in the hot folder, and says what to do', () => {
    const dataDir = tempDir();
    const hot = tempDir();
    const db = openDatabase(dataDir);
    fs.writeFileSync(path.join(hot, 'old.pdf'), 'x');
    const old = new Date(Date.now() - 60 * 60 * 1000);
    fs.utimesSync(path.join(hot, 'old.pdf'), old, old);
    db.prepare(`INSERT INTO scan_files (sha256, name, size, source, status) VALUES ('a', 'lo-03.pdf', 1, 'cli', 'processing')`).run();
    db.prepare(`INSERT INTO uploads (stored_name, original_name, size, format, uploaded_by) VALUES ('x', 'lo-04.pdf', 1, 'pdf', 'quetphieu')`).run();
    const checks = byName(diagnose(db, dataDir, hot));
    expect(checks.database).toMatchObject({ ok: true, label: 'Cơ sở dữ liệu' });
    expect(checks['secret.key']).toMatchObject({ ok: false, advice: expect.stringMatching(/khôi phục secret.key từ bản sao lưu/) });
    expect(checks['session.key']).toMatchObject({ ok: true, detail: expect.stringMatching(/sẽ được tạo/) });
    expect(checks['unfinished scans']).toMatchObject({ ok: false, detail: expect.stringContaining('lo-03.pdf') });
    expect(checks.uploads.detail).toMatch(/^1 tệp chờ đọc/);
    expect(checks['hot folder']).toMatchObject({ ok: false, detail: expect.stringContaining('old.pdf') });
    expect(checks.backup).toMatchObject({ ok: false, advice: expect.stringMatching(/bật sao lưu theo lịch/) });
    db.close();
  });

  it('wants both keys readable by their owner only, and a recent backup', async () => {
    const dataDir = tempDir();
    loadOrCreateSecret(dataDir);
    loadOrCreateSessionKey(dataDir);
    for (const key of ['secret.key', 'session.key']) expect(fs.statSync(path.join(dataDir, key)).mode & 0o777).toBe(0o600);
    const db = openDatabase(dataDir);
    saveBackupSchedule(db, { everyHours: 6, keep: 3 }, 'admin');
    await backupIntoDataDir(db, dataDir, { actor: 'admin' });
    let checks = byName(diagnose(db, dataDir));
    expect(checks['secret.key'].ok && checks['session.key'].ok && checks.backup.ok).toBe(true);
    expect(checks.backup.detail).toMatch(/6 giờ một lần, giữ 3 bản/);

    fs.chmodSync(path.join(dataDir, 'session.key'), 0o644);
    checks = byName(diagnose(db, dataDir, undefined, Date.now() + 13 * 3600 * 1000));
    expect(checks['session.key']).toMatchObject({ ok: false, advice: `chmod 600 ${path.join(dataDir, 'session.key')}` });
    expect(checks.backup).toMatchObject({ ok: false, advice: expect.stringMatching(/không thành công/) });
    db.close();
  });
});
