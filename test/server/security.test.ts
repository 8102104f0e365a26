import { createHash, createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadOrCreateSessionKey } from '../../src/io/secret.js';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import { parseTrustProxy, startServer as startRealServer, type RunningServer, type ServerOptions } from '../../src/server/startServer.js';
import { drawMarks } from '../support/marks.js';
import { printedScans } from '../support/printedScans.js';
import { useTempDir } from '../support/tempDir.js';
import { ADMIN_PASSWORD, logIn, useTestServers, userWithRole, type Client } from '../support/webServer.js';

const tempDir = useTempDir();
const startServer = useTestServers();
let server: RunningServer | undefined;

async function start(options: Partial<ServerOptions> = {}, dataDir = tempDir()) {
  server = await startServer(dataDir, options);
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
    // Five accounts with hashed passwords and the demo loaded: about a minute on a busy two-core machine.
  }, 180_000);

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

/** A browser at `address` (as a trusted proxy in front would tell it), with its CSRF token, trying to log in. */
async function visitorAt(url: string, address: string) {
  const agent = request.agent(url);
  const { body } = await agent.get('/api/session').set('X-Forwarded-For', address).expect(200);
  return {
    agent,
    logIn: (username: string, password: string) => agent.post('/api/login').set('X-Forwarded-For', address).set('X-CSRF-Token', body.csrfToken).send({ username, password }),
  };
}

const count = (sql: string) => (server!.ctx.db.prepare(sql).get() as { n: number }).n;

