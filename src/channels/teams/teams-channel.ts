import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Logger } from '../../logging/logger.js';
import type { Messages } from '../../i18n/messages.js';
import type { Channel } from '../channel.js';
import type { TeamsBot } from './teams-bot.js';
import { keepEntityProperties } from './entity-serialization.js';
import type { Proactive } from './expert-desk.js';

export interface TeamsAuth {
  MicrosoftAppId?: string;
  MicrosoftAppPassword?: string;
  MicrosoftAppType: string;
  MicrosoftAppTenantId?: string;
}

const BODY_LIMIT = '256kb';

/** The Teams channel at POST /api/messages on the service's one server, through botbuilder's CloudAdapter. */
export class TeamsChannel implements Channel {
  readonly name = 'teams';
  private readonly adapter: CloudAdapter;
  private readonly log: Logger;

  private readonly bot: TeamsBot;

  /** The bot is made from a factory so it can send proactive messages through this channel's adapter. */
  constructor(auth: TeamsAuth, makeBot: (proactive: Proactive) => TeamsBot, private readonly messages: Messages, logger: Logger) {
    this.log = logger.child({ channel: 'teams' });
    keepEntityProperties();
    this.adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ ...auth }));
    this.bot = makeBot((reference, logic) => this.adapter.continueConversationAsync(auth.MicrosoftAppId ?? '', reference, logic));
    // The one error handler of this channel: log with the turn id, apologise, never leave the user in silence.
    this.adapter.onTurnError = async (context: TurnContext, error: Error) => {
      this.log.error({ turnId: context.activity.id, conversation: context.activity.conversation?.id, err: error.message }, 'Teams turn failed');
      try {
        await context.sendActivity(this.messages.text('en', 'error'));
      } catch (sendErr) {
        this.log.error({ turnId: context.activity.id, err: (sendErr as Error).message }, 'could not send the apology');
      }
    };
  }

  mount(app: Express): void {
    const parse = express.json({ limit: BODY_LIMIT });
    // Malformed or oversized activities get a 400 from this route, as the Bot Framework service expects.
    const parseOr400 = (req: Request, res: Response, next: NextFunction) =>
      parse(req, res, (err?: unknown) => (err ? void res.status(400).json({ error: { code: 'BAD_REQUEST', message: 'Malformed or oversized activity.' } }) : next()));
    app.post('/api/messages', parseOr400, async (req: Request, res: Response) => {
      const body = req.body as { type?: unknown; serviceUrl?: unknown; conversation?: { id?: unknown } } | undefined;
      if (!body || typeof body !== 'object' || typeof body.type !== 'string' || typeof body.serviceUrl !== 'string' || typeof body.conversation?.id !== 'string') {
        res.status(400).json({ error: { code: 'BAD_REQUEST', message: 'Not a Bot Framework activity.' } });
        return;
      }
      await this.adapter.process(req, res, (context) => this.bot.run(context));
    });
  }
}
