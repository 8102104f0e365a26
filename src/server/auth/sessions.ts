import { createHash, createHmac, randomBytes } from 'node:crypto';
import { deleteSession, deleteSessionsBefore, insertSession, sessionRow, touchSession } from '../../store/accounts.js';
import type { Db } from '../../store/db.js';

export interface SessionPolicy {
  /** A session unused this long ends. */
  idleMs: number;
  /** A session ends this long after log-in, however busy. */
  absoluteMs: number;
  /** Session ids are stored as HMACs under this key (data/session.key); without one, as plain SHA-256. */
  key?: Buffer;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 30 * 60 * 1000, absoluteMs: 12 * 60 * 60 * 1000 };

export interface Session {
  idHash: string;
  userId: number | null;
  csrfToken: string;
}

const token = () => randomBytes(32).toString('base64url');
// Keyed, so that rotating data/session.key ends every session at once, and a copy of the database opens none.
const hashOf = (sid: string, key?: Buffer) => (key ? createHmac('sha256', key) : createHash('sha256')).update(sid).digest('hex');
// Writing last-seen on every request would make each image fetch a database write; a minute's precision is enough.
const TOUCH_EVERY_MS = 60 * 1000;

/**
 * The session of a visitor not logged in: nothing stored, so requests without a cookie cost no database row. Its CSRF
 * token is derived from the id in the visitor's cookie, which another site can neither read nor set.
 */
export function anonymousSession(sid = token(), policy: Pick<SessionPolicy, 'key'> = {}): { sid: string; session: Session } {
  return { sid, session: { idHash: hashOf(sid, policy.key), userId: null, csrfToken: hashOf(`csrf:${sid}`, policy.key) } };
}

/** A logged-in user's session. The caller sets the returned id as the cookie; only its hash is stored. */
export function createSession(db: Db, userId: number, policy: Pick<SessionPolicy, 'key'> = {}, now = Date.now()): { sid: string; session: Session } {
  const sid = token();
  const session = { idHash: hashOf(sid, policy.key), userId, csrfToken: token() };
  insertSession(db, session, now);
  return { sid, session };
}

export function loadSession(db: Db, sid: string, policy: SessionPolicy, now = Date.now()): Session | undefined {
  const idHash = hashOf(sid, policy.key);
  const row = sessionRow(db, idHash);
  if (!row) return undefined;
  if (now - row.lastSeenMs > policy.idleMs || now - row.createdMs > policy.absoluteMs) {
    deleteSession(db, idHash);
    return undefined;
  }
  if (now - row.lastSeenMs > TOUCH_EVERY_MS) touchSession(db, idHash, now);
  return { idHash, userId: row.userId, csrfToken: row.csrfToken };
}

export function destroySession(db: Db, idHash: string): void {
  deleteSession(db, idHash);
}

/** Sessions past either timeout; run now and then so the table does not keep sessions nobody ended by logging out. */
export function purgeExpiredSessions(db: Db, policy: SessionPolicy, now = Date.now()): void {
  deleteSessionsBefore(db, now - policy.idleMs, now - policy.absoluteMs);
}
