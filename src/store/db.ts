import path from 'node:path';
import Database from 'better-sqlite3';
import { makePrivateDir, touchPrivateFile } from '../io/privateFiles.js';
import { PhieuError } from '../errors/errorTable.js';
import { MIGRATIONS, type Migration } from './migrations.js';

export type Db = Database.Database;

export const DB_FILE = 'phieu.sqlite';

/**
 * Opens (creating if needed) the data folder's database and brings its schema up to date. A database written by a
 * newer phieu is refused rather than guessed at. A new folder and database are the service user's alone (0700, 0600).
 */
export function openDatabase(dataDir: string, migrations = MIGRATIONS): Db {
  makePrivateDir(dataDir);
  const file = path.join(dataDir, DB_FILE);
  touchPrivateFile(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 10000');
  keepCopyBeforeMigrating(db, dataDir, migrations);
  migrate(db, migrations);
  return db;
}

export function migrate(db: Db, migrations = MIGRATIONS): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    db.close();
    throw new PhieuError('databaseTooNew', { version: current, known: latest });
  }
  for (const migration of migrations.filter((m) => m.version > current)) {
    db.transaction(() => {
      // Another process starting at the same moment may have applied it while we waited for the write lock.
      if ((db.pragma('user_version', { simple: true }) as number) >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

/**
 * Before a database with data in it is brought up to a newer schema, a copy of it as it was is kept in
 * `backups/before-v<N>-<time>.sqlite`: a migration runs in a transaction and cannot half-apply, but a mistake in a
 * correct-looking migration should still never cost data.
 */
function keepCopyBeforeMigrating(db: Db, dataDir: string, migrations: Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current === 0 || current >= latest) return;
  const dir = path.join(dataDir, 'backups');
  makePrivateDir(dir);
  db.prepare('VACUUM INTO ?').run(path.join(dir, `before-v${latest}-${new Date().toISOString().replace(/[:.]/g, '-')}.sqlite`));
}

export function audit(db: Db, actor: string, action: string, detail: Record<string, unknown> = {}): void {
  db.prepare('INSERT INTO audit_events (actor, action, detail_json) VALUES (?, ?, ?)').run(actor, action, JSON.stringify(detail));
}
