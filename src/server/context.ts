import type { LogEvent } from '../io/log.js';
import type { Db } from '../store/db.js';
import type { ClaimLimiter } from './auth/claimLimiter.js';
import type { GuessThrottle } from './auth/guessThrottle.js';
import type { SessionPolicy } from './auth/sessions.js';
import type { CookiePolicy } from './http/session.js';
import type { ScanService } from './scanService.js';
import type { BackgroundTasks } from './backgroundTasks.js';

/** What the routes share: one database connection, the data folder and the long-lived services. */
export interface ServerContext {
  db: Db;
  dataDir: string;
  secret: Buffer;
  scans: ScanService;
  tasks: BackgroundTasks;
  /** Password and token guesses per account and address. */
  throttle: GuessThrottle;
  /** Review items each reviewer may claim in a minute. */
  claims: ClaimLimiter;
  /** Express's "trust proxy": which reverse proxies may tell the client's address (off unless configured). */
  trustProxy: string | number | false;
  sessionPolicy: SessionPolicy;
  cookies: CookiePolicy;
  /** Largest file accepted by the upload routes, in bytes. */
  maxUploadBytes: number;
  demoFormsPerOffice: number;
  /** One line per event (src/io/log.ts: passwords, tokens and personal data taken out). */
  log: LogEvent;
}
