import { createRequire } from 'node:module';
import type * as AdaptiveCards from 'adaptivecards';

// The package's lib/ is ESM without file extensions (Node cannot load it); its dist/ bundle is plain CommonJS.
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

/** Teams' guidance is at most 6 primary actions; the library's default host config allows 5. */
const hostConfig = new AC.HostConfig({ actions: { maxActions: 6 } });

export interface CardCheck {
  errors: string[];
  actions: number;
}

/** Parses a card with the adaptivecards library and validates it; `actions` counts the card's primary actions. */
export function checkCard(json: unknown): CardCheck {
  const card = new AC.AdaptiveCard();
  card.hostConfig = hostConfig;
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const errors: string[] = [];
  for (let i = 0; i < context.eventCount; i++) errors.push(`parse: ${context.getEventAt(i).message}`);
  for (const e of card.validateProperties().validationEvents) errors.push(`validate: ${e.message}`);
  const actions = Array.isArray((json as { actions?: unknown[] }).actions)
    ? (json as { actions: unknown[] }).actions.length
    : 0;
  return { errors, actions };
}

export interface TeamsAttachment {
  contentType: string;
  content: Record<string, unknown>;
}

/** Every Adaptive Card in a bot message, and the cards in its "More" menus. */
export function cardsOf(message: Record<string, unknown>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const visit = (card: Record<string, unknown>) => {
    out.push(card);
    for (const a of (card.actions as Record<string, unknown>[] | undefined) ?? []) {
      if (a.type === 'Action.ShowCard' && a.card) visit(a.card as Record<string, unknown>);
    }
  };
  for (const att of (message.attachments as TeamsAttachment[] | undefined) ?? []) {
    if (att.contentType === 'application/vnd.microsoft.card.adaptive') visit(att.content);
  }
  return out;
}
