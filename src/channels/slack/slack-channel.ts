import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, ExpressReceiver, LogLevel, type AuthorizeResult } from '@slack/bolt';
import express, { type Express } from 'express';
import { asAppError } from '../../errors.js';
import type { Logger } from '../../logging/logger.js';
import type { Channel } from '../channel.js';
import { registerActionHandlers } from './action-handlers.js';
import { createAssistant } from './assistant-handler.js';
import { boltLogger } from './bolt-logger.js';
import { registerCommand } from './command-handler.js';
import type { SlackAppDeps } from './deps.js';
import { registerExpertDesk } from './expert-desk.js';
import { registerMessageHandlers } from './message-handlers.js';
import { registerOnboarding } from './onboarding.js';
import { ackEventsFirst } from './ack-first.js';
import { AfterBurst } from './after-burst.js';
import { fastSlackAck, type Intercept } from './fast-ack.js';
import { appRateLimitedNotice } from './rate-limited-event.js';
import { slackSignatureGuard } from './signature.js';

export interface SlackChannelOptions {
  botToken: string;
  signingSecret: string;
  /** With an app-level token the channel connects over Socket Mode instead of receiving HTTP requests. */
  appToken?: string;
  /** Web API base URL (a local fake in tests). */
  apiUrl?: string;
  /**
   * HTTP mode: acknowledge Events API callbacks right after the one signature check and process them afterwards
   * (default). false: every request through Bolt's ExpressReceiver, which verifies again and acks an event only after
   * its authorize step (the previous path, kept for the benchmark).
   */
  ackFirst?: boolean;
}

export const SLACK_EVENTS_PATH = '/slack/events';
const BODY_LIMIT = '1mb';
const BODY_LIMIT_BYTES = 1024 * 1024;
/** A few quick retries (network errors, 5xx, 429): an answer late by minutes is worse than an error. */
const RETRIES = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 4000, randomize: true };

/**
 * The Slack channel: Bolt on the service's Express server at /slack/events (signatures checked first, 401 otherwise),
 * or Socket Mode when SLACK_APP_TOKEN is set. It only translates Slack events to answer() and Answers to Block Kit.
 */
export class SlackChannel implements Channel {
  readonly name = 'slack';
  private app: App | undefined;
  private auth: Promise<AuthorizeResult> | undefined;
  private readonly log: Logger;
  private readonly deps: SlackAppDeps;
  private fastAck: Intercept | undefined;

  constructor(private readonly opts: SlackChannelOptions, deps: SlackAppDeps) {
    this.log = deps.logger.child({ channel: 'slack' });
    this.deps = { ...deps, logger: this.log };
  }

  /** HTTP mode with acks first: a signed event is acknowledged before the Express app (fast-ack.ts). */
  intercept(req: IncomingMessage, res: ServerResponse, next: () => void): boolean {
    return this.fastAck?.(req, res, next) ?? false;
  }

  /** HTTP mode: Bolt's ExpressReceiver on the service's Express app, behind the signature guard. */
  mount(app: Express): void {
    if (this.opts.appToken) return;
    const ackFirst = this.opts.ackFirst ?? true;
    const router = express.Router();
    const guard = [...slackSignatureGuard(this.opts.signingSecret, this.log, BODY_LIMIT), appRateLimitedNotice(this.log)];
    const later = new AfterBurst();
    router.post(SLACK_EVENTS_PATH, ...guard, ...(ackFirst ? [ackEventsFirst(() => this.app, this.log, later)] : []));
    if (ackFirst) {
      this.fastAck = fastSlackAck({
        path: SLACK_EVENTS_PATH, signingSecret: this.opts.signingSecret, limitBytes: BODY_LIMIT_BYTES, app: () => this.app, later,
        logger: this.log,
      });
    }
    // The receiver's own route comes after the guard's on this router, so its second signature check is redundant.
    const receiver = new ExpressReceiver({
      signingSecret: this.opts.signingSecret, signatureVerification: !ackFirst, app, router, endpoints: SLACK_EVENTS_PATH,
      bodyLimit: BODY_LIMIT, logger: boltLogger(this.log),
    });
    this.app = this.build({ receiver });
    this.log.info({ path: SLACK_EVENTS_PATH }, 'Slack channel on (HTTP events)');
  }

  async start(): Promise<void> {
    if (this.opts.appToken) {
      this.app = this.build({ socketMode: true, appToken: this.opts.appToken });
      await this.app.start();
      this.log.info('Slack channel on (Socket Mode)');
    }
    // Checks the token now (and caches the bot's ids), so the first event is acknowledged without waiting for it.
    await this.authorize().then(
      (r) => this.log.info({ botUserId: r.botUserId }, 'Slack token verified'),
      (err: Error) => this.log.warn({ err: err.message }, 'Slack token check failed; retrying on the first event'),
    );
  }

  async stop(): Promise<void> {
    if (this.opts.appToken) await this.app?.stop();
  }

  /** Answers already acknowledged to Slack are still sent during a graceful stop. */
  drain(): Promise<void> {
    return this.deps.work.idle();
  }

  /** auth.test once, cached on success and tried again after a failure (Bolt's own check would crash start-up). */
  private authorize(): Promise<AuthorizeResult> {
    const app = this.app;
    if (!app) return Promise.reject(new Error('Slack channel not mounted'));
    this.auth ??= app.client.auth.test({ token: this.opts.botToken })
      .then((r) => ({ botToken: this.opts.botToken, ...(r.user_id ? { botUserId: r.user_id } : {}), ...(r.bot_id ? { botId: r.bot_id } : {}) }))
      .catch((err: unknown) => {
        this.auth = undefined;
        throw err;
      });
    return this.auth;
  }

  private build(transport: { receiver: ExpressReceiver } | { socketMode: true; appToken: string }): App {
    const api = this.opts.apiUrl;
    const slackApiUrl = api ? (api.endsWith('/') ? api : `${api}/`) : undefined;
    const app = new App({
      // No conversation store: conversation state lives in the engine, keyed by thread.
      ...transport, logger: boltLogger(this.log), logLevel: LogLevel.INFO, extendedErrorHandler: true, convoStore: false,
      clientOptions: { ...(slackApiUrl ? { slackApiUrl } : {}), retryConfig: RETRIES },
      // Socket Mode opens its connection (apps.connections.open) with a client of its own, configured here.
      ...('socketMode' in transport && slackApiUrl ? { installerOptions: { clientOptions: { slackApiUrl } } } : {}),
      authorize: () => this.authorize(),
    });
    app.assistant(createAssistant(this.deps));
    registerMessageHandlers(app, this.deps);
    registerCommand(app, this.deps);
    registerActionHandlers(app, this.deps);
    registerExpertDesk(app, this.deps);
    registerOnboarding(app, this.deps);
    // The one error handler of this channel: the handlers have already sent the user an answer or an apology.
    app.error(async ({ error, body }: { error: Error; body: unknown }) => {
      const e = asAppError((error as { original?: unknown }).original ?? error);
      const b = body as { type?: string; event?: { type?: string; channel?: string }; channel?: { id?: string } } | undefined;
      this.log.error({ code: e.code, requestId: e.details.requestId, err: e.message, type: b?.event?.type ?? b?.type, slackChannel: b?.event?.channel ?? b?.channel?.id }, 'Slack request failed');
    });
    return app;
  }
}
