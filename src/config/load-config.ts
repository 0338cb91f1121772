import { config as loadDotenv } from 'dotenv';
import { AppError } from '../errors.js';
import { configSchema, type Config } from './schema.js';

/** The only place that reads process.env. A bad setting stops start-up with the variable's name. */
export function loadConfig(env: Record<string, string | undefined> = readEnv()): Config {
  const parsed = configSchema.safeParse(stripEmpty(env));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new AppError('CONFIG_INVALID', `Invalid configuration: ${issues.join('; ')}`, { issues });
  }
  return parsed.data;
}

function readEnv(): Record<string, string | undefined> {
  loadDotenv({ quiet: true });
  return process.env;
}

/** Empty variables mean "use the default", as in most twelve-factor services. */
function stripEmpty(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}
