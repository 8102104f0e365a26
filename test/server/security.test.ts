import { createHash, createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { loadOrCreateSessionKey } from '../../src/io/secret.js';
import type { RunningServer } from '../../src/server/startServer.js';
import { useTempDir } from '../support/tempDir.js';
import { logIn, useTestServers, userWithRole, type Client } from '../support/webServer.js';

const tempDir = useTempDir();
const startServer = useTestServers();
let server: RunningServer | undefined;

async function start(options = {}) {
  server = await startServer(tempDir(), options);
  return { url: server.url, admin: await logIn(server.url) };
}

describe('web security', () => {
  it('refuses a state-changing request without the CSRF token, or with another session’s token', async () => {
    const { url, admin } = await start();
    const other = await logIn(url);
    const body = { username: 'newuser', displayName: 'Người mới', role: 'reviewer', password: 'long-enough-password' };
    await admin.agent.post('/api/users').send(body).expect(403);
    await admin.agent.post('/api/users').set('X-CSRF-Token', other.csrf).send(body).expect(403);
    expect(server!.ctx.db.prepare('SELECT COUNT(*) AS n FROM users').get()).toEqual({ n: 1 });
    await admin.agent.post('/api/users').set('X-CSRF-Token', admin.csrf).send(body).expect(201);
  });

  it('refuses each role what it may not do, on the server', async () => {
    // The administrator's call to /api/demo loads the demo, which the test waits for: one form per office keeps it short.
    const { url, admin } = await start({ demoFormsPerOffice: 1 });
    const clients: Record<string, Client> = { admin };
    for (const role of ['planner', 'scanner', 'reviewer', 'supervisor']) clients[role] = await userWithRole(url, admin, role);
    const anonymous = request.agent(url);
    // [method, path, body, roles allowed]
    const routes: [string, string, unknown, string[]][] = [
      ['get', '/api/users', undefined, ['admin']],
      ['post', '/api/stations', { name: 'Bưu cục' }, ['admin']],
      ['get', '/api/audit', undefined, ['admin']],
      ['post', '/api/review/next', {}, ['admin', 'reviewer', 'supervisor']],
      ['post', '/api/review/next', { queue: 'referred' }, ['admin', 'supervisor']],
      ['post', '/api/review/next', { reviewQueue: 'transcription' }, ['admin', 'reviewer', 'supervisor']],
      ['get', '/api/review/stats', undefined, ['admin', 'reviewer', 'supervisor']],
      ['get', '/api/clips?questionId=comment', undefined, ['admin', 'planner', 'supervisor']],
      ['get', '/api/supervise/rates', undefined, ['admin', 'supervisor']],
      ['get', '/api/page-items', undefined, ['admin', 'scanner', 'supervisor']],
      ['get', '/api/scans/status', undefined, ['admin', 'planner', 'scanner', 'supervisor']],
      ['put', '/api/uploads?name=a.png', Buffer.from('x'), ['admin', 'scanner']],
      ['get', '/api/forms/1', undefined, ['admin', 'planner', 'supervisor']],
      ['post', '/api/demo', {}, ['admin']],
    ];
    for (const [method, route, body, allowed] of routes) {
      for (const [role, client] of Object.entries(clients)) {
        const call = (client.agent as unknown as Record<string, (p: string) => request.Test>)[method](route).set('X-CSRF-Token', client.csrf);
        const { status } = Buffer.isBuffer(body) ? await call.set('Content-Type', 'application/octet-stream').send(body) : await call.send(body as object);
        expect({ role, method, route, refused: status === 403 }).toEqual({ role, method, route, refused: !allowed.includes(role) });
      }
      const { status } = await (anonymous as unknown as Record<string, (p: string) => request.Test>)[method](route);
      expect([401, 403]).toContain(status);
    }
    await server!.ctx.tasks.idle();
  });

  it('slows password guessing: after five wrong passwords even the right one waits', async () => {
    const { url } = await start();
    const agent = request.agent(url);
    const { body } = await agent.get('/api/session');
    for (let i = 0; i < 5; i++) await agent.post('/api/login').set('X-CSRF-Token', body.csrfToken).send({ username: 'admin', password: `wrong-${i}` }).expect(401);
    const refused = await agent.post('/api/login').set('X-CSRF-Token', body.csrfToken).send({ username: 'admin', password: 'admin-password-1' });
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    const failures = server!.ctx.db.prepare(`SELECT COUNT(*) AS n FROM audit_events WHERE action = 'login.failed'`).get();
    expect(failures).toEqual({ n: 5 });
  });

  it('refuses a path-traversal attempt on the image routes', async () => {
    const { admin } = await start();
    for (const route of ['/api/page-items/..%2F..%2Fsecret.key/image', '/api/page-items/1%2F..%2F..%2Fsecret.key/image', '/api/review/items/..%2Fsecret.key/clip']) {
      const response = await admin.agent.get(route);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.body.toString()).not.toContain(fs.readFileSync(path.join(server!.ctx.dataDir, 'secret.key')).toString('base64').slice(0, 8));
    }
  });

  it('refuses an oversized upload without leaving anything on disk, and a file that is not a scan', async () => {
    const { admin } = await start({ maxUploadBytes: 64 * 1024 });
    const uploads = path.join(server!.ctx.dataDir, 'uploads');
    const big = Buffer.alloc(300 * 1024, 0xff);
    big.set([0xff, 0xd8, 0xff], 0);
    const declared = await admin.agent.put('/api/uploads?name=big.jpg').set('X-CSRF-Token', admin.csrf).set('Content-Type', 'application/octet-stream').send(big);
    expect(declared.status).toBe(413);
    // A sender that does not declare its size is cut off at the limit while streaming.
    expect(await putChunked(`${server!.url}/api/uploads?name=big.jpg`, admin, big)).toBe(413);
    const html = await admin.agent.put('/api/uploads?name=page.html').set('X-CSRF-Token', admin.csrf).set('Content-Type', 'application/octet-stream').send(Buffer.from('<html><script>alert(1)</script></html>'));
    expect(html.status).toBe(415);
    expect(fs.readdirSync(uploads)).toEqual([]);
    expect(server!.ctx.db.prepare('SELECT COUNT(*) AS n FROM uploads').get()).toEqual({ n: 0 });
  });

  it('sends security headers and session cookies scripts cannot read', async () => {
    const { url } = await start();
    const response = await request(url).get('/api/session');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['set-cookie']?.[0]).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await request(url).get('/');
    expect(page.headers['content-security-policy']).toBeDefined();
  });

  it('ends the session at log-out and keeps only a hash of session ids', async () => {
    const { admin } = await start();
    const sid = sessionCookie(admin);
    expect(sid).toMatch(/^[\w-]{40,}$/);
    expect(server!.ctx.db.prepare('SELECT COUNT(*) AS n FROM sessions WHERE id_hash = ?').get(sid)).toEqual({ n: 0 });
    // The hash is keyed with data/session.key, kept outside the database.
    const key = loadOrCreateSessionKey(server!.ctx.dataDir);
    expect(server!.ctx.db.prepare('SELECT COUNT(*) AS n FROM sessions WHERE id_hash = ?').get(createHmac('sha256', key).update(sid).digest('hex'))).toEqual({ n: 1 });
    expect(server!.ctx.db.prepare('SELECT COUNT(*) AS n FROM sessions WHERE id_hash = ?').get(createHash('sha256').update(sid).digest('hex'))).toEqual({ n: 0 });
    await admin.agent.post('/api/logout').set('X-CSRF-Token', admin.csrf).expect(200);
    await admin.agent.get('/api/users').expect(401);
  });
});

function sessionCookie(client: Client): string {
  const jar = (client.agent as unknown as { jar: { getCookie(name: string, access: object): { value: string } | undefined } }).jar;
  return jar.getCookie('phieu_sid', { domain: new URL(server!.url).hostname, path: '/', secure: false, script: false })?.value ?? '';
}

/** A PUT whose body is sent in chunks with no declared length, as a misbehaving sender would. */
function putChunked(url: string, client: Client, body: Buffer): Promise<number | 'reset'> {
  return new Promise((resolve) => {
    const req = http.request(url, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': client.csrf, Cookie: `phieu_sid=${sessionCookie(client)}` },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve('reset'));
    for (let i = 0; i < body.length; i += 16 * 1024) req.write(body.subarray(i, i + 16 * 1024));
    req.end();
  });
}
