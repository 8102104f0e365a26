import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PhieuError } from '../errors/errorTable.js';

/** The QR signing secret: printed forms are verified with it. */
export const SECRET_FILE = 'secret.key';
/** The key session ids are hashed with before they are stored: a new one ends every session at once. */
export const SESSION_KEY_FILE = 'session.key';

/**
 * A key kept in the data folder, outside the database, readable by the service user only (0600), created on first
 * use. A copy of the database alone is therefore worth nothing to whoever holds it.
 */
export function loadOrCreateKey(dataDir: string, fileName: string): Buffer {
  const file = path.join(dataDir, fileName);
  try {
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
    if (key.length < 16) throw new PhieuError('keyFileUnusable', { file });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  // 'wx' fails if another process created it meanwhile; then that one wins and we read it.
  try {
    fs.writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateKey(dataDir, fileName);
    throw error;
  }
}

/** The installation's signing secret for QR codes (see loadOrCreateKey). */
export function loadOrCreateSecret(dataDir: string): Buffer {
  return loadOrCreateKey(dataDir, SECRET_FILE);
}

/** The key of the session-id hashes (see loadOrCreateKey). */
export function loadOrCreateSessionKey(dataDir: string): Buffer {
  return loadOrCreateKey(dataDir, SESSION_KEY_FILE);
}
