import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  type AuthenticateRequestResult,
  type BotFrameworkAuthentication,
} from 'botframework-connector';
import { asAppError } from '../../errors.js';
import type { Logger } from '../../logging/logger.js';
import type { Messages } from '../../i18n/messages.js';
import type { Channel } from '../channel.js';
import type { TeamsBot } from './teams-bot.js';
import { keepEntityProperties } from './entity-serialization.js';
import type { Proactive } from './expert-desk.js';
import { installTimedMetadata } from './openid-metadata.js';
import { authenticate } from './teams-auth.js';

export interface TeamsAuth {
  MicrosoftAppId?: string;
  MicrosoftAppPassword?: string;
  MicrosoftAppType: string;
  MicrosoftAppTenantId?: string;
  /** OpenID metadata of channel tokens (botbuilder's public-cloud URL by default). */
  openIdMetadataUrl?: string;
  /** OpenID metadata of Emulator / AAD v2 tokens. */
  emulatorOpenIdMetadataUrl?: string;
  /** Longest a token check may take (fetching the signing keys included). */
  timeoutMs: number;
}

const BODY_LIMIT = '256kb';

/** CloudAdapter whose turn runs after the route's own token check (botbuilder's would answer 500 with internals). */
class CheckedAdapter extends CloudAdapter {
  run(
    auth: AuthenticateRequestResult,
    activity: Activity,
    logic: (c: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

/** The Teams channel at POST /api/messages on the service's one server, through botbuilder's CloudAdapter. */
export class TeamsChannel implements Channel {
  readonly name = 'teams';
  private readonly adapter: CheckedAdapter;
  private readonly auth: BotFrameworkAuthentication;
  private readonly log: Logger;
  private readonly bot: TeamsBot;

  /** The bot is made from a factory so it can send proactive messages through this channel's adapter. */
  constructor(
    private readonly config: TeamsAuth,
    makeBot: (proactive: Proactive) => TeamsBot,
    private readonly messages: Messages,
    logger: Logger,
  ) {
    this.log = logger.child({ channel: 'teams' });
    keepEntityProperties();
    const channelMetadata = config.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl;
    const emulatorMetadata =
      config.emulatorOpenIdMetadataUrl ?? AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl;
    installTimedMetadata([channelMetadata, emulatorMetadata], config.timeoutMs);
    const { MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppType, MicrosoftAppTenantId } = config;
    this.auth = new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppType,
      ...(MicrosoftAppId ? { MicrosoftAppId } : {}),
      ...(MicrosoftAppPassword ? { MicrosoftAppPassword } : {}),
      ...(MicrosoftAppTenantId ? { MicrosoftAppTenantId } : {}),
      // Naming any endpoint makes botbuilder take all of them from here: the public cloud's, bar the metadata URLs.
      ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      ToBotFromChannelOpenIdMetadataUrl: channelMetadata,
      ToBotFromEmulatorOpenIdMetadataUrl: emulatorMetadata,
      CallerId: CallerIdConstants.PublicAzureChannel,
    });
    this.adapter = new CheckedAdapter(this.auth);
    this.bot = makeBot((reference, logic) =>
      this.adapter.continueConversationAsync(config.MicrosoftAppId ?? '', reference, logic),
    );
    // The one error handler of a turn: log with the turn id, apologise, never leave the user in silence.
    this.adapter.onTurnError = async (context: TurnContext, error: Error) => {
      this.log.error(
        { turnId: context.activity.id, conversation: context.activity.conversation?.id, err: error.message },
        'Teams turn failed',
      );
      try {
        await context.sendActivity(this.messages.text('en', 'error'));
      } catch (sendErr) {
        this.log.error({ turnId: context.activity.id, err: (sendErr as Error).message }, 'could not send the apology');
      }
    };
  }

  mount(app: Express): void {
    const parse = express.json({ limit: BODY_LIMIT });
    const fail = (res: Response, status: number, code: string, message: string) =>
      void res.status(status).json({ error: { code, message } });
    // Malformed or oversized activities get a 400 from this route, as the Bot Framework service expects.
    const parseOr400 = (req: Request, res: Response, next: NextFunction) =>
      parse(req, res, (err?: unknown) =>
        err ? fail(res, 400, 'BAD_REQUEST', 'Malformed or oversized activity.') : next(),
      );
    app.post('/api/messages', parseOr400, async (req: Request, res: Response) => {
      const body = req.body as { type?: unknown; serviceUrl?: unknown; conversation?: { id?: unknown } } | undefined;
      if (
        !body ||
        typeof body !== 'object' ||
        typeof body.type !== 'string' ||
        typeof body.serviceUrl !== 'string' ||
        typeof body.conversation?.id !== 'string'
      ) {
        return fail(res, 400, 'BAD_REQUEST', 'Not a Bot Framework activity.');
      }
      const activity = withDates(body as unknown as Activity);
      let checked: AuthenticateRequestResult;
      try {
        checked = await authenticate(this.auth, activity, req.headers.authorization ?? '', this.config.timeoutMs);
      } catch (err) {
        const e = asAppError(err);
        // One line per refused request; the token itself never reaches the log.
        this.log.warn(
          { turnId: activity.id, code: e.code, reason: e.details.reason ?? e.message },
          'Teams request refused: token not accepted',
        );
        return fail(
          res,
          e.httpStatus === 503 ? 503 : 401,
          e.code === 'AUTH_UNAVAILABLE' ? e.code : 'UNAUTHORIZED',
          e.message,
        );
      }
      try {
        const invoke = await this.adapter.run(checked, activity, (context) => this.bot.run(context));
        res.status(invoke?.status ?? 200);
        if (invoke?.body !== undefined) res.json(invoke.body);
        else res.end();
      } catch (err) {
        this.log.error({ turnId: activity.id, err: (err as Error).message }, 'Teams activity failed');
        if (!res.headersSent) fail(res, 500, 'INTERNAL', 'The activity could not be processed.');
      }
    });
  }
}

/** As botbuilder's own request handling does: timestamps as Dates, the raw strings kept. */
function withDates(activity: Activity): Activity {
  const a = activity as Activity & Record<string, unknown>;
  for (const key of ['timestamp', 'localTimestamp', 'expiration'] as const) {
    const v = a[key];
    if (typeof v === 'string') {
      a[`raw${key[0]!.toUpperCase()}${key.slice(1)}`] = v;
      a[key] = new Date(v) as never;
    }
  }
  return activity;
}
