import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Headers every response carries, set by helmet. The app loads scripts, styles and images only from itself, and
 * page images and clips are served with their own image type plus nosniff, so an uploaded file can never run as a
 * page. helmet's defaults are kept where they fit, except two that assume HTTPS: phieu is usually served over plain
 * HTTP on an office network, where HSTS means nothing and `upgrade-insecure-requests` would send the page's own
 * requests to a port that does not answer (whoever puts HTTPS in front of phieu sets HSTS there).
 */
const helmetHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      styleSrc: ["'self'"],
      scriptSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
    },
  },
  crossOriginOpenerPolicy: { policy: 'same-origin' },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  referrerPolicy: { policy: 'no-referrer' },
  xFrameOptions: { action: 'deny' },
  strictTransportSecurity: false,
});

export const securityHeaders: RequestHandler = (req, res, next) => {
  // helmet does not set Permissions-Policy (its list of features keeps changing), so that one is ours.
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  if (req.path.startsWith('/api/')) res.setHeader('Cache-Control', 'no-store');
  helmetHeaders(req, res, next);
};
