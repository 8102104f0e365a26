import { audit, type Db } from './db.js';

/** Accounts, their sessions and the scanning stations' tokens: the rows only; hashing and policies are the server's. */

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: string;
  active: number;
  password_hash: string;
}

export function userRowByName(db: Db, username: string): UserRow | undefined {
  return db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
}

export function userRowById(db: Db, id: number): UserRow | undefined {
  return db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
}

export function userRows(db: Db): UserRow[] {
  return db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[];
}

export function userCount(db: Db): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
}

export function insertUser(db: Db, user: { username: string; displayName: string; role: string; passwordHash: string }, actor: string): number {
  const { lastInsertRowid } = db
    .prepare('INSERT INTO users (username, display_name, role, password_hash) VALUES (?, ?, ?, ?)')
    .run(user.username, user.displayName, user.role, user.passwordHash);
  audit(db, actor, 'user.create', { username: user.username, role: user.role });
  return Number(lastInsertRowid);
}

/** Changes what is given; a new password, a new role or a disabled account also ends every session of that user. */
export function updateUserRow(db: Db, id: number, change: { role?: string; active?: boolean; passwordHash?: string; displayName?: string }, actor: string): void {
  db.transaction(() => {
    db.prepare(
      `UPDATE users SET role = COALESCE(?, role), active = COALESCE(?, active), password_hash = COALESCE(?, password_hash), display_name = COALESCE(?, display_name) WHERE id = ?`,
    ).run(change.role ?? null, change.active === undefined ? null : Number(change.active), change.passwordHash ?? null, change.displayName ?? null, id);
    if (change.passwordHash || change.active === false || change.role) db.prepare('DELETE FROM sessions WHERE user_id = ?').run(id);
    audit(db, actor, 'user.update', { id, role: change.role, active: change.active, passwordChanged: Boolean(change.passwordHash) });
  })();
}

export interface SessionRow {
  userId: number | null;
  csrfToken: string;
  createdMs: number;
  lastSeenMs: number;
}

export function insertSession(db: Db, session: { idHash: string; userId: number; csrfToken: string }, now: number): void {
  db.prepare('INSERT INTO sessions (id_hash, user_id, csrf_token, created_ms, last_seen_ms) VALUES (?, ?, ?, ?, ?)').run(session.idHash, session.userId, session.csrfToken, now, now);
}

export function sessionRow(db: Db, idHash: string): SessionRow | undefined {
  return db.prepare('SELECT user_id AS userId, csrf_token AS csrfToken, created_ms AS createdMs, last_seen_ms AS lastSeenMs FROM sessions WHERE id_hash = ?').get(idHash) as
    | SessionRow
    | undefined;
}

export function touchSession(db: Db, idHash: string, now: number): void {
  db.prepare('UPDATE sessions SET last_seen_ms = ? WHERE id_hash = ?').run(now, idHash);
}

export function deleteSession(db: Db, idHash: string): void {
  db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
}

/** Sessions unused since `idleBefore` or begun before `createdBefore`. */
export function deleteSessionsBefore(db: Db, idleBefore: number, createdBefore: number): void {
  db.prepare('DELETE FROM sessions WHERE last_seen_ms < ? OR created_ms < ?').run(idleBefore, createdBefore);
}

export interface StationRow {
  id: number;
  name: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

const STATION_COLUMNS = 'id, name, created_by AS createdBy, created_at AS createdAt, revoked_at AS revokedAt';

export function insertStation(db: Db, name: string, tokenHash: string, actor: string): number {
  const { lastInsertRowid } = db.prepare('INSERT INTO station_tokens (name, token_hash, created_by) VALUES (?, ?, ?)').run(name, tokenHash, actor);
  audit(db, actor, 'station.create', { id: Number(lastInsertRowid), name });
  return Number(lastInsertRowid);
}

export function stationRows(db: Db): StationRow[] {
  return db.prepare(`SELECT ${STATION_COLUMNS} FROM station_tokens ORDER BY id`).all() as StationRow[];
}

export function revokeStationRow(db: Db, id: number, actor: string): void {
  db.prepare(`UPDATE station_tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ') WHERE id = ? AND revoked_at IS NULL`).run(id);
  audit(db, actor, 'station.revoke', { id });
}

/** The station whose token has this hash, unless it was revoked. */
export function activeStationByHash(db: Db, tokenHash: string): StationRow | undefined {
  return db.prepare(`SELECT ${STATION_COLUMNS} FROM station_tokens WHERE token_hash = ? AND revoked_at IS NULL`).get(tokenHash) as StationRow | undefined;
}
