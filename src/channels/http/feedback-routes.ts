import express, { type Router } from 'express';
import { AppError } from '../../errors.js';
import { LANGUAGES } from '../../i18n/messages.js';
import type { Services } from '../../main.js';
import { apiGuard } from './api-guard.js';
import { storedExpertRequests, type ExpertInbox } from './expert-inbox.js';

const BODY_LIMIT = '16kb';
const CHANNEL = 'web';

type Body = Record<string, unknown>;

function objectBody(body: unknown): Body {
  const ok = body && typeof body === 'object' && !Array.isArray(body);
  if (!ok) throw new AppError('BAD_REQUEST', 'Send a JSON object.');
  return body as Body;
}

/** A string field of at most `max` characters; longer free text (questions, answers) is cut, ids are refused. */
type TextOpts = { optional?: boolean; cut?: boolean };

function text(body: Body, key: string, max: number, opts: TextOpts = {}): string | undefined {
  const v = body[key];
  if ((v === undefined || v === null || v === '') && opts.optional) return undefined;
  if (typeof v !== 'string' || !v.trim()) throw new AppError('BAD_REQUEST', `"${key}" must be a non-empty string.`);
  if (v.length > max && !opts.cut) throw new AppError('BAD_REQUEST', `"${key}" is longer than ${max} characters.`);
  return v.slice(0, max);
}

/** The asker as far as the web knows: their conversation id (the page's own, from sessionStorage). */
const webUser = (body: Body) => `${CHANNEL}:${text(body, 'conversationId', 200, { optional: true }) ?? 'anonymous'}`;

/** Checked by length first, then a pattern that cannot backtrack far on so short a string. */
function email(body: Body): string | undefined {
  const v = text(body, 'email', 254, { optional: true })?.trim();
  if (v !== undefined && !/^[^\s@]+@[^\s@]+$/.test(v)) {
    throw new AppError('BAD_REQUEST', '"email" is not an e-mail address.');
  }
  return v;
}

/**
 * The web chat's answer actions, into the feedback store every channel shares (`channel: web`):
 * `POST /api/feedback` {answerId, question, helpful, comment?, answerKind?, conversationId?} and
 * `POST /api/expert` {answerId, question, answer, language?, email?, conversationId?}, which goes to the experts
 * channel when one is set; a request the experts channel refuses is kept in the store rather than lost.
 */
export function feedbackRoutes(
  services: Pick<Services, 'config' | 'state' | 'logger'> & { expertInbox?: ExpertInbox },
): Router {
  const { config, state, logger } = services;
  const feedback = state.feedback;
  const inbox = services.expertInbox ?? storedExpertRequests(feedback);
  const log = logger.child({ module: 'http', route: 'feedback' });
  // Ratings and expert requests cost little but are written to the store: the same per-client budget as questions.
  const guard = apiGuard(
    state.requestLimiter({ points: config.ASK_RATE_LIMIT_PER_MINUTE, durationSec: 60, keyPrefix: 'http-feedback' }),
    { maxInFlight: config.HTTP_MAX_ANSWERS_IN_FLIGHT, maxPerClient: config.HTTP_MAX_ANSWERS_PER_CLIENT }, logger,
  );
  const router = express.Router();
  // JSON only: another site's page cannot send that without a CORS preflight this service never grants, so it cannot
  // fill the store from its visitors' browsers (a text/plain body is refused as malformed).
  const json = express.json({ limit: BODY_LIMIT, type: 'application/json' });
  const fallback = storedExpertRequests(feedback);

  router.post('/api/feedback', guard, json, async (req, res) => {
    const body = objectBody(req.body);
    if (typeof body.helpful !== 'boolean') throw new AppError('BAD_REQUEST', '"helpful" must be true or false.');
    const comment = text(body, 'comment', 2000, { optional: true, cut: true })?.trim();
    const answerKind = text(body, 'answerKind', 40, { optional: true });
    await feedback.record({
      at: new Date().toISOString(), channel: CHANNEL, userId: webUser(body), answerId: text(body, 'answerId', 100)!,
      question: text(body, 'question', 1000, { cut: true })!, helpful: body.helpful,
      ...(answerKind ? { answerKind } : {}), ...(comment ? { comment } : {}),
    });
    log.info({ answerId: body.answerId, helpful: body.helpful, comment: Boolean(comment) }, 'feedback recorded');
    res.json({ ok: true });
  });

  router.post('/api/expert', guard, json, async (req, res) => {
    const body = objectBody(req.body);
    const asked = body.language;
    const language = typeof asked === 'string' && (LANGUAGES as readonly string[]).includes(asked) ? asked : 'en';
    const address = email(body);
    const request = {
      answerId: text(body, 'answerId', 100)!, question: text(body, 'question', 1000, { cut: true })!,
      answer: text(body, 'answer', 4000, { cut: true })!, language, userId: webUser(body), channel: CHANNEL,
      ...(address ? { email: address } : {}),
    };
    let target = inbox.target;
    try {
      await inbox.forward(request);
    } catch (err) {
      if (inbox.target === 'store') throw err;
      log.error(
        { target: inbox.target, err: (err as Error).message, answerId: request.answerId },
        'experts channel refused a web question; kept in the feedback store',
      );
      await fallback.forward(request);
      target = 'store';
    }
    res.json({ ok: true, forwardedTo: target });
  });
  return router;
}
