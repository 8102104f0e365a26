import { timingSafeEqual } from 'node:crypto';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import type { Request, RequestHandler, Response } from 'express';
import type { Db } from '../../store/db.js';
import { allows, type Permission } from '../auth/roles.js';
import { anonymousSession, destroySession, loadSession, type Session, type SessionPolicy } from '../auth/sessions.js';
import { findUser, type User } from '../auth/users.js';
import { PhieuError } from '../../errors/errorTable.js';

export const SESSION_COOKIE = 'phieu_sid';

export interface Visit {
  session: Session;
  user?: User;
}

export function visitOf(res: Response): Visit {
  return res.locals.visit as Visit;
}

/** The logged-in user of a request that passed `requirePermission`. */
export function userOf(res: Response): User {
  const user = visitOf(res).user;
  if (!user) throw new PhieuError('notLoggedIn', {});
  return user;
}

export interface CookiePolicy {
  /** Set the Secure flag: on behind HTTPS (PHIEU_SECURE_COOKIES=1 or a request that arrived over TLS). */
  secure: boolean;
}

export function setSessionCookie(req: Request, res: Response, sid: string, cookies: CookiePolicy): void {
  res.append('Set-Cookie', serializeCookie(SESSION_COOKIE, sid, { path: '/', httpOnly: true, sameSite: 'strict', secure: cookies.secure || req.secure }));
}

/**
 * The address a request came from: the socket's, or behind a reverse proxy trusted by the `trustProxy` setting, the
 * client's address the proxy passed on (X-Forwarded-For).
 */
export function addressOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/**
 * Every browser request has a session: an anonymous one before log-in, kept only in the visitor's cookie (it carries
 * the CSRF token the log-in form sends), a stored one after. A disabled account's session is ended on the spot.
 */
export function sessions(db: Db, policy: SessionPolicy, cookies: CookiePolicy): RequestHandler {
  return (req, res, next) => {
    const sid = parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE];
    let session = sid ? loadSession(db, sid, policy) : undefined;
    let user = session?.userId ? findUser(db, session.userId) : undefined;
    if (session?.userId && !user?.active) {
      destroySession(db, session.idHash);
      session = undefined;
      user = undefined;
    }
    if (!session) {
      const anonymous = anonymousSession(sid, policy);
      session = anonymous.session;
      if (!sid) setSessionCookie(req, res, anonymous.sid, cookies);
    }
    res.locals.visit = { session, user } satisfies Visit;
    next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** State-changing requests must echo the session's CSRF token in a header, which another site cannot read or set. */
export const csrfProtection: RequestHandler = (req, res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  const sent = Buffer.from(String(req.headers['x-csrf-token'] ?? ''));
  const expected = Buffer.from(visitOf(res).session.csrfToken);
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
    return next(new PhieuError('csrfMissing', {}));
  }
  next();
};

export function requirePermission(permission: Permission): RequestHandler {
  return (_req, res, next) => {
    const { user } = visitOf(res);
    if (!user) return next(new PhieuError('notLoggedIn', {}));
    if (!allows(user.role, permission)) return next(new PhieuError('roleNotAllowed', {}));
    next();
  };
}
