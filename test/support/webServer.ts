import request from 'supertest';
import { afterEach } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/startServer.js';

export const ADMIN_PASSWORD = 'admin-password-1';

/** The real app on a free port over a fresh data folder, with one page reader; its log lines go nowhere unless asked. */
export function startTestServer(dataDir: string, options: Partial<ServerOptions> = {}): Promise<RunningServer> {
  return startServer({ dataDir, port: 0, workers: 1, adminPassword: ADMIN_PASSWORD, demoFormsPerOffice: 2, logLine: () => {}, ...options });
}

export interface Client {
  agent: TestAgent;
  csrf: string;
}

/** Starts test servers (as startTestServer) that are closed after each test. */
export function useTestServers(): (dataDir: string, options?: Partial<ServerOptions>) => Promise<RunningServer> {
  const running: RunningServer[] = [];
  afterEach(async () => {
    for (const server of running.splice(0)) await server.close();
  });
  return async (dataDir, options) => {
    const started = await startTestServer(dataDir, options);
    // A test may close its server itself (to restart it); closing twice is closing once.
    let closing: Promise<void> | undefined;
    const server = { ...started, close: () => (closing ??= started.close()) };
    running.push(server);
    return server;
  };
}

/** A cookie-keeping client logged in as `username`, with the CSRF token its session carries. */
export async function logIn(url: string, username = 'admin', password = ADMIN_PASSWORD): Promise<Client> {
  const agent = request.agent(url);
  const { body: session } = await agent.get('/api/session').expect(200);
  const response = await agent.post('/api/login').set('X-CSRF-Token', session.csrfToken).send({ username, password });
  if (response.status !== 200) throw new Error(`log-in as ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { agent, csrf: response.body.csrfToken };
}

/** Creates an account with the given role through the admin API and logs it in. */
export async function userWithRole(url: string, admin: Client, role: string): Promise<Client> {
  const username = `${role}-user`;
  await admin.agent.post('/api/users').set('X-CSRF-Token', admin.csrf).send({ username, displayName: `Người ${role}`, role, password: 'long-enough-password' }).expect(201);
  return logIn(url, username, 'long-enough-password');
}
