import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { AppError } from '../../errors.js';
import type { Logger } from '../../logging/logger.js';
import type { Reindexer } from '../../knowledge/reindexer.js';

/** Constant-time comparison of two secrets of any length (hashes have equal length). */
export function sameSecret(given: string, expected: string): boolean {
  const h = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(given), h(expected));
}

/**
 * Operator routes under /admin, behind `Authorization: Bearer <ADMIN_TOKEN>`:
 * POST /admin/reindex rebuilds changed files and swaps the index in; requests keep being answered meanwhile.
 */
export function adminRoutes(token: string, reindexer: Reindexer, logger: Logger): Router {
  const log = logger.child({ module: 'admin' });
  const router = express.Router();
  router.use((req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? '';
    const given = /^Bearer (.+)$/i.exec(header)?.[1] ?? '';
    if (!given || !sameSecret(given, token)) {
      log.warn({ path: req.path, ip: req.ip }, 'admin request refused');
      res.set('www-authenticate', 'Bearer');
      throw new AppError('UNAUTHORIZED', 'A valid admin token is required.');
    }
    next();
  });
  router.post('/reindex', async (_req, res) => {
    const outcome = await reindexer.run('admin');
    res.status(outcome.ok ? 200 : 500).json(outcome);
  });
  router.get('/status', (_req, res) => void res.json({ index: reindexer.health() }));
  return router;
}
