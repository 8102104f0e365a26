import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

describe('schema migrations at start-up', () => {
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

  it('make a new database without keeping a copy of the empty one', () => {
    const dir = tempDir();
    openDatabase(dir).close();
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
  });
});