describe('password and token guessing', () => {
  afterEach(() => vi.useRealTimers());

  it('checks no more than the free guesses when 150 wrong passwords and the right one arrive at once', async () => {
    const { url } = await start();
    const guesser = await visitorAt(url, '127.0.0.1');
    const answers = await Promise.all([...Array.from({ length: 150 }, (_, i) => guesser.logIn('admin', `wrong-guess-${i}`)), guesser.logIn('admin', ADMIN_PASSWORD)]);
    const checked = answers.filter((a) => a.status !== 429);
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(answers.length - checked.length);
    expect(count(`SELECT COUNT(*) AS n FROM audit_events WHERE action = 'login.failed'`)).toBeLessThanOrEqual(5);
  });

  it('slows the guesser, not the owner: the right password waits at the guessing address only, the waits grow, and an administrator lifts them', async () => {
    const { url, admin } = await start({ trustProxy: 'loopback' });
    const guesser = await visitorAt(url, '203.0.113.9');
    for (let i = 0; i < 5; i++) await guesser.logIn('admin', `wrong-${i}`).expect(401);
    const first = await guesser.logIn('admin', ADMIN_PASSWORD).expect(429);
    expect(first.body.error).toMatch(/Vui lòng thử lại sau \d+ giây/);
    const firstWait = Number(first.headers['retry-after']);
    expect(firstWait).toBeGreaterThan(0);
    expect(firstWait).toBeLessThanOrEqual(60);

    // The owner, at the office, is not held up by someone guessing from elsewhere.
    await (await visitorAt(url, '198.51.100.20')).logIn('admin', ADMIN_PASSWORD).expect(200);

    // Past the wait, one more wrong guess is checked, and the next wait is longer.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + (firstWait + 1) * 1000 });
    await guesser.logIn('admin', 'wrong-again').expect(401);
    const second = await guesser.logIn('admin', ADMIN_PASSWORD).expect(429);
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(firstWait);

    const { body } = await admin.agent.get('/api/throttles').expect(200);
    const throttle = body.throttles.find((t: { kind: string; account?: string; address: string }) => t.kind === 'account' && t.account === 'admin' && t.address === '203.0.113.9');
    expect(throttle).toMatchObject({ guesses: 6 });
    expect(throttle.waitSeconds).toBeGreaterThan(0);
    await admin.agent.post('/api/throttles/lift').set('X-CSRF-Token', admin.csrf).send({ id: throttle.id }).expect(200);
    await guesser.logIn('admin', ADMIN_PASSWORD).expect(200);
    expect(count(`SELECT COUNT(*) AS n FROM audit_events WHERE action = 'throttle.lift'`)).toBe(1);
  });

  it('does not lock an office out when twenty wrong passwords come through its shared address', async () => {
    const { url, admin } = await start({ trustProxy: 'loopback' });
    await userWithRole(url, admin, 'reviewer');
    const office = await visitorAt(url, '198.51.100.7');
    for (let i = 0; i < 20; i++) await office.logIn(`khach-${i}`, `wrong-${i}`).expect(401);
    await (await visitorAt(url, '198.51.100.7')).logIn('reviewer-user', 'long-enough-password').expect(200);
    // Even past the free guesses of an address, its users wait seconds, not a quarter of an hour.
    for (let i = 20; i < 30; i++) await office.logIn(`khach-${i}`, `wrong-${i}`).expect(401);
    const { body } = await admin.agent.get('/api/throttles').expect(200);
    expect(body.throttles.find((t: { kind: string; address: string }) => t.kind === 'address' && t.address === '198.51.100.7')).toMatchObject({ guesses: 30, waitSeconds: expect.toSatisfy((s: number) => s <= 10) });
  });

  it('believes X-Forwarded-For only when a reverse proxy is configured', async () => {
    let { url } = await start();
    const spoofer = await visitorAt(url, '203.0.113.50');
    for (let i = 0; i < 5; i++) await spoofer.logIn('admin', `wrong-${i}`).expect(401);
    // Without the setting, the header is the client's own claim: the guesser is still at 127.0.0.1.
    await (await visitorAt(url, '198.51.100.60')).logIn('admin', ADMIN_PASSWORD).expect(429);
    await server!.close();

    ({ url } = await start({ trustProxy: 'loopback' }));
    const guesser = await visitorAt(url, '203.0.113.50');
    for (let i = 0; i < 5; i++) await guesser.logIn('admin', `wrong-${i}`).expect(401);
    await (await visitorAt(url, '198.51.100.60')).logIn('admin', ADMIN_PASSWORD).expect(200);

    // The setting as PHIEU_TRUST_PROXY or --trust-proxy gives it.
    expect([parseTrustProxy(''), parseTrustProxy('2'), parseTrustProxy(' loopback, 10.0.0.0/8 ,::1')]).toEqual([false, 2, 'loopback,10.0.0.0/8,::1']);
    expect(() => parseTrustProxy('nginx')).toThrow(/"nginx" không hợp lệ/);
  });

  it('makes an address that keeps sending wrong station tokens wait, and counts a wrong token before it is looked up', async () => {
    const { url, admin } = await start({ throttles: { token: { free: 3, firstDelaySeconds: 60, maxDelaySeconds: 600, forgetAfterSeconds: 3600 } } });
    const { body: made } = await admin.agent.post('/api/stations').set('X-CSRF-Token', admin.csrf).send({ name: 'Bưu cục Phú Hội' }).expect(201);
    const sha = '0'.repeat(64);
    for (let i = 0; i < 2; i++) await request(url).get(`/api/station/files/${sha}`).set('Authorization', `Bearer pst_wrong-${i}`).expect(401);
    // The right token from a well-behaved station is not counted.
    await request(url).get(`/api/station/files/${sha}`).set('Authorization', `Bearer ${made.token}`).expect(200);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => request(url).get(`/api/station/files/${sha}`).set('Authorization', `Bearer pst_guess-${i}`)));
    expect(answers.filter((a) => a.status === 401).length).toBeLessThanOrEqual(3);
    const refused = answers.find((a) => a.status === 429)!;
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body.error).toMatch(/mã trạm quét/);
  });

  it('stores no session for requests without a cookie, and one only at log-in', async () => {
    const { url } = await start();
    const before = count('SELECT COUNT(*) AS n FROM sessions');
    for (let i = 0; i < 30; i++) await request(url).get(i % 2 ? '/api/session' : '/api/users');
    await request(url).post('/api/login').send({ username: 'admin', password: 'x' }).expect(403);
    expect(count('SELECT COUNT(*) AS n FROM sessions')).toBe(before);
    await logIn(url);
    expect(count('SELECT COUNT(*) AS n FROM sessions')).toBe(before + 1);
  });

  it('answers a page image while 120 password hashes from 120 addresses wait their turn', async () => {
    const dataDir = tempDir();
    const { url, admin } = await start({ trustProxy: 'loopback' }, dataDir);
    const layout = layoutForm(loadSurveyDefinition('quick'));
    const { files } = await printedScans(dataDir, tempDir(), 'quick', 1);
    const marked = await drawMarks(fs.readFileSync(files[0]), layout, [
      { questionId: 'q1', code: '1', kind: 'x' },
      { questionId: 'q1', code: '2', kind: 'x' },
    ]);
    await admin.agent.put('/api/uploads?name=quick.png').set('X-CSRF-Token', admin.csrf).set('Content-Type', 'application/octet-stream').send(marked).expect(201);
    await server!.ctx.scans.idle();
    const [item] = (await admin.agent.post('/api/review/next').set('X-CSRF-Token', admin.csrf).send({}).expect(200)).body.items as { id: number }[];

    const visitors = await Promise.all(Array.from({ length: 120 }, (_, i) => visitorAt(url, `10.1.${i >> 8}.${i & 255}`)));
    const order: string[] = [];
    const logins = visitors.map((v, i) => v.logIn(`khach-${i}`, 'wrong-password').then((r) => order.push(`login ${r.status}`)));
    // Once one hash is done, every log-in has arrived and is hashing or queued.
    await Promise.race(logins);
    const image = await admin.agent.get(`/api/review/items/${item.id}/page`).expect(200);
    order.push('image');
    await Promise.all(logins);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(order.filter((o) => o === 'login 401')).toHaveLength(120);
    // The image did not wait for the hashes queued before it.
    expect(order.indexOf('image')).toBeLessThan(60);
  }, 240_000);
});

