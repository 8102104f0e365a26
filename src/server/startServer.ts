import { ClaimLimiter } from './auth/claimLimiter.js';
import { isIP, type AddressInfo } from 'node:net';
import { PhieuError } from '../errors/errorTable.js';
import { eventLog } from '../io/log.js';
import { readSurveyFolder } from '../io/surveyFiles.js';
import { pagesPlacedEarlier, readPagesPlacedEarlier } from '../review/pageItems.js';
import { loadOrCreateSecret, loadOrCreateSessionKey } from '../io/secret.js';
import { openDatabase } from '../store/db.js';
import { createApp } from './app.js';
import { DEFAULT_THROTTLES, GuessThrottle, type ThrottleKind, type ThrottlePolicy } from './auth/guessThrottle.js';
import { DEFAULT_SESSION_POLICY, purgeExpiredSessions } from './auth/sessions.js';
import { ensureFirstAdmin } from './auth/users.js';
import { BackgroundTasks } from './backgroundTasks.js';
import { scheduleBackups } from './backupScheduler.js';
import type { ServerContext } from './context.js';
import { ScanService } from './scanService.js';

export interface ServerOptions {
  dataDir: string;
  port: number;
  host?: string;
  /** The hot folder watched for scans; none when omitted. */
  scansDir?: string;
  /** Page readers; one per core by default. */
  workers?: number;
  maxUploadBytes?: number;
  /** The first administrator's password (else PHIEU_ADMIN_PASSWORD, else generated and shown once). */
  adminPassword?: string;
  /** Filled-in forms per office and survey that "Tải dữ liệu mẫu" scans. */
  demoFormsPerOffice?: number;
  /** Where log lines go (stderr by default). */
  logLine?: (line: string) => void;
  /** How often the backup schedule is looked at. */
  backupCheckEveryMs?: number;
  /**
   * Behind a reverse proxy (nginx), the proxies whose X-Forwarded-For gives the client's address: "loopback", a list
   * of addresses or subnets, or the number of proxies in front. Off by default (else PHIEU_TRUST_PROXY): the header
   * is then ignored, so a client cannot pick its own address to escape the throttles.
   */
  trustProxy?: string | number | false;
  /** Guess throttles (tests make them stricter or looser). */
  throttles?: Partial<Record<ThrottleKind, ThrottlePolicy>>;
  /** Review items a reviewer may claim in a minute (DEFAULT_CLAIMS_PER_MINUTE). */
  claimsPerMinute?: number;
}

export interface RunningServer {
  url: string;
  ctx: ServerContext;
  /** Set on the very first start: the administrator's generated password, shown once. */
  firstAdmin?: { username: string; generatedPassword?: string };
  close(): Promise<void>;
}

const LOOPBACK_OR_ANY = new Set(['127.0.0.1', '::1', '0.0.0.0', '::']);

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const trustProxy = options.trustProxy ?? parseTrustProxy(process.env.PHIEU_TRUST_PROXY);
  const db = openDatabase(options.dataDir);
  const firstAdmin = await ensureFirstAdmin(db, options.adminPassword ?? process.env.PHIEU_ADMIN_PASSWORD).catch((error: unknown) => {
    db.close();
    throw error;
  });
  const log = eventLog(options.logLine);
  const ctx: ServerContext = {
    db,
    dataDir: options.dataDir,
    secret: loadOrCreateSecret(options.dataDir),
    scans: new ScanService(db, options.dataDir, options.workers, log),
    tasks: new BackgroundTasks(),
    throttle: new GuessThrottle({ ...DEFAULT_THROTTLES, ...options.throttles }),
    claims: new ClaimLimiter(options.claimsPerMinute),
    trustProxy,
    sessionPolicy: { ...DEFAULT_SESSION_POLICY, key: loadOrCreateSessionKey(options.dataDir) },
    cookies: { secure: process.env.PHIEU_SECURE_COOKIES === '1' },
    maxUploadBytes: options.maxUploadBytes ?? 200 * 1024 * 1024,
    demoFormsPerOffice: options.demoFormsPerOffice ?? 20,
    log,
  };
  if (options.scansDir) ctx.scans.watchHotFolder(options.scansDir);
  if (pagesPlacedEarlier(db)) {
    ctx.tasks.start('placedPages', 'Đọc lại các trang đã gán vào phiếu trước đây', () => readPagesPlacedEarlier(db, { dataDir: options.dataDir, pool: ctx.scans.sharedPool() }));
  }
  const sweep = setInterval(() => purgeExpiredSessions(db, ctx.sessionPolicy), 10 * 60 * 1000).unref();
  const stopBackups = scheduleBackups(ctx, options.backupCheckEveryMs);
  const server = createApp(ctx).listen(options.port, options.host ?? '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;
  ctx.log('start', { port, dataDir: options.dataDir });
  for (const problem of readSurveyFolder().problems) ctx.log('survey.skipped', { file: problem.file, reason: problem.reason });
  return {
    url: `http://${!options.host || LOOPBACK_OR_ANY.has(options.host) ? 'localhost' : options.host}:${port}`,
    ctx,
    firstAdmin,
    async close() {
      clearInterval(sweep);
      stopBackups();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await ctx.tasks.idle();
      await ctx.scans.close();
      db.close();
    },
  };
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** PHIEU_TRUST_PROXY or --trust-proxy: a number of proxies, or names, addresses and subnets separated by commas; empty is off. */
export function parseTrustProxy(value: string | undefined): string | number | false {
  const text = value?.trim();
  if (!text) return false;
  if (/^\d+$/.test(text)) return Number(text);
  const parts = text.split(',').map((part) => part.trim());
  const wrong = parts.find((part) => {
    const [address, prefix, extra] = part.split('/');
    return !PROXY_NAMES.has(part) && (!isIP(address) || extra !== undefined || (prefix !== undefined && !/^\d{1,3}$/.test(prefix)));
  });
  if (wrong !== undefined) throw new PhieuError('badProxySetting', { value: wrong });
  return parts.join(',');
}
