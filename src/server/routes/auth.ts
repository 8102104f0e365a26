import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { audit } from '../../store/db.js';
import type { ThrottleKey } from '../auth/guessThrottle.js';
import { NewPassword, verifyPassword } from '../auth/passwords.js';
import { permissionsOf, ROLE_LABELS } from '../auth/roles.js';
import { createSession, destroySession } from '../auth/sessions.js';
import { findUserForLogin, updateUser } from '../auth/users.js';
import type { ServerContext } from '../context.js';
import { parseInput, waitFor } from '../http/errors.js';
import { PhieuError } from '../../errors/errorTable.js';
import type { Session } from '../../web/api.js';
import { addressOf, setSessionCookie, userOf, visitOf } from '../http/session.js';

const LoginBody = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) });
const PasswordChange = z.object({ currentPassword: z.string().min(1).max(256), newPassword: NewPassword });

// Compared against when the account does not exist, so a wrong name takes as long as a wrong password.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/**
 * A name that is no account's may be a password typed into the wrong box: the log and the audit trail keep only its
 * first character and its length.
 */
function typedName(typed: string): string {
  const characters = [...typed];
  return `${characters[0]}… (${characters.length} ký tự)`;
}

export function authRoutes(ctx: ServerContext): Router {
  const router = Router();

  router.get('/session', (_req, res) => {
    const { session, user } = visitOf(res);
    res.json({
      csrfToken: session.csrfToken,
      user: user ? { username: user.username, displayName: user.displayName, role: user.role, roleLabel: ROLE_LABELS[user.role], permissions: permissionsOf(user.role) } : null,
    } satisfies Session);
  });

  /**
   * Checks a password of `username` sent from the request's address, counted by the throttle before the hash is
   * computed. The account when the password is right and the account active.
   */
  async function checkPassword(req: Request, res: Response, username: string, password: string) {
    const address = addressOf(req);
    const keys: ThrottleKey[] = [
      { kind: 'account', account: username, address },
      { kind: 'address', address },
    ];
    const wait = await ctx.throttle.attempt(keys);
    if (wait > 0) throw waitFor(res, wait, 'tooManyLogins');
    const account = findUserForLogin(ctx.db, username);
    const ok = await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH);
    if (!account || !ok || !account.active) {
      const who = account?.username ?? typedName(username);
      audit(ctx.db, who, 'login.failed', { address });
      ctx.log('login.failed', { user: who, address });
      return undefined;
    }
    await ctx.throttle.right(keys);
    return account;
  }

  /** A new session id for the user: an id planted before (session fixation) or stolen earlier is worth nothing after. */
  function newSession(req: Request, res: Response, userId: number) {
    destroySession(ctx.db, visitOf(res).session.idHash);
    const { sid, session } = createSession(ctx.db, userId, ctx.sessionPolicy);
    setSessionCookie(req, res, sid, ctx.cookies);
    return session;
  }

  router.post('/login', async (req, res) => {
    const body = parseInput(LoginBody, req.body);
    const account = await checkPassword(req, res, body.username, body.password);
    if (!account) throw new PhieuError('wrongLogin', {});
    const session = newSession(req, res, account.id);
    audit(ctx.db, account.username, 'login', { address: addressOf(req) });
    ctx.log('login', { user: account.username, role: account.role, address: addressOf(req) });
    res.json({ csrfToken: session.csrfToken });
  });

  // One's own password: the current one is checked (and throttled) like a log-in; every other session of the user ends.
  router.post('/password', async (req, res) => {
    const me = userOf(res);
    const body = parseInput(PasswordChange, req.body);
    if (!(await checkPassword(req, res, me.username, body.currentPassword))) throw new PhieuError('wrongCurrentPassword', {});
    await updateUser(ctx.db, me.id, { password: body.newPassword }, me.username);
    res.json({ csrfToken: newSession(req, res, me.id).csrfToken });
  });

  router.post('/logout', (_req, res) => {
    const { session, user } = visitOf(res);
    destroySession(ctx.db, session.idHash);
    if (user) audit(ctx.db, user.username, 'logout', {});
    res.json({ ok: true });
  });

  return router;
}
