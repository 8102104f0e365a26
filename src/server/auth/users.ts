import { PhieuError } from '../../errors/errorTable.js';
import { audit, type Db } from '../../store/db.js';
import { generatePassword, hashPassword, NewPassword } from './passwords.js';
import type { Role } from './roles.js';

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
}

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  active: number;
  password_hash: string;
}

const toUser = (row: UserRow): User => ({ id: row.id, username: row.username, displayName: row.display_name, role: row.role, active: row.active === 1 });

export function findUserForLogin(db: Db, username: string): (User & { passwordHash: string }) | undefined {
  const row = db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
  return row && { ...toUser(row), passwordHash: row.password_hash };
}

export function findUser(db: Db, id: number): User | undefined {
  const row = db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  return row && toUser(row);
}

export function listUsers(db: Db): User[] {
  return (db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map(toUser);
}

export async function createUser(db: Db, user: { username: string; displayName: string; role: Role; password: string }, actor: string): Promise<User> {
  const hash = await hashPassword(user.password);
  const { lastInsertRowid } = db.prepare('INSERT INTO users (username, display_name, role, password_hash) VALUES (?, ?, ?, ?)').run(user.username, user.displayName, user.role, hash);
  audit(db, actor, 'user.create', { username: user.username, role: user.role });
  return findUser(db, Number(lastInsertRowid))!;
}

export async function updateUser(db: Db, id: number, change: { role?: Role; active?: boolean; password?: string; displayName?: string }, actor: string): Promise<User | undefined> {
  const hash = change.password ? await hashPassword(change.password) : null;
  db.prepare(
    `UPDATE users SET role = COALESCE(?, role), active = COALESCE(?, active), password_hash = COALESCE(?, password_hash), display_name = COALESCE(?, display_name) WHERE id = ?`,
  ).run(change.role ?? null, change.active === undefined ? null : Number(change.active), hash, change.displayName ?? null, id);
  // A changed password or a disabled account ends every session of that user.
  if (hash || change.active === false || change.role) db.prepare('DELETE FROM sessions WHERE user_id = ?').run(id);
  audit(db, actor, 'user.update', { id, role: change.role, active: change.active, passwordChanged: Boolean(hash) });
  return findUser(db, id);
}

/**
 * The first start creates an administrator: with PHIEU_ADMIN_PASSWORD when set, otherwise with a generated password
 * that is returned once for the console and never stored in clear.
 */
export async function ensureFirstAdmin(db: Db, password = process.env.PHIEU_ADMIN_PASSWORD): Promise<{ username: string; generatedPassword?: string } | undefined> {
  if ((db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n > 0) return undefined;
  const weak = password === undefined ? undefined : NewPassword.safeParse(password).error;
  if (weak) throw new PhieuError('weakFirstAdminPassword', { problems: weak.issues.map((i) => i.message) });
  const generated = password ? undefined : generatePassword();
  await createUser(db, { username: 'admin', displayName: 'Quản trị viên', role: 'admin', password: password ?? generated! }, 'system');
  return { username: 'admin', generatedPassword: generated };
}
