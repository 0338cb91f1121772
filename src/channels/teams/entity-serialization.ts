import { createRequire } from 'node:module';

/**
 * botframework-connector's serializer keeps only the properties its `Entity` model lists (type, text,
 * mentioned), so Teams' AI label and citation entities lose everything but `type` on the way out
 * (microsoft/botbuilder-python#2208, teams-ai#2307 report the same). Letting the Entity model carry
 * additional properties sends them as written. Idempotent; runs once when the Teams channel is built.
 */
export function keepEntityProperties(): void {
  const require = createRequire(import.meta.url);
  const mappers = require('botframework-connector/lib/connectorApi/models/mappers.js') as {
    Entity?: { type: Record<string, unknown> };
  };
  if (mappers.Entity && !mappers.Entity.type.additionalProperties)
    mappers.Entity.type.additionalProperties = { type: { name: 'Object' } };
}
