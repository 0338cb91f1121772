import { config as loadDotenv } from 'dotenv';
import { join, resolve } from 'node:path';
import { AppError } from '../errors.js';
import { configSchema, type Config } from './schema.js';

type Env = Record<string, string | undefined>;

export interface LoadOptions {
  /**
   * The project folder. With it, `.env` and relative paths (KNOWLEDGE_DIR, INDEX_DIR, CACHE_DIR, FEEDBACK_FILE)
   * resolve against AEO_HOME, else this folder: never the current folder, so the CLI works from anywhere.
   */
  root?: string;
}

/** Settings that name a file or folder. */
const PATH_KEYS = ['KNOWLEDGE_DIR', 'INDEX_DIR', 'CACHE_DIR', 'FEEDBACK_FILE', 'QUESTION_LOG_FILE'] as const;

/** The only place that reads process.env. A bad setting stops start-up with the variable's name. */
export function loadConfig(env?: Env, opts: LoadOptions = {}): Config {
  const parsed = configSchema.safeParse(stripEmpty(env ?? readEnv(opts.root)));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new AppError('CONFIG_INVALID', `Invalid configuration: ${issues.join('; ')}`, { issues });
  }
  return opts.root === undefined ? parsed.data : withHome(parsed.data, opts.root);
}

/** AEO_HOME (itself relative to the current folder, as any path typed in a shell), else the project folder. */
export function homeOf(config: Pick<Config, 'AEO_HOME'>, root: string): string {
  return config.AEO_HOME ? resolve(config.AEO_HOME) : root;
}

/** The config with every path setting made absolute against the home folder. */
export function withHome(config: Config, root: string): Config {
  const home = homeOf(config, root);
  const out = { ...config };
  for (const key of PATH_KEYS) out[key] = resolve(home, config[key]);
  return out;
}

function readEnv(root: string | undefined): Env {
  const home = process.env.AEO_HOME || root;
  loadDotenv({ quiet: true, ...(home ? { path: join(resolve(home), '.env') } : {}) });
  return process.env;
}

/** Empty variables mean "use the default", as in most twelve-factor services. */
function stripEmpty(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}
