import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { checkMigrationSequence, MIGRATIONS } from '../../src/store/migrations.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

describe('schema migrations at start-up', () => {
  it('bring a database at every earlier version up to the current one, its rows kept', () => {
    const latest = MIGRATIONS.at(-1)!.version;
    for (let version = 1; version < latest; version++) {
      const dir = tempDir();
      const old = openDatabase(dir, MIGRATIONS.filter((m) => m.version <= version));
      expect(old.pragma('user_version', { simple: true })).toBe(version);
      old.prepare(`INSERT INTO audit_events (actor, action) VALUES ('admin', ?)`).run(`at v${version}`);
      old.close();
      const db = openDatabase(dir);
      expect(db.pragma('user_version', { simple: true })).toBe(latest);
      expect(db.prepare('SELECT action FROM audit_events').all()).toEqual([{ action: `at v${version}` }]);
      db.close();
    }
  });

  it('are numbered one after another from 1, and a list with a gap is refused', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, index) => index + 1));
    const gapped = MIGRATIONS.filter((m) => m.version !== 3);
    expect(() => checkMigrationSequence(gapped)).toThrow(/cần bước 3, gặp bước 4/);
  });

  it('bring a database of an earlier phieu up to date with its rows kept, after keeping a copy of it as it was', () => {
    const dir = tempDir();
    const old = openDatabase(dir, MIGRATIONS.filter((m) => m.version <= 6));
    expect(old.pragma('user_version', { simple: true })).toBe(6);
    old.prepare(`INSERT INTO offices (code, name, level) VALUES ('ubnd-phuong-phu-hoi', 'UBND phường Phú Hội', 'xã')`).run();
    old.prepare(`INSERT INTO audit_events (actor, action) VALUES ('admin', 'login')`).run();
    old.close();

    const db = openDatabase(dir);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    expect(db.prepare('SELECT name FROM offices').all()).toEqual([{ name: 'UBND phường Phú Hội' }]);
    expect(db.prepare('SELECT actor, action FROM audit_events').all()).toEqual([{ actor: 'admin', action: 'login' }]);
    db.close();
    const copies = fs.readdirSync(path.join(dir, 'backups')).filter((n) => n.startsWith(`before-v${MIGRATIONS.at(-1)!.version}-`));
    expect(copies).toHaveLength(1);
    const copy = new Database(path.join(dir, 'backups', copies[0]), { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(6);
    expect(copy.prepare('SELECT COUNT(*) AS n FROM offices').get()).toEqual({ n: 1 });
    copy.close();

    // Opening an up-to-date database again migrates nothing and copies nothing.
    openDatabase(dir).close();
    expect(fs.readdirSync(path.join(dir, 'backups'))).toHaveLength(1);
  });

  it('puts the review items of written text stored before the two queues into the transcription queue, and the rest into counting', () => {
    const dir = tempDir();
    const old = openDatabase(dir, MIGRATIONS.filter((m) => m.version <= 7));
    old.prepare(`INSERT INTO scan_files (sha256, name, size, source, status) VALUES ('s', 'a.pdf', 1, 'cli', 'done')`).run();
    const fields = [
      { questionId: 'overall', kind: 'scale', value: [], boxes: [], reasons: ['marginalMark'] },
      { questionId: 'comment', kind: 'text', value: null, reasons: ['handwriting'] },
      { questionId: 'phone', kind: 'digits', value: null, reasons: ['handwriting'] },
    ];
    old.prepare(`INSERT INTO pages (id, file_sha256, page_index, outcome, serial, page_number, survey_id, layout_hash, read_json) VALUES (1, 's', 0, 'read', 7, 1, 'sipas', 'h', ?)`).run(JSON.stringify({ kind: 'read', fields }));
    old.prepare(`INSERT INTO pages (id, file_sha256, page_index, outcome, read_json) VALUES (2, 's', 1, 'unreadable', '{"kind":"unreadable"}')`).run();
    for (const f of fields) old.prepare(`INSERT INTO review_items (page_id, serial, question_id, reason) VALUES (1, 7, ?, ?)`).run(f.questionId, f.reasons[0]);
    old.prepare(`INSERT INTO review_items (page_id, serial, question_id, reason) VALUES (2, NULL, NULL, 'unreadable')`).run();
    old.close();

    const db = openDatabase(dir);
    expect(db.prepare('SELECT question_id AS questionId, queue FROM review_items ORDER BY id').all()).toEqual([
      { questionId: 'overall', queue: 'counting' },
      { questionId: 'comment', queue: 'transcription' },
      { questionId: 'phone', queue: 'counting' },
      { questionId: null, queue: 'counting' },
    ]);
    db.close();
  });

  it('names the scans received over HTTP before by the names their senders gave, not by their hash', () => {
    const dir = tempDir();
    const old = openDatabase(dir, MIGRATIONS.filter((m) => m.version <= 9));
    const hash = 'ab'.repeat(32);
    old.prepare(`INSERT INTO uploads (stored_name, original_name, size, format, sha256, uploaded_by, status) VALUES (?, 'lo-1/phieu 3.pdf', 1, 'pdf', ?, 'admin', 'done')`).run(`${hash}.pdf`, hash);
    old.prepare(`INSERT INTO scan_files (sha256, name, size, source, status) VALUES (?, ?, 1, 'upload', 'done')`).run(hash, `${hash}.pdf`);
    old.prepare(`INSERT INTO scan_files (sha256, name, size, source, status) VALUES ('cd', 'quet-0001.tif', 1, 'hotFolder', 'done')`).run();
    old.close();

    const db = openDatabase(dir);
    expect(db.prepare('SELECT name FROM scan_files ORDER BY name').all()).toEqual([{ name: 'lo-1/phieu 3.pdf' }, { name: 'quet-0001.tif' }]);
    db.close();
  });

  it('make a new database without keeping a copy of the empty one', () => {
    const dir = tempDir();
    openDatabase(dir).close();
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
  });
});