describe('passwords', () => {
  it('refuses short, all-digit and common passwords for a new account, and makes the role a choice', async () => {
    const { admin } = await start();
    const create = (password: string, role = 'reviewer') =>
      admin.agent.post('/api/users').set('X-CSRF-Token', admin.csrf).send({ username: 'nguoimoi', displayName: 'Người mới', role, password });
    expect((await create('ngan-qua').expect(400)).body.error).toMatch(/ít nhất 12 ký tự/);
    expect((await create('0905 123 456 789').expect(400)).body.error).toMatch(/chỉ gồm chữ số hoặc dấu cách/);
    expect((await create('qwertyuiop123').expect(400)).body.error).toMatch(/quá phổ biến/);
    expect((await create('Password1234').expect(400)).body.error).toMatch(/quá phổ biến/);
    expect((await create('long-enough-password', '').expect(400)).body.error).toMatch(/vai trò/);
    await create('long-enough-password').expect(201);
  });

  it('refuses a weak first administrator password', async () => {
    await expect(startRealServer({ dataDir: tempDir(), port: 0, workers: 1, adminPassword: '1234567890123', logLine: () => {} })).rejects.toThrow(/PHIEU_ADMIN_PASSWORD.*chỉ gồm chữ số/);
    await expect(startRealServer({ dataDir: tempDir(), port: 0, workers: 1, adminPassword: 'short', logLine: () => {} })).rejects.toThrow(/ít nhất 12 ký tự/);
  });

  it('lets a user change their own password, checked like a log-in, and ends their other sessions', async () => {
    const { url, admin } = await start();
    const reviewer = await userWithRole(url, admin, 'reviewer');
    const elsewhere = await logIn(url, 'reviewer-user', 'long-enough-password');
    const change = (currentPassword: string, newPassword: string) => reviewer.agent.post('/api/password').set('X-CSRF-Token', reviewer.csrf).send({ currentPassword, newPassword });
    expect((await change('wrong-current-password', 'a-new-long-password').expect(400)).body.error).toMatch(/Mật khẩu hiện tại không đúng/);
    expect((await change('long-enough-password', '123456789012').expect(400)).body.error).toMatch(/chỉ gồm chữ số/);
    const changed = await change('long-enough-password', 'a-new-long-password').expect(200);
    // This browser goes on with a new session; the other one is logged out.
    await reviewer.agent.get('/api/session').expect(200).expect((r) => expect(r.body.user?.username).toBe('reviewer-user'));
    expect(changed.body.csrfToken).toBeTruthy();
    expect((await elsewhere.agent.get('/api/session')).body.user).toBeNull();
    await expect(logIn(url, 'reviewer-user', 'long-enough-password')).rejects.toThrow(/401/);
    await logIn(url, 'reviewer-user', 'a-new-long-password');
  });

  it('lets an administrator change a role, which ends that user’s sessions', async () => {
    const { url, admin } = await start();
    const reviewer = await userWithRole(url, admin, 'reviewer');
    const { body: users } = await admin.agent.get('/api/users').expect(200);
    const id = users.users.find((u: { username: string }) => u.username === 'reviewer-user').id;
    await admin.agent.patch(`/api/users/${id}`).set('X-CSRF-Token', admin.csrf).send({ role: 'supervisor' }).expect(200);
    expect((await reviewer.agent.get('/api/session')).body.user).toBeNull();
    const again = await logIn(url, 'reviewer-user', 'long-enough-password');
    expect((await again.agent.get('/api/session')).body.user.role).toBe('supervisor');
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
