import fs from 'node:fs';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { generateDemoRegister, registerCsv } from '../../src/sampling/demoRegister.js';
import type { RunningServer } from '../../src/server/startServer.js';
import { sendScans } from '../../src/station/sendScans.js';
import { printedScans } from '../support/printedScans.js';
import { useTempDir } from '../support/tempDir.js';
import { ADMIN_PASSWORD, logIn, useTestServers, userWithRole } from '../support/webServer.js';

const tempDir = useTempDir();
const startServer = useTestServers();
let server: RunningServer | undefined;

describe('the web server log', () => {
  it('has one JSON line per event for a log-in, a station upload and a register import, with no password, token, cookie, name or phone number in it', async () => {
    const dataDir = tempDir();
    const lines: string[] = [];
    server = await startServer(dataDir, { logLine: (line) => lines.push(line) });
    const { files } = await printedScans(dataDir, tempDir(), 'quick', 1);

    // A wrong password first, then the right one.
    const wrong = await logIn(server.url, 'admin', 'sai-mat-khau-123').catch((e: Error) => e);
    expect(wrong).toBeInstanceOf(Error);
    // The session ids handed out: the anonymous one and the one a log-in sets.
    const sessionIds: string[] = [];
    const browser = request.agent(server.url);
    const anonymous = await browser.get('/api/session').expect(200);
    const loggedIn = await browser.post('/api/login').set('X-CSRF-Token', anonymous.body.csrfToken).send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200);
    for (const response of [anonymous, loggedIn]) sessionIds.push(...([] as string[]).concat(response.headers['set-cookie'] ?? []).map((c) => /phieu_sid=([^;]+)/.exec(c)![1]));
    expect(sessionIds).toHaveLength(2);
    const admin = await logIn(server.url);
    const planner = await userWithRole(server.url, admin, 'planner');

    const { token } = (await admin.agent.post('/api/stations').set('X-CSRF-Token', admin.csrf).send({ name: 'Bưu cục Phú Hội' }).expect(201)).body as { token: string };
    expect((await sendScans(files, { server: server.url, token, batch: 'Lô 0905123456' })).map((f) => f.status)).toEqual(['sent']);
    await server.ctx.scans.idle();

    const cases = generateDemoRegister({ seed: 'log', offices: [{ name: 'UBND phường Vỹ Dạ', cases: 20 }] });
    await planner.agent
      .put('/api/sampling/register?name=so-ho-so-Nguyen-Van-An-0914222333.csv')
      .set('X-CSRF-Token', planner.csrf)
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.from(registerCsv(cases)))
      .expect(200);

    const text = lines.join('');
    expect(lines.length).toBeGreaterThan(8);
    for (const line of lines) {
      expect(line.endsWith('\n')).toBe(true);
      expect(line.slice(0, -1)).not.toContain('\n');
      expect(JSON.parse(line)).toMatchObject({ time: expect.any(String), level: expect.any(String), event: expect.any(String) });
    }
    const events = lines.map((l) => JSON.parse(l) as { event: string; path?: string; user?: string; status?: number });
    expect(events.filter((e) => e.event === 'login.failed')).toEqual([expect.objectContaining({ user: 'admin' })]);
    expect(events.filter((e) => e.event === 'login').map((e) => e.user)).toEqual(['admin', 'admin', 'planner-user']);
    expect(events.some((e) => e.event === 'http' && e.path?.startsWith('/api/station/files/') && e.status === 201)).toBe(true);
    expect(events.some((e) => e.event === 'http' && e.path === '/api/sampling/register' && e.user === 'planner-user' && e.status === 200)).toBe(true);

    const secrets = [
      ADMIN_PASSWORD,
      'sai-mat-khau-123',
      'long-enough-password',
      token,
      admin.csrf,
      planner.csrf,
      anonymous.body.csrfToken,
      loggedIn.body.csrfToken,
      ...sessionIds,
      '0905123456',
      '0914222333',
      'Nguyen-Van-An',
      ...cases.flatMap((c) => [c.phone, c.name, c.address]).filter((v): v is string => Boolean(v)),
    ];
    expect(secrets.filter((s) => text.includes(s))).toEqual([]);
    // The database's own copy of the tokens is only ever a hash.
    expect(fs.readFileSync(`${dataDir}/phieu.sqlite`).includes(Buffer.from(token))).toBe(false);
  });
});
