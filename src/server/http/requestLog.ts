import type { RequestHandler } from 'express';
import type { ServerContext } from '../context.js';

/**
 * One log line per API request once it is answered: method, path, status, time and who. The query string is left
 * out (file names and filters can carry names), and so are headers and bodies (passwords, tokens, cookies).
 */
export function requestLog(log: ServerContext['log']): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const visit = res.locals.visit as { user?: { username: string } } | undefined;
      log('http', {
        method: req.method,
        path: req.originalUrl.split('?')[0],
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1_000_000n),
        user: visit?.user?.username ?? null,
      });
    });
    next();
  };
}
