import type { Config } from '../config/schema.js';
import { AppError } from '../errors.js';

type Key = keyof Config;

/**
 * Reads settings a provider cannot work without: a missing one stops start-up with an error naming the variable
 * and the provider that needs it.
 */
export class RequiredSettings {
  constructor(private readonly config: Config, private readonly needer: string) {}

  string(key: Key): string {
    const v = this.config[key];
    if (typeof v === 'string' && v.trim()) return v;
    throw new AppError('CONFIG_INVALID', `Invalid configuration: ${String(key)}: required when ${this.needer}`, { issues: [`${String(key)}: required when ${this.needer}`] });
  }

  /** The first of several variables that is set (e.g. EMBEDDINGS_API_KEY, then LLM_API_KEY). */
  firstOf(...keys: Key[]): string {
    for (const key of keys) {
      const v = this.config[key];
      if (typeof v === 'string' && v.trim()) return v;
    }
    return this.string(keys[0] as Key);
  }
}

/** An Azure OpenAI resource endpoint as the deployments base path both LangChain Azure classes accept. */
export function azureDeployments(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/openai/deployments`;
}
