import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * The installation's signing secret for QR codes. It lives in the data folder, outside the database, readable by the
 * service user only, and is created on first use.
 */
export function loadOrCreateSecret(dataDir: string): Buffer {
  const file = path.join(dataDir, 'secret.key');
  try {
    const secret = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
    if (secret.length < 16) throw new Error(`${file} holds no usable secret (expected at least 32 hex digits)`);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32);
  // 'wx' fails if another process created it meanwhile; then that one wins and we read it.
  try {
    fs.writeFileSync(file, `${secret.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateSecret(dataDir);
    throw error;
  }
}
