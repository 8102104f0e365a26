import { describe, expect, it } from 'vitest';
import type { RunningServer, ServerOptions } from '../../src/server/startServer.js';
import { personalDataFixture, WRITERS } from '../support/personalData.js';
import { useTempDir } from '../support/tempDir.js';
import { logIn, useTestServers, userWithRole, type Client } from '../support/webServer.js';

const tempDir = useTempDir();
const startServer = useTestServers();

async function setUp(options: Partial<ServerOptions> = {}) {
  const dataDir = tempDir();
  const fixture = await personalDataFixture(dataDir, { resolve: false });
  fixture.db.close();
  const server = await startServer(dataDir, options);
  const admin = await logIn(server.url);
  const clients: Record<string, Client> = { admin };
  for (const role of ['planner', 'supervisor', 'reviewer', 'scanner']) clients[role] = await userWithRole(server.url, admin, role);
  return { fixture, clients, server, dataDir };
}

const next = (client: Client, body: Record<string, unknown>) => client.agent.post('/api/review/next').set('X-CSRF-Token', client.csrf).send(body);
const release = (client: Client) => client.agent.post('/api/review/release').set('X-CSRF-Token', client.csrf).send({}).expect(200);

/** Rows of the audit trail saying someone was shown personal data. */
function personalViews(server: RunningServer, actor: string): { via: string; questions: string[]; serial: number | null; item?: number }[] {
  const rows = server.ctx.db.prepare(`SELECT detail_json FROM audit_events WHERE action = 'personal.viewed' AND actor = ? ORDER BY id`).all(actor) as { detail_json: string }[];
  return rows.map((r) => JSON.parse(r.detail_json));
}

describe('personal data: claims, the audit trail, caching, backups and the log', () => {
  it('refuses in Vietnamese the claim past the bound of a minute, however often the reviewer releases', async () => {
    const { clients } = await setUp({ claimsPerMinute: 5 });
    for (let i = 0; i < 5; i++) {
      const { body } = await next(clients.reviewer, { count: 1, filter: { questionId: 'phone' } }).expect(200);
      expect(body.items).toHaveLength(1);
      await release(clients.reviewer);
    }
    const refused = await next(clients.reviewer, { count: 1, filter: { questionId: 'phone' } }).expect(429);
    expect(refused.body.error).toMatch(/quá 5 mục trong một phút/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another reviewer's minute is their own.
    await next(clients.supervisor, { count: 1 }).expect(200);
  });

  it('audits every showing of a name, phone or address: claimed, opened, its clip and page, and a form seen whole', async () => {
    const { clients, server, fixture } = await setUp();
    const { reviewer, admin } = clients;
    const phone = (await next(reviewer, { count: 1, filter: { questionId: 'phone' } }).expect(200)).body.items[0];
    expect(phone.read.value).toBe(WRITERS[0].phone);
    expect(personalViews(server, 'reviewer-user')).toEqual([{ serial: phone.serial, item: phone.id, questions: ['phone'], via: 'review' }]);
    await reviewer.agent.get(`/api/review/items/${phone.id}`).expect(200);
    await reviewer.agent.get(`/api/review/items/${phone.id}/clip`).expect(200);
    await reviewer.agent.get(`/api/review/items/${phone.id}/page`).expect(200);
    expect(personalViews(server, 'reviewer-user').map((v) => [v.via, v.item, v.questions])).toEqual([
      ['review', phone.id, ['phone']],
      ['review', phone.id, ['phone']],
      ['clip', phone.id, ['phone']],
      ['page', phone.id, ['phone']],
    ]);
    // A question about the service shows nothing personal: nothing is audited for it.
    const comment = (await next(reviewer, { count: 1, reviewQueue: 'transcription', filter: { questionId: 'other_comments' } }).expect(200)).body.items[0];
    await reviewer.agent.get(`/api/review/items/${comment.id}/clip`).expect(200);
    expect(personalViews(server, 'reviewer-user')).toHaveLength(4);

    await admin.agent.get(`/api/forms/${fixture.oneStop.serials[0]}`).expect(200);
    expect(personalViews(server, 'admin').at(-1)).toEqual({ serial: fixture.oneStop.serials[0], questions: ['name', 'phone', 'address'], via: 'form' });
    const { body: audit } = await admin.agent.get('/api/audit').expect(200);
    expect(audit.events.find((e: { actor: string }) => e.actor === 'reviewer-user').text).toMatch(/^Xem dữ liệu cá nhân \(phone\) của phiếu \d+ qua/);
  });

  it('sends clips and pages with Cache-Control: no-store, so no browser or proxy keeps a name', async () => {
    const { clients, fixture } = await setUp();
    const { admin } = clients;
    const phone = (await next(admin, { count: 1, filter: { questionId: 'phone' } }).expect(200)).body.items[0];
    const urls = [`/api/review/items/${phone.id}/clip`, `/api/review/items/${phone.id}/page`, `/api/review/items/${phone.id}`, `/api/forms/${fixture.oneStop.serials[0]}`];
    const { body } = await admin.agent.get('/api/clips?questionId=name').expect(200);
    urls.push(`/api/clips/${body.clips[0].pageId}/name`);
    for (const url of urls) expect((await admin.agent.get(url).expect(200)).headers['cache-control'], url).toBe('no-store');
  });

  it('shows where a backup was written to administrators only', async () => {
    const { clients, server, dataDir } = await setUp();
    await clients.admin.agent.post('/api/backup').set('X-CSRF-Token', clients.admin.csrf).send({}).expect(202);
    await server.ctx.tasks.idle();
    const { text } = await clients.admin.agent.get('/api/tasks/backup').expect(200);
    expect(text).toContain(dataDir);
    for (const role of ['planner', 'supervisor', 'reviewer', 'scanner']) {
      const response = await clients[role].agent.get('/api/tasks/backup');
      expect(response.text, role).not.toContain(dataDir);
    }
  });

  it('never writes a name typed at a failed log-in in full to the log or the audit trail (it may be a password)', async () => {
    const lines: string[] = [];
    const { server } = await setUp({ logLine: (line) => lines.push(line) });
    const typed = 'Hue@Mat-Khau-2025';
    const failed = await logIn(server.url, typed, 'bat-ky-mat-khau-nao').catch((e: Error) => e);
    expect(failed).toBeInstanceOf(Error);
    const line = lines.find((l) => l.includes('login.failed'));
    expect(line).toBeDefined();
    expect(lines.join('')).not.toContain(typed);
    expect(lines.join('')).not.toContain(typed.slice(1));
    const actors = (server.ctx.db.prepare(`SELECT actor FROM audit_events WHERE action = 'login.failed'`).all() as { actor: string }[]).map((r) => r.actor);
    expect(actors).toHaveLength(1);
    expect(actors[0]).not.toContain(typed.slice(1));
    // A wrong password for a real account names the account.
    await logIn(server.url, 'admin', 'khong-dung-mat-khau').catch(() => undefined);
    expect(lines.filter((l) => l.includes('login.failed')).at(-1)).toContain('"user":"admin"');
  });
});
