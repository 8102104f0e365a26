import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SESSION_POLICY } from '../../../src/server/auth/sessions.js';
import { SESSION_COOKIE, sessions, visitOf } from '../../../src/server/http/session.js';
import { openDatabase, type Db } from '../../../src/store/db.js';
import { useTempDir } from '../../support/tempDir.js';

const tempDir = useTempDir();
let db: Db | undefined;
afterEach(() => db?.close());

function app(secure: boolean) {
  db = openDatabase(tempDir());
  const web = express();
  web.use(sessions(db, DEFAULT_SESSION_POLICY, { secure }));
  web.get('/api/session', (_req, res) => res.json({ csrfToken: visitOf(res).session.csrfToken }));
  return web;
}

const sidOf = (setCookie: string[]) => new RegExp(`^${SESSION_COOKIE}=([^;]+)`).exec(setCookie[0])![1];

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Strict and for the whole site, and Secure behind HTTPS', async () => {
    const plain = await request(app(false)).get('/api/session');
    expect(plain.headers['set-cookie']).toEqual([expect.stringMatching(new RegExp(`^${SESSION_COOKIE}=[\\w-]{40,}; Path=/; HttpOnly; SameSite=Strict$`))]);
    const secure = await request(app(true)).get('/api/session');
    expect(secure.headers['set-cookie']![0].split('; ').slice(1).sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict', 'Secure']);
  });

  it('finds its session among other cookies and a malformed one', async () => {
    const web = app(false);
    const first = await request(web).get('/api/session');
    const sid = sidOf(first.headers['set-cookie'] as unknown as string[]);
    for (const cookie of [`theme=dark; ${SESSION_COOKIE}=${sid}`, `bad=%E0%A4%A; ${SESSION_COOKIE}=${sid}; x`]) {
      const again = await request(web).get('/api/session').set('Cookie', cookie);
      expect({ cookie, setCookie: again.headers['set-cookie'], csrfToken: again.body.csrfToken }).toEqual({ cookie, setCookie: undefined, csrfToken: first.body.csrfToken });
    }
  });
});
