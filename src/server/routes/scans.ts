import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { scanFileStatus } from '../../store/scans.js';
import { saveScanSettings, scanSettings } from '../../store/scanSettings.js';
import { stationOfToken } from '../auth/stationTokens.js';
import type { ServerContext } from '../context.js';
import { parseInput, waitFor } from '../http/errors.js';
import { PhieuError } from '../../errors/errorTable.js';
import { addressOf, requirePermission, userOf } from '../http/session.js';

const UploadQuery = z.object({ name: z.string().trim().min(1).max(255), batch: z.string().trim().max(200).optional() });
// The uploads a scanning screen sent and still follows, as "1,2,3".
const UploadIds = z.object({
  ids: z
    .string()
    .regex(/^\d{1,12}(,\d{1,12}){0,499}$/, 'danh sách số tệp, cách nhau bởi dấu phẩy (tối đa 500)')
    .transform((ids) => ids.split(',').map(Number)),
});
const CancelBody = z.strictObject({ uploadId: z.number().int().positive() });
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 hex');

/**
 * Scan uploads. A file is sent as the raw body of one request (no multipart: it streams straight to disk with its
 * size checked as it comes). Browsers use their session; scanning stations use a bearer token and the `/station`
 * routes, which also answer whether a file is already known so a station resumes a batch after a dropped link.
 */
export function uploadRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { scans } = ctx;

  router.put('/uploads', requirePermission('scanUpload'), async (req, res) => {
    const query = parseInput(UploadQuery, req.query);
    declaredSizeOk(req, ctx.maxUploadBytes);
    const receipt = await scans.receive(req, { originalName: query.name, batch: query.batch, actor: userOf(res).username, source: 'upload', maxBytes: ctx.maxUploadBytes });
    res.status(receipt.alreadyKnown ? 200 : 201).json(receipt);
  });

  router.get('/scans/status', requirePermission('scanView'), (_req, res) => res.json(scans.status()));
  // Stops the file being read (a 3,000-page file would hold the queue for hours); its pages read so far are kept.
  router.post('/scans/cancel', requirePermission('scanUpload'), (req, res) => {
    const { uploadId } = parseInput(CancelBody, req.body);
    if (!scans.cancel(uploadId, userOf(res).username)) throw new PhieuError('uploadNotReading', {});
    res.json({ cancelling: true });
  });
  router.get('/scans/settings', requirePermission('scanView'), (_req, res) => res.json(scanSettings(ctx.db)));
  router.put('/scans/settings', requirePermission('maintenance'), (req, res) => {
    res.json(saveScanSettings(ctx.db, req.body, userOf(res).username));
  });
  router.get('/uploads', requirePermission('scanView'), (req, res) => res.json({ uploads: scans.uploads(parseInput(UploadIds, req.query).ids) }));
  return router;
}

export function stationRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { db, scans } = ctx;

  /** The station of the request's token; each try is counted against the address before the token is looked up. */
  const station = async (req: Request, res: Response) => {
    const keys = [{ kind: 'token' as const, address: addressOf(req) }];
    const wait = await ctx.throttle.attempt(keys);
    if (wait) throw waitFor(res, wait, 'tooManyStationTokens');
    const token = /^Bearer (\S{1,200})$/.exec(req.headers.authorization ?? '')?.[1];
    const found = token && stationOfToken(db, token);
    if (!found) throw new PhieuError('unknownStation', {});
    await ctx.throttle.right(keys);
    return found;
  };

  router.get('/files/:sha256', async (req, res) => {
    await station(req, res);
    const sha256 = parseInput(Sha256, req.params.sha256);
    const status = scanFileStatus(db, sha256);
    res.json({ known: status !== undefined, status: status ?? null });
  });

  router.put('/files/:sha256', async (req, res) => {
    const found = await station(req, res);
    const sha256 = parseInput(Sha256, req.params.sha256);
    const query = parseInput(UploadQuery, req.query);
    declaredSizeOk(req, ctx.maxUploadBytes);
    const receipt = await scans.receive(req, { originalName: query.name, batch: query.batch ?? found.name, actor: `station:${found.name}`, source: 'station', maxBytes: ctx.maxUploadBytes, expectedSha256: sha256 });
    res.status(receipt.alreadyKnown ? 200 : 201).json(receipt);
  });

  return router;
}

/** Refuses at once when the sender declares a size over the limit, before a byte is written. */
function declaredSizeOk(req: Request, max: number): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) throw new PhieuError('fileTooLarge', { limit: max });
}
