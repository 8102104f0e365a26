import { insertUser, updateUserRow, userCount, userRowById, userRowByName, userRows, type UserRow } from '../../store/accounts.js';
import type { Db } from '../../store/db.js';
import { PhieuError } from '../../errors/errorTable.js';
import { generatePassword, hashPassword, NewPassword } from './passwords.js';
import { ROLES, type Role } from './roles.js';

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
}

/** A stored role outside the known ones (a database edited by hand) is refused rather than trusted. */
function toUser(row: UserRow): User {
  const role = ROLES.find((r) => r === row.role);
  if (!role) throw new Error(`Tài khoản ${row.username} có vai trò không hợp lệ trong cơ sở dữ liệu: ${row.role}.`);
  return { id: row.id, username: row.username, displayName: row.display_name, role, active: row.active === 1 };
}

export function findUserForLogin(db: Db, username: string): (User & { passwordHash: string }) | undefined {
  const row = userRowByName(db, username);
  return row && { ...toUser(row), passwordHash: row.password_hash };
}

export function findUser(db: Db, id: number): User | undefined {
  const row = userRowById(db, id);
  return row && toUser(row);
}

export function listUsers(db: Db): User[] {
  return userRows(db).map(toUser);
}

export async function createUser(db: Db, user: { username: string; displayName: string; role: Role; password: string }, actor: string): Promise<User> {
  const passwordHash = await hashPassword(user.password);
  return findUser(db, insertUser(db, { ...user, passwordHash }, actor))!;
}

export async function updateUser(db: Db, id: number, change: { role?: Role; active?: boolean; password?: string; displayName?: string }, actor: string): Promise<User | undefined> {
  const passwordHash = change.password ? await hashPassword(change.password) : undefined;
  updateUserRow(db, id, { role: change.role, active: change.active, displayName: change.displayName, passwordHash }, actor);
  return findUser(db, id);
}

/**
 * The first start creates an administrator: with PHIEU_ADMIN_PASSWORD when set, otherwise with a generated password
 * that is returned once for the console and never stored in clear.
 */
export async function ensureFirstAdmin(db: Db, password = process.env.PHIEU_ADMIN_PASSWORD): Promise<{ username: string; generatedPassword?: string } | undefined> {
  if (userCount(db) > 0) return undefined;
  const weak = password === undefined ? undefined : NewPassword.safeParse(password).error;
  if (weak) throw new PhieuError('weakFirstAdminPassword', { problems: weak.issues.map((i) => i.message) });
  const generated = password ? undefined : generatePassword();
  await createUser(db, { username: 'admin', displayName: 'Quản trị viên', role: 'admin', password: password ?? generated! }, 'system');
  return { username: 'admin', generatedPassword: generated };
}
