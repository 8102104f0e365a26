import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import type { ServerContext } from './context.js';
import { errorHandlerWith } from './http/errors.js';
import { PhieuError } from '../errors/errorTable.js';
import { requestLog } from './http/requestLog.js';
import { securityHeaders } from './http/security.js';
import { csrfProtection, sessions } from './http/session.js';
import { adminRoutes } from './routes/admin.js';
import { authRoutes } from './routes/auth.js';
import { kioskAdminRoutes, kioskDeviceRoutes } from './routes/kiosk.js';
import { maintenanceRoutes } from './routes/maintenance.js';
import { pageRoutes } from './routes/pages.js';
import { personalRoutes } from './routes/personal.js';
import { markCutRoutes } from './routes/markCuts.js';
import { resultsRoutes } from './routes/results.js';
import { reviewRoutes } from './routes/review.js';
import { samplingRoutes } from './routes/sampling.js';
import { printingRoutes } from './routes/printing.js';
import { stationRoutes, uploadRoutes } from './routes/scans.js';
import { textClipRoutes } from './routes/textClips.js';
import { webLabelsModule } from './webLabels.js';

export const WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web-entry');
const PAGE_FILES = new Set(['/', '/index.html', '/style.css', '/kiosk.html', '/kiosk.css', '/favicon.svg']);

/**
 * The web app: a JSON API under /api and the static screens of `web-entry/`. Scanning stations authenticate with a
 * bearer token and send no cookies, so their routes sit outside the session and CSRF layers.
 */
export function createApp(ctx: ServerContext): Express {
  const app = express();
  app.set('trust proxy', ctx.trustProxy);
  app.use(securityHeaders);
  app.use('/api', requestLog(ctx.log));
  app.use('/api/station', stationRoutes(ctx));
  // Desk kiosks, like stations, carry a bearer token and no cookies (their page is /kiosk).
  app.use('/api/kiosk', kioskDeviceRoutes(ctx));

  const api = express.Router();
  api.use(express.json({ limit: '256kb' }));
  api.use(sessions(ctx.db, ctx.sessionPolicy, ctx.cookies));
  api.use(csrfProtection);
  api.use(authRoutes(ctx));
  api.use(reviewRoutes(ctx));
  api.use(textClipRoutes(ctx));
  api.use(pageRoutes(ctx));
  api.use(markCutRoutes(ctx));
  api.use(uploadRoutes(ctx));
  api.use(adminRoutes(ctx));
  api.use(samplingRoutes(ctx));
  api.use(printingRoutes(ctx));
  api.use(kioskAdminRoutes(ctx));
  api.use(resultsRoutes(ctx));
  api.use(maintenanceRoutes(ctx));
  api.use(personalRoutes(ctx));
  api.use((req, _res, next) => next(new PhieuError('unknownApiPath', { method: req.method, path: req.path })));
  app.use('/api', api);

  app.get('/kiosk', (_req, res) => res.sendFile(path.join(WEB_ROOT, 'kiosk.html')));
  const labels = webLabelsModule();
  app.get('/js/labels.js', (_req, res) => res.type('text/javascript').send(labels));
  // Browsers ask for /favicon.ico whatever the page links; the icon is an SVG.
  app.get('/favicon.ico', (_req, res) => res.type('image/svg+xml').sendFile(path.join(WEB_ROOT, 'favicon.svg')));
  // Only what the browser runs: the built screens and the pages' own files, not the TypeScript sources and compiler
  // settings that sit beside them in web-entry/.
  app.use('/js', express.static(path.join(WEB_ROOT, 'js'), { index: false, dotfiles: 'ignore' }));
  const pageFiles = express.static(WEB_ROOT, { index: 'index.html', dotfiles: 'ignore' });
  app.use((req, res, next) => (PAGE_FILES.has(req.path) ? pageFiles(req, res, next) : next()));
  // The screens are one page that routes on the URL's hash; any other path is not ours.
  app.use((_req, _res, next) => next(new PhieuError('unknownPage', {})));
  app.use(errorHandlerWith(ctx.log));
  return app;
}
