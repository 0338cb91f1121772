import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const httpUrl = z.string().url().regex(/^https?:\/\//, 'must start with http:// or https://');

/**
 * Every setting of the service, read from the environment (and `.env`).
 * The `.describe()` text is the documentation: `.env.example` and the README table are checked against it.
 */
export const configSchema = z.object({
  KNOWLEDGE_DIR: z.string().min(1).default('knowledge').describe('Folder of knowledge files to index.'),
  INDEX_DIR: z.string().min(1).default('.aeo-index').describe('Folder of the built index artifact.'),
  CACHE_DIR: z.string().min(1).default('.aeo-cache').describe('Folder of the converted word-vector cache.'),
  HOST: z.string().min(1).default('0.0.0.0').describe('Address the HTTP server listens on.'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978).describe('Port of the HTTP server.'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('Log level.'),
  MAX_QUESTION_CHARS: z.coerce.number().int().min(10).max(20000).default(1000).describe('Longest question accepted.'),
  TOP_K: z.coerce.number().int().min(1).max(50).default(8).describe('Chunks retrieved per question.'),
  MIN_CONFIDENCE: z.coerce.number().min(0).max(1).optional().describe('Overrides the decline threshold fitted with the relevance model (data/relevance-model.json): below this probability the bot declines.'),
  SESSION_TTL_MINUTES: z.coerce.number().int().min(1).max(1440).default(30).describe("Minutes a conversation's state (eligibility check, recent turns) is kept."),
  FEEDBACK_FILE: z.string().min(1).default('data/feedback.jsonl').describe('JSONL file where answer feedback (helpful / not helpful) is recorded.'),
  SLACK_BOT_TOKEN: z.string().optional().describe('Slack bot token (xoxb-...); with SLACK_SIGNING_SECRET it turns the Slack channel on.'),
  SLACK_SIGNING_SECRET: z.string().optional().describe('Slack signing secret, to verify requests to /slack/events.'),
  SLACK_APP_TOKEN: z.string().optional().describe('Slack app-level token (xapp-...); when set Slack runs in Socket Mode instead of HTTP.'),
  SLACK_EXPERTS_CHANNEL: z.string().optional().describe('Slack channel id where "Ask a customs expert" forwards questions.'),
  ANSWER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4).describe('Chat answers worked on at once; more wait their turn so Slack acknowledgements stay fast.'),
  SLACK_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20).describe('Questions one Slack user may ask per minute; beyond it they get one polite reply.'),
  SLACK_API_URL: z.string().url().optional().describe('Slack Web API base URL (only for tests against a local fake).'),
  MicrosoftAppId: z.string().optional().describe('Bot Framework app id; turns the Teams channel on at /api/messages with token checks.'),
  MicrosoftAppPassword: z.string().optional().describe('Bot Framework app password (client secret).'),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant').describe('Bot Framework app type.'),
  MicrosoftAppTenantId: z.string().optional().describe('Tenant id for SingleTenant and UserAssignedMSI apps.'),
  TEAMS_ALLOW_UNAUTHENTICATED: bool.default('false').describe('Run the Teams channel without an app id (accepts any caller): only for the Emulator and local tests.'),
  TEAMS_EXPERTS_CONVERSATION_ID: z.string().optional().describe('Teams conversation (channel) id where "Ask a customs expert" forwards questions.'),
  TEAMS_EXPERTS_SERVICE_URL: z.string().url().optional().describe('Bot Framework service URL of the experts conversation (from an activity in that channel).'),
  TEAMS_PUBLIC_HOST: z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, 'a host name such as aeo-bot.example.org, without https://').optional().describe("Public host name of the service (aeo-bot.example.org): the Teams app package's valid domain and links; used by npm run teams:package."),
  TEAMS_AUTH_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000).describe("Longest a Teams token check may take, fetching the signing keys included; after it the request gets 503."),
  TEAMS_OPENID_METADATA_URL: httpUrl.optional().describe("OpenID metadata URL of Bot Framework channel tokens (botbuilder's public-cloud URL when unset); for tests and sovereign clouds."),
  TEAMS_EMULATOR_OPENID_METADATA_URL: httpUrl.optional().describe("OpenID metadata URL of Emulator and Azure AD v2 tokens (botbuilder's public-cloud URL when unset); for tests and sovereign clouds."),
  WATCH_KNOWLEDGE: bool.default('false').describe('Rebuild changed files when the knowledge folder changes.'),
  ADMIN_TOKEN: z.string().min(16, 'use at least 16 characters').optional().describe('Bearer token for POST /admin/reindex; the admin routes are off without it.'),
  METRICS_ENABLED: bool.default('true').describe('Serve Prometheus metrics at /metrics.'),
  LOG_REDACT_TEXT: bool.default('false').describe("Keep users' message text out of the logs."),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional().describe('Redis for shared state (conversations, eligibility sessions, Slack dedupe, rate limits, feedback) across replicas; in-memory and file stores without it.'),
  REDIS_KEY_PREFIX: z.string().min(1).default('aeo:').describe('Prefix of every Redis key, so deployments can share one Redis.'),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000).describe('On SIGTERM, how long answers in flight may take to finish before the process exits.'),
  LLM_PROVIDER: z.enum(['none', 'openai', 'azure', 'anthropic', 'ollama', 'openai-compatible']).default('none').describe('Chat model that writes answers from the retrieved passages: none (extractive answers only, offline), openai, azure, anthropic, ollama or openai-compatible (vLLM, LM Studio, llama.cpp server).'),
  LLM_MODEL: z.string().optional().describe('Chat model name (gpt-4o-mini, claude-sonnet-4-5, llama3.1, ...); required for every provider but azure, which names a deployment.'),
  LLM_BASE_URL: httpUrl.optional().describe('Base URL of the chat model API: required for openai-compatible (http://localhost:8000/v1); optional for openai, anthropic and ollama (http://127.0.0.1:11434).'),
  LLM_API_KEY: z.string().optional().describe('API key of the chat model provider (secret); required for openai, azure and anthropic.'),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(20_000).describe('Longest wait for one model call, retries included; after it the extractive answer is given.'),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(1).describe('Retries of a failed model call (429, 5xx, network errors) within LLM_TIMEOUT_MS.'),
  LLM_TEMPERATURE: z.coerce.number().min(0).max(2).default(0).describe('Sampling temperature of the chat model.'),
  LLM_MAX_TOKENS: z.coerce.number().int().min(16).max(16_384).default(800).describe('Longest answer the chat model may write, in tokens.'),
  LLM_CONDENSE_FOLLOW_UPS: bool.default('true').describe("With a chat model, rewrite a follow-up question and the conversation's recent turns into a standalone question before retrieval."),
  AZURE_OPENAI_ENDPOINT: httpUrl.optional().describe('Azure OpenAI resource endpoint (https://RESOURCE.openai.azure.com/), for the azure chat model or embeddings.'),
  AZURE_OPENAI_API_VERSION: z.string().min(1).default('2024-10-21').describe('Azure OpenAI API version.'),
  AZURE_OPENAI_API_DEPLOYMENT_NAME: z.string().optional().describe('Azure OpenAI deployment of the chat model (LLM_PROVIDER=azure).'),
  AZURE_OPENAI_API_EMBEDDINGS_DEPLOYMENT_NAME: z.string().optional().describe('Azure OpenAI deployment of the embeddings model (EMBEDDINGS_PROVIDER=azure).'),
  EMBEDDINGS_PROVIDER: z.enum(['local', 'openai', 'azure', 'ollama']).default('local').describe('Embedder of the passage vectors: local (offline word vectors), openai (or an OpenAI-compatible server), azure or ollama; a change rebuilds the index.'),
  EMBEDDINGS_MODEL: z.string().optional().describe('Embeddings model name (text-embedding-3-small, nomic-embed-text, ...); required for openai and ollama.'),
  EMBEDDINGS_BASE_URL: httpUrl.optional().describe('Base URL of the embeddings API (an OpenAI-compatible server, or Ollama at http://127.0.0.1:11434).'),
  EMBEDDINGS_API_KEY: z.string().optional().describe('API key of the embeddings provider (secret); LLM_API_KEY when unset.'),
});

export type Config = z.infer<typeof configSchema>;
