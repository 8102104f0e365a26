import { startServer } from '../../src/server/startServer.js';

/**
 * The real server (the one `npm start` runs) in a process of its own, so the reviewers, the guesser and the scanning
 * screen of bench/load.ts reach it over HTTP as browsers would and their own work does not slow it. Behind a "proxy"
 * on loopback, so the guesser's X-Forwarded-For gives each wrong log-in an address of its own. Prints its address.
 */
const server = await startServer({
  dataDir: process.env.LOAD_DATA!,
  port: 0,
  adminPassword: process.env.LOAD_ADMIN_PASSWORD!,
  demoFormsPerOffice: Number(process.env.LOAD_DEMO_FORMS),
  workers: process.env.LOAD_WORKERS ? Number(process.env.LOAD_WORKERS) : undefined,
  trustProxy: 'loopback',
  logLine: () => {},
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.once('SIGTERM', () => void server.close().finally(() => process.exit(0)));
