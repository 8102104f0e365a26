import { Router } from 'express';
import { z } from 'zod';
import { audit } from '../../store/db.js';
import { verifyPassword } from '../auth/passwords.js';
import { permissionsOf, ROLE_LABELS } from '../auth/roles.js';
import { createSession, destroySession } from '../auth/sessions.js';
import { findUserForLogin } from '../auth/users.js';
import type { ServerContext } from '../context.js';
import { HttpError, parseInput } from '../http/errors.js';
import { setSessionCookie, visitOf } from '../http/session.js';

const LoginBody = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) });

// Compared against when the account does not exist, so a wrong name takes as long as a wrong password.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export function authRoutes(ctx: ServerContext): Router {
  const router = Router();

  router.get('/session', (_req, res) => {
    const { session, user } = visitOf(res);
    res.json({
      csrfToken: session.csrfToken,
      user: user ? { username: user.username, displayName: user.displayName, role: user.role, roleLabel: ROLE_LABELS[user.role], permissions: permissionsOf(user.role) } : null,
    });
  });

  router.post('/login', async (req, res) => {
    const body = parseInput(LoginBody, req.body);
    const address = req.ip ?? 'unknown';
    const wait = ctx.limiter.retryAfter(body.username, address);
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      throw new HttpError(429, `Đăng nhập sai quá nhiều lần. Hãy thử lại sau ${Math.ceil(wait / 60)} phút.`);
    }
    const account = findUserForLogin(ctx.db, body.username);
    const ok = await verifyPassword(body.password, account?.passwordHash ?? DUMMY_HASH);
    if (!account || !ok || !account.active) {
      ctx.limiter.failed(body.username, address);
      audit(ctx.db, body.username, 'login.failed', { address });
      ctx.log('login.failed', { user: body.username, address });
      throw new HttpError(401, 'Sai tên đăng nhập hoặc mật khẩu.');
    }
    ctx.limiter.succeeded(body.username);
    // A new session id at log-in: an id planted before log-in (session fixation) is worth nothing after.
    destroySession(ctx.db, visitOf(res).session.idHash);
    const { sid, session } = createSession(ctx.db, account.id, ctx.sessionPolicy);
    setSessionCookie(req, res, sid, ctx.cookies);
    audit(ctx.db, account.username, 'login', { address });
    ctx.log('login', { user: account.username, role: account.role, address });
    res.json({ csrfToken: session.csrfToken });
  });

  router.post('/logout', (_req, res) => {
    const { session, user } = visitOf(res);
    destroySession(ctx.db, session.idHash);
    if (user) audit(ctx.db, user.username, 'logout', {});
    res.json({ ok: true });
  });

  return router;
}
