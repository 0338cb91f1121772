import { resolve } from 'node:path';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { currentReport } from '../../editors-report/report-from-services.js';
import { logCsv } from '../../editors-report/report-csv.js';
import { applyQuestion, proposeQuestion, type Suggestion } from '../../editors-report/question-suggestion.js';
import { AppError } from '../../errors.js';
import type { Services } from '../../main.js';
import { sameSecret } from './admin-routes.js';
import { AdminSessions } from './admin-session.js';
import { appliedPage, reportPage, signInPage, suggestionPage } from './admin-page.js';
import { formPagePolicy } from './security-headers.js';

type Deps = Pick<Services, 'config' | 'state' | 'logger' | 'engine' | 'reindexer' | 'questionLog'>;

const html = (res: Response, body: string, status = 200) => {
  // same-origin (not no-referrer): the browser then sends the Origin of the page's own form posts, checked below.
  res.status(status).set({ 'content-security-policy': formPagePolicy(body), 'cache-control': 'no-store', 'referrer-policy': 'same-origin' })
    .type('html').send(body);
};

/** The suggestion a form or link names: a page, a heading path (JSON) and the question. */
function suggestionOf(fields: Record<string, unknown>): Suggestion {
  const { file, headings, question } = fields;
  let path: unknown;
  try {
    path = JSON.parse(String(headings ?? ''));
  } catch {
    path = undefined;
  }
  if (typeof file !== 'string' || typeof question !== 'string' || !Array.isArray(path) || !path.every((h) => typeof h === 'string')) {
    throw new AppError('BAD_REQUEST', 'A suggestion names a file, its section headings and a question.');
  }
  return { file, headings: path as string[], question };
}

/**
 * The editors' pages under /admin, for people with ADMIN_TOKEN: a sign-in form (the token is posted, never put in a
 * URL) opening an HttpOnly SameSite=Strict session; the report with its charts; reviewed suggestions (diff first,
 * written only on Apply, or downloaded as a patch); the log as CSV. Routes not served here fall through to the
 * bearer-token operator routes.
 */
export function adminPageRoutes(token: string, deps: Deps): Router {
  const log = deps.logger.child({ module: 'admin' });
  const sessions = new AdminSessions(deps.state.sessions<{ since: string }>('admin-session'));
  const attempts = deps.state.requestLimiter({ points: 10, durationSec: 60, keyPrefix: 'admin-sign-in' });
  const knowledgeDir = resolve(deps.config.KNOWLEDGE_DIR);
  const form = express.urlencoded({ extended: false, limit: '16kb' });
  const router = express.Router();

  // Forms post to this origin only: a cross-site post is refused even where a browser would send the cookie.
  router.use((req: Request, _res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    const crossSite = req.headers['sec-fetch-site'] === 'cross-site';
    if (req.method === 'POST' && (crossSite || (origin && origin !== `${req.protocol}://${req.get('host')}`))) {
      throw new AppError('UNAUTHORIZED', 'Cross-site form posts are refused.');
    }
    next();
  });
  const signedIn = async (req: Request, res: Response, next: NextFunction) => {
    if (await sessions.signedIn(req)) return next();
    if (req.method === 'GET' && req.path === '/') return html(res, signInPage());
    throw new AppError('UNAUTHORIZED', 'Sign in at /admin first.');
  };

  router.post('/sign-in', form, async (req, res) => {
    const limit = await attempts.consume(req.ip ?? 'unknown');
    if (!limit.allowed) {
      res.set('retry-after', String(Math.ceil(limit.retryAfterMs / 1000)));
      return html(res, signInPage('Too many attempts: wait a minute.'), 429);
    }
    const given = typeof req.body?.token === 'string' ? req.body.token : '';
    if (!given || !sameSecret(given, token)) {
      log.warn({ ip: req.ip }, 'admin sign-in refused');
      return html(res, signInPage('That is not the admin token.'), 401);
    }
    await sessions.signIn(req, res);
    log.info({ ip: req.ip }, 'admin signed in');
    res.redirect(303, '/admin');
  });
  router.post('/sign-out', async (req, res) => {
    await sessions.signOut(req, res);
    res.redirect(303, '/admin');
  });
  router.get('/', signedIn, async (_req, res) => {
    html(res, reportPage(await currentReport(deps.questionLog, deps.engine), deps.reindexer.history()));
  });
  router.get('/log.csv', signedIn, async (_req, res) => {
    const csv = logCsv((await deps.questionLog?.list()) ?? []);
    res.set({ 'content-disposition': 'attachment; filename="question-log.csv"', 'cache-control': 'no-store' }).type('text/csv').send(csv);
  });
  router.get('/suggestion', signedIn, async (req, res) => {
    html(res, suggestionPage(await proposeQuestion(knowledgeDir, suggestionOf(req.query))));
  });
  router.get('/suggestion.patch', signedIn, async (req, res) => {
    const change = await proposeQuestion(knowledgeDir, suggestionOf(req.query));
    const name = `${change.file.replace(/[^\w.-]+/g, '-')}.patch`;
    res.set({ 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' }).type('text/x-diff').send(change.patch);
  });
  router.post('/suggestion/apply', signedIn, form, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.confirm !== 'yes' || typeof body.baseHash !== 'string') throw new AppError('BAD_REQUEST', 'Apply needs the reviewed diff\'s confirmation.');
    const change = await applyQuestion(knowledgeDir, suggestionOf(body), body.baseHash);
    log.info({ file: change.file, section: change.headings.join(' > '), unchanged: change.unchanged }, 'alternate question written after review');
    // The watcher may rebuild too; one build runs at a time either way.
    if (!change.unchanged) void deps.reindexer.run('admin suggestion');
    html(res, appliedPage(change, !change.unchanged));
  });
  return router;
}
