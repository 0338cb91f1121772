#!/usr/bin/env node
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './config/load-config.js';
import type { Config } from './config/schema.js';
import { AnswerEngine } from './core/answer-engine.js';
import { ConversationMemory, type ConversationState } from './core/conversation-memory.js';
import { yieldTurn } from './core/yield-turn.js';
import { KnowledgeBase, loadRetrievalWeights } from './core/knowledge-base.js';
import { SifEmbeddings } from './embeddings/sif-embeddings.js';
import { loadWinkVectors, type WordVectors } from './embeddings/word-vectors.js';
import { Messages } from './i18n/messages.js';
import { LocalAbbreviations } from './i18n/abbreviations.js';
import { Lexicon } from './i18n/lexicon.js';
import { LanguageDetector } from './i18n/language-detector.js';
import { createLogger, prettyDestination, prettyLogs, type Logger } from './logging/logger.js';
import { IndexStore, type IdentifiedEmbeddings } from './search/index-store.js';
import { AppError } from './errors.js';
import { isExternalIndex, type KnowledgeIndex } from './search/retriever.js';
import type { PostgresIndexBackend } from './search/postgres/postgres-backend.js';
import { CuratedResponder } from './answering/curated-responder.js';
import { RetrievalResponder } from './answering/retrieval-responder.js';
import { WorkerIndexBuilder } from './search/worker-index-builder.js';
import type { ProgressListener } from './search/build-progress.js';
import { ingestLimits, type IngestLimits } from './knowledge/ingest-limits.js';
import { runCli } from './channels/cli/run-cli.js';
import { cliCommands } from './channels/cli/cli-commands.js';
import type { Command } from './channels/cli/command.js';
import { startHttpServer } from './channels/http/server.js';
import type { Channel } from './channels/channel.js';
import type { ExpertInbox } from './channels/http/expert-inbox.js';
import { readWebPage } from './channels/http/web-page.js';
import { KnowledgeWatcher } from './knowledge/watcher.js';
import { CountryResolver } from './mra/country-resolver.js';
import { MraResponder } from './mra/mra-responder.js';
import { CompareResponder } from './programmes/compare-responder.js';
import { EligibilityResponder } from './eligibility/eligibility-responder.js';
import { MemorySessionStore } from './state/session-store.js';
import type { EligibilityState } from './eligibility/flow.js';
import type { ExpertTicket, Proactive } from './channels/teams/expert-desk.js';
import { JsonlFeedbackStore, type FeedbackStore } from './state/feedback-store.js';
import { MemoryDedupeStore } from './state/dedupe-store.js';
import { MemoryRateLimiter } from './state/rate-limiter.js';
import { FlexibleRequestLimiter } from './state/request-limiter.js';
import { CountingFeedbackStore } from './state/counting-feedback-store.js';
import { FileQuestionLog, LoggingFeedbackStore, QuestionRecorder } from './question-log/index.js';
import type { SharedState } from './state/shared-state.js';
import { noopMetrics, type Metrics } from './observability/metrics.js';
import { DeferredMetrics } from './observability/deferred-metrics.js';
import type { PromMetrics } from './observability/prom-metrics.js';
import type { LlmStatus } from './llm/llm-health.js';
import { Reindexer } from './knowledge/reindexer.js';
import { LocalWorkQueue } from './core/work-queue.js';
import { Router } from './core/router.js';
import { loadUnderstandingData, Understander, type JurisdictionSource } from './understanding/understand.js';
import { IntentClassifier } from './understanding/intent-classifier.js';
import { FacetResponder } from './responders/facet-responder.js';
import { FacetComparisonResponder } from './responders/facet-comparison.js';
import { ActRequestResponder, AdviceResponder, ClarifyJurisdictionResponder, OffTopicResponder, PredictionResponder, SmallTalkResponder } from './responders/fixed-replies.js';
import { namedArrangementsIn } from './mra/mra-query.js';
import { JurisdictionFinder } from './understanding/jurisdictions.js';
import { recentMemo } from './core/recent-memo.js';
import { lexicalPageHits, settleSharedName } from './understanding/shared-names.js';
import { QuestionParts } from './core/question-parts.js';
import { commonWords } from './understanding/common-words.js';
import { FacetCatalogue } from './understanding/facet-catalogue.js';
import { loadRelevanceModel } from './answering/relevance-model.js';
import { YesNo } from './answering/yes-no.js';
import { loadChoiceData, SentenceChooser } from './answering/sentence-choice.js';
import { warmCues } from './understanding/cues.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface Services {
  config: Config;
  logger: Logger;
  engine: AnswerEngine;
  messages: Messages;
  store: IndexStore;
  metrics: Metrics;
  /** Prometheus text for /metrics; absent when METRICS_ENABLED=false. */
  renderMetrics?: () => Promise<{ contentType: string; body: string }>;
  /** Loads the metrics library (after start-up). */
  loadMetrics?: () => Promise<unknown>;
  state: SharedState;
  /** Builds or refreshes the index and swaps it into the engine (throws on failure). */
  refresh(): Promise<KnowledgeIndex>;
  /**
   * `bin/aeo-bot index`: updates the index from KNOWLEDGE_DIR and swaps it in; with INDEX_BACKEND=postgres the shared
   * database index whatever INDEX_WRITER says (`rebuild`: re-embeds every file, for a new embedder).
   */
  index(opts?: { rebuild?: boolean; onProgress?: ProgressListener }): Promise<KnowledgeIndex>;
  /** Applies the database migrations (INDEX_BACKEND=postgres); the versions applied now. */
  migrate(): Promise<string[]>;
  /** The PostgreSQL index backend when INDEX_BACKEND=postgres. */
  postgres?: PostgresIndexBackend;
  /** One rebuild at a time, failures kept for readiness: for start-up, the watcher and /admin/reindex. */
  reindexer: Reindexer;
  /** The chat model's state for readiness; absent without one. */
  llmStatus?: () => LlmStatus;
  /** Closes connections (Redis) after the server has stopped. */
  close(): Promise<void>;
  /** The extractive retrieval answerer, for the script that fits its decision model. */
  retrieval: RetrievalResponder;
  /** Where the web chat's "Ask a customs expert" goes; the feedback store when absent. */
  expertInbox?: ExpertInbox;
  /** The editors' question log (the report, /admin); absent with QUESTION_LOG_RETENTION_DAYS=0. */
  questionLog?: QuestionRecorder;
}

/** In-memory state and the JSONL feedback file, or Redis for several replicas. */
async function createState(config: Config, logger: Logger, metrics: Metrics): Promise<SharedState> {
  const fileFeedback = new JsonlFeedbackStore(resolve(config.FEEDBACK_FILE));
  const fileLog = new FileQuestionLog(resolve(config.QUESTION_LOG_FILE));
  if (!config.REDIS_URL) {
    return {
      kind: 'memory',
      sessions: <T>() => new MemorySessionStore<T>(),
      dedupe: () => new MemoryDedupeStore(),
      rateLimiter: (rate) => new MemoryRateLimiter(rate),
      requestLimiter: (rate) => FlexibleRequestLimiter.memory(rate),
      feedback: new CountingFeedbackStore(fileFeedback, metrics),
      questionLog: fileLog,
      up: () => true,
      close: () => fileLog.close(),
    };
  }
  // ioredis is loaded only when Redis is configured (it costs ~0.15 s of start-up).
  const [{ connectRedis, redisReady }, { RedisSessionStore }, { RedisDedupeStore }, { RedisRateLimiter }, { RedisFeedbackStore }] = await Promise.all([
    import('./state/redis/redis-client.js'), import('./state/redis/redis-session-store.js'), import('./state/redis/redis-dedupe-store.js'),
    import('./state/redis/redis-rate-limiter.js'), import('./state/redis/redis-feedback-store.js'),
  ]);
  const { redisRequestLimiter } = await import('./state/redis/redis-request-limiter.js');
  const { RedisQuestionLog } = await import('./question-log/redis-question-log.js');
  const log = logger.child({ module: 'state' });
  const redis = connectRedis({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, onStatus: (up) => metrics.stateUp(up) }, log);
  return {
    kind: 'redis',
    sessions: <T>(namespace: string) => new RedisSessionStore<T>(redis, namespace, log),
    dedupe: () => new RedisDedupeStore(redis, new MemoryDedupeStore(), log),
    rateLimiter: (rate) => new RedisRateLimiter(redis, rate, new MemoryRateLimiter(rate), log),
    requestLimiter: (rate) => redisRequestLimiter(redis, rate),
    feedback: new CountingFeedbackStore(new RedisFeedbackStore(redis, fileFeedback, log), metrics),
    questionLog: new RedisQuestionLog(redis, fileLog, log),
    up: () => redisReady(redis),
    close: async () => {
      await Promise.all([redis.quit().catch(() => redis.disconnect()), fileLog.close()]);
    },
  };
}

/** Sentences of the knowledge are checked for country names on every answer: remember them (bounded). */
function memoised<T>(fn: (text: string) => T, max: number): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    let v = cache.get(text);
    if (v === undefined) {
      if (cache.size >= max) cache.clear();
      v = fn(text);
      cache.set(text, v);
    }
    return v;
  };
}

/** The service's word vectors for the build worker, shared instead of loaded again there. */
const sharedVectors = (v: WordVectors) => {
  const shared = v.shared();
  return shared ? { vectors: shared } : {};
};

/** The composition root: the only place concrete classes are chosen and wired. */
export async function createServices(config: Config, logger: Logger): Promise<Services> {
  const messages = Messages.load(join(ROOT, 'prompts'));
  const lexicon = Lexicon.load(join(ROOT, 'prompts', 'lexicon.json'));
  const retrievalWeights = loadRetrievalWeights(join(ROOT, 'data', 'retrieval.json'));
  const vectors = await loadWinkVectors(resolve(config.CACHE_DIR), logger);
  const embeddings = new SifEmbeddings(vectors);
  // Model answers and remote embeddings are optional: LangChain's provider clients load only when configured.
  const llm = config.LLM_PROVIDER !== 'none' || config.EMBEDDINGS_PROVIDER !== 'local' ? await import('./llm/index.js') : undefined;
  const remoteEmbeddings = llm?.createRemoteEmbeddings(config);
  const limits = ingestLimits(config);
  const store = new IndexStore(resolve(config.INDEX_DIR), resolve(config.KNOWLEDGE_DIR), remoteEmbeddings ?? embeddings, logger, limits);
  // Builds run in a worker thread: whatever the knowledge files hold, the answering thread keeps answering.
  const builder = new WorkerIndexBuilder({
    indexDir: resolve(config.INDEX_DIR), knowledgeDir: resolve(config.KNOWLEDGE_DIR), limits,
    embedder: remoteEmbeddings ? { kind: 'remote', config } : { kind: 'local', cacheDir: resolve(config.CACHE_DIR), ...sharedVectors(vectors) },
  }, store, { timeoutMs: config.INDEX_BUILD_TIMEOUT_MS, memoryMb: config.INDEX_BUILD_MEMORY_MB }, logger);
  const resolver = new CountryResolver();
  // prom-client loads after the service is ready (it costs ~0.1 s of start-up); counts made before are replayed.
  const deferred = config.METRICS_ENABLED ? new DeferredMetrics() : undefined;
  let prom: Promise<PromMetrics> | undefined;
  const loadMetrics = (d: DeferredMetrics) => (prom ??= import('./observability/prom-metrics.js').then(({ PromMetrics: Prom }) => {
    const p = new Prom();
    d.attach(p);
    return p;
  }));
  const metrics: Metrics = deferred ?? noopMetrics;
  const shared = await createState(config, logger, metrics);
  // The editors' question log: every answered question, and each rating joined to its answer.
  const questionLog = config.QUESTION_LOG_RETENTION_DAYS > 0 ? new QuestionRecorder(shared.questionLog, {
    redactText: config.LOG_REDACT_TEXT, retentionDays: config.QUESTION_LOG_RETENTION_DAYS,
  }, logger) : undefined;
  const state: SharedState = questionLog ? { ...shared, feedback: new LoggingFeedbackStore(shared.feedback, questionLog, logger) } : shared;
  const understanding = loadUnderstandingData(join(ROOT, 'data', 'understanding'));
  const facets = new FacetCatalogue(understanding.facets);
  const mentions = memoised((text: string) => resolver.find(text).map((m) => m.code), 20_000);
  const choice = loadChoiceData(join(ROOT, 'data', 'answering.json'));
  const facet = new FacetResponder(facets, mentions, choice.facet);
  const yesNo = YesNo.load(join(ROOT, 'data', 'understanding', 'polarity.json'));
  const retrieval = new RetrievalResponder({
    topK: config.TOP_K,
    readChunks: 5,
    relevance: loadRelevanceModel(join(ROOT, 'data', 'relevance-model.json')),
    ...(config.MIN_CONFIDENCE !== undefined ? { minConfidence: config.MIN_CONFIDENCE } : {}),
    chooser: new SentenceChooser(choice),
    facets,
    mentions,
    yesNo,
  }, facet);
  const chat = llm?.createChatModel(config);
  const prompt = chat && llm?.GroundedPrompt.load(join(ROOT, 'prompts', 'llm'));
  const llmHealth = llm && chat ? new llm.LlmHealth(config.LLM_PROVIDER, { onFallback: (reason) => metrics.llmFallback(reason), onGenerated: () => metrics.llmGenerated() }) : undefined;
  const answering = llm && chat && prompt && llmHealth
    ? new llm.GeneratingResponder(retrieval, chat, prompt, {
      timeoutMs: config.LLM_TIMEOUT_MS, secrets: [config.LLM_API_KEY, config.EMBEDDINGS_API_KEY],
      ...(config.LLM_CONDENSE_FOLLOW_UPS ? { condenser: new llm.QueryCondenser(chat, prompt, { timeoutMs: config.LLM_TIMEOUT_MS, maxChars: config.MAX_QUESTION_CHARS }, logger) } : {}),
    }, logger, llmHealth.hooks)
    : retrieval;
  if (chat) logger.info({ model: chat.name }, 'answers are written by the model from the retrieved passages, the extractive answer as fallback');
  const router = new Router({
    eligibility: new EligibilityResponder(state.sessions<EligibilityState>('eligibility'), resolver, config.SESSION_TTL_MINUTES * 60_000),
    smalltalk: new SmallTalkResponder(),
    clarify: new ClarifyJurisdictionResponder(),
    act: new ActRequestResponder(facet),
    prediction: new PredictionResponder(),
    advice: new AdviceResponder(),
    'off-topic': new OffTopicResponder(),
    'compare-facet': new FacetComparisonResponder(facet, yesNo),
    compare: new CompareResponder(resolver),
    mra: new MraResponder(resolver),
    curated: new CuratedResponder(),
    retrieval: answering,
  });
  const isCommonWord = commonWords((w) => vectors.rank(w), lexicon);
  // One understander per knowledge base: jurisdictions, agencies and programme names come from its front matter.
  const understanders = new WeakMap<KnowledgeBase, Understander>();
  // The cue data does not change with the knowledge: one classifier for every knowledge base.
  const classifier = new IntentClassifier(understanding.intents, understanding.facets);
  const metasOf = (kb: KnowledgeBase) => Object.values(kb.index.manifest.files).map((f) => f.meta);
  const understand = (kb: KnowledgeBase, finder: JurisdictionFinder) => {
    const arrangements = kb.registry?.arrangements ?? [];
    const namesArrangement = (text: string) => namedArrangementsIn(text, arrangements).length > 0;
    // Understanding is synchronous: a database index settles no shared name (the question asks which one).
    const { depth } = understanding.intents.sharedNames;
    const pageHits = isExternalIndex(kb.index) ? undefined : lexicalPageHits(kb.index, depth);
    const source: JurisdictionSource = {
      // A regional arrangement's name ("Pacific Alliance") is no unknown country.
      // An ask understands its question more than once (its parts, then each part): its names are found once.
      find: recentMemo((text: string) => {
        const found = finder.find(text);
        return { ...found, unknownNames: found.unknownNames.filter((n) => !namesArrangement(n)) };
      }, 32),
      namesArrangement,
      hasProgrammePage: (code: string) => finder.hasProgrammePage(code),
      // "SAT ... Ley Aduanera": the rest of the question matches one candidate's own pages clearly best.
      ...(pageHits ? {
        settle: (text: string, shared: string, codes: string[], language: string) =>
          settleSharedName(text, shared, codes, (rest) => pageHits(rest, language), understanding.intents.sharedNames),
      } : {}),
    };
    // Keyed by language, a line break, then the text (a language code holds no line break).
    const share = recentMemo((key: string) => {
      const cut = key.indexOf('\n');
      return kb.weights.knownShare(key.slice(cut + 1), key.slice(0, cut));
    }, 32);
    const vocabulary = { knownShare: (t: string, l: string) => share(`${l}\n${t}`) };
    const u = new Understander(classifier, source, understanding.intents.carry, vocabulary);
    understanders.set(kb, u);
    return u;
  };
  // A swapped-in knowledge base has its name tables built in slices first (prepareUnderstander); this builds them
  // in one go only for one set some other way.
  const understanderFor = (kb: KnowledgeBase) =>
    understanders.get(kb) ?? understand(kb, JurisdictionFinder.fromMetas(metasOf(kb), resolver, isCommonWord));
  const prepareUnderstander = async (kb: KnowledgeBase) =>
    understand(kb, await JurisdictionFinder.inSlices(metasOf(kb), resolver, isCommonWord, yieldTurn));
  const engine = new AnswerEngine(
    router,
    messages,
    {
      maxQuestionChars: config.MAX_QUESTION_CHARS, metrics, understander: understanderFor,
      detector: new LanguageDetector({ es: lexicon.words('es'), fr: lexicon.words('fr') }, isCommonWord),
      parts: new QuestionParts(understanding.intents.parts),
      abbreviations: new LocalAbbreviations(understanding.abbreviations),
      ...(questionLog ? { log: questionLog } : {}),
    },
    logger,
    new ConversationMemory(state.sessions<ConversationState>('conversation'), resolver, config.SESSION_TTL_MINUTES * 60_000),
  );
  let reindexer: Reindexer | undefined;
  const postgres = config.INDEX_BACKEND === 'postgres'
    // With remote embeddings the indexer also records the local sentence vectors' mean (replicas hold few chunks).
    ? await createPostgresBackend(config, remoteEmbeddings ?? embeddings, limits, () => void reindexer?.run('database index changed'), mentions, logger,
      remoteEmbeddings ? embeddings : undefined)
    : undefined;
  const swapIn = async (index: KnowledgeIndex) => {
    const registry = index.registry;
    const kbEmbedder = llm && remoteEmbeddings ? llm.remoteRetrievalEmbedder(remoteEmbeddings, embeddings, index, logger) : embeddings;
    // Prepared in slices (FAQ embeddings, name tables), so a swap and the first question after it hold the answering
    // thread only briefly.
    const kb = await new KnowledgeBase(index, kbEmbedder, registry, lexicon, retrievalWeights).prepare(yieldTurn);
    await prepareUnderstander(kb);
    engine.setKnowledgeBase(kb);
    return index;
  };
  const refresh = async (onProgress?: ProgressListener) => {
    await remoteEmbeddings?.probe();
    return swapIn(postgres ? await postgres.ensure() : await builder.ensure(onProgress));
  };
  const index = async (opts: { rebuild?: boolean; onProgress?: ProgressListener } = {}) => {
    if (!postgres) return refresh(opts.onProgress);
    await remoteEmbeddings?.probe();
    await postgres.update(opts);
    return swapIn(await postgres.load());
  };
  reindexer = new Reindexer(refresh, metrics, logger);
  // Readers reload page data when another replica or the CLI has updated the shared index.
  const stopPolling = postgres?.poll(config.INDEX_POLL_MS, () => engine.knowledgeBase?.index, () => void reindexer?.run('database index changed'));
  const expertInbox = await createExpertInbox(config, messages, logger);
  return {
    config, logger, engine, messages, store, metrics, state, refresh, index, retrieval, reindexer,
    ...(questionLog ? { questionLog } : {}),
    migrate: async () => {
      if (!postgres) throw new AppError('USAGE', 'Migrations are for INDEX_BACKEND=postgres (set it and DATABASE_URL).');
      return postgres.migrate();
    },
    ...(postgres ? { postgres } : {}),
    ...(expertInbox ? { expertInbox } : {}),
    ...(deferred ? { renderMetrics: async () => (await loadMetrics(deferred)).render(), loadMetrics: () => loadMetrics(deferred) } : {}),
    ...(llmHealth ? { llmStatus: () => llmHealth.status() } : {}),
    close: async () => {
      stopPolling?.();
      await Promise.all([state.close(), postgres?.close()]);
    },
  };
}

/** The PostgreSQL index (pg and the backend load only when INDEX_BACKEND=postgres). */
async function createPostgresBackend(
  config: Config, embeddings: IdentifiedEmbeddings, limits: IngestLimits, onStale: () => void, mentions: (text: string) => string[],
  logger: Logger, sentences?: { embed(text: string): Float32Array },
): Promise<PostgresIndexBackend> {
  if (!config.DATABASE_URL) throw new AppError('CONFIG_INVALID', 'INDEX_BACKEND=postgres needs DATABASE_URL (postgres://user:password@host:5432/db).');
  const [{ default: pg }, { PostgresIndexBackend: Backend }] = await Promise.all([import('pg'), import('./search/postgres/postgres-backend.js')]);
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 4 });
  pool.on('error', (err) => logger.child({ module: 'postgres-index' }).warn({ err: err.message }, 'idle database connection failed'));
  return new Backend(pool, {
    knowledgeDir: resolve(config.KNOWLEDGE_DIR), migrationsDir: join(ROOT, 'migrations'), embeddings, limits, indexer: config.INDEX_WRITER, onStale,
    mentions, ...(sentences ? { sentences } : {}),
  }, logger);
}

/** The experts channel for the web chat's expert requests: Slack's when configured, else Teams'; else none. */
async function createExpertInbox(config: Config, messages: Messages, logger: Logger): Promise<ExpertInbox | undefined> {
  if (config.SLACK_BOT_TOKEN && config.SLACK_EXPERTS_CHANNEL) {
    const { SlackExpertInbox } = await import('./channels/http/slack-expert-inbox.js');
    const apiUrl = config.SLACK_API_URL;
    return new SlackExpertInbox({ botToken: config.SLACK_BOT_TOKEN, channel: config.SLACK_EXPERTS_CHANNEL, ...(apiUrl ? { apiUrl } : {}) }, messages, logger);
  }
  const teamsOn = config.MicrosoftAppId || config.TEAMS_ALLOW_UNAUTHENTICATED;
  if (!teamsOn || !config.TEAMS_EXPERTS_CONVERSATION_ID || !config.TEAMS_EXPERTS_SERVICE_URL) return undefined;
  const { TeamsExpertInbox } = await import('./channels/http/teams-expert-inbox.js');
  const { MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppType, MicrosoftAppTenantId } = config;
  return new TeamsExpertInbox({
    conversationId: config.TEAMS_EXPERTS_CONVERSATION_ID, serviceUrl: config.TEAMS_EXPERTS_SERVICE_URL, MicrosoftAppType,
    ...(MicrosoftAppId ? { MicrosoftAppId } : {}), ...(MicrosoftAppPassword ? { MicrosoftAppPassword } : {}),
    ...(MicrosoftAppTenantId ? { MicrosoftAppTenantId } : {}),
  }, messages, logger);
}

/** Chat channels enabled by configuration (Slack, Teams); the web chat and API are always on. */
export async function createChannels(services: Services): Promise<Channel[]> {
  const channels: Channel[] = [];
  const { config, logger, engine, messages } = services;
  // One feedback store for every channel: two writers on one file could interleave lines.
  const feedback = services.state.feedback;
  if (config.SLACK_BOT_TOKEN && config.SLACK_SIGNING_SECRET) {
    // Bolt is loaded only when Slack is on.
    const [{ SlackChannel }, { ThreadMemory }] = await Promise.all([import('./channels/slack/slack-channel.js'), import('./channels/slack/thread-memory.js')]);
    channels.push(new SlackChannel(
      { botToken: config.SLACK_BOT_TOKEN, signingSecret: config.SLACK_SIGNING_SECRET, ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}), ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}), ackFirst: config.SLACK_ACK_FIRST },
      {
        engine, messages, logger,
        feedback, dedupe: services.state.dedupe(), threads: new ThreadMemory(services.state.sessions<true>('slack-thread')),
        rateLimiter: services.state.rateLimiter({ limit: config.SLACK_RATE_LIMIT_PER_MINUTE, windowMs: 60_000 }),
        work: new LocalWorkQueue(config.ANSWER_CONCURRENCY),
        ...(config.SLACK_EXPERTS_CHANNEL ? { expertsChannel: config.SLACK_EXPERTS_CHANNEL } : {}),
      },
    ));
  } else {
    logger.child({ channel: 'slack' }).info('Slack channel off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to turn it on');
  }
  const teams = await createTeamsChannel(services, feedback);
  if (teams) channels.push(teams);
  return channels;
}

/** Teams is on with an app id, or without one only when explicitly allowed (botbuilder then accepts anyone). */
async function createTeamsChannel({ config, logger, engine, messages, state }: Services, feedback: FeedbackStore): Promise<Channel | undefined> {
  const log = logger.child({ channel: 'teams' });
  if (!config.MicrosoftAppId && !config.TEAMS_ALLOW_UNAUTHENTICATED) {
    log.info('Teams channel off: set MicrosoftAppId and MicrosoftAppPassword to turn it on');
    return undefined;
  }
  if (!config.MicrosoftAppId) log.warn('TEAMS CHANNEL RUNS WITHOUT AUTHENTICATION: any caller can post to /api/messages. Use only with the Emulator or in tests.');
  // botbuilder is large: loaded only when Teams is on, so a service without Teams starts faster.
  const [{ TeamsBot }, { TeamsChannel }, { ExpertDesk }, { SentAnswers }] = await Promise.all([
    import('./channels/teams/teams-bot.js'), import('./channels/teams/teams-channel.js'), import('./channels/teams/expert-desk.js'),
    import('./channels/teams/sent-answers.js'),
  ]);
  const auth = {
    MicrosoftAppType: config.MicrosoftAppType, timeoutMs: config.TEAMS_AUTH_TIMEOUT_MS,
    ...(config.MicrosoftAppId ? { MicrosoftAppId: config.MicrosoftAppId } : {}),
    ...(config.MicrosoftAppPassword ? { MicrosoftAppPassword: config.MicrosoftAppPassword } : {}),
    ...(config.MicrosoftAppTenantId ? { MicrosoftAppTenantId: config.MicrosoftAppTenantId } : {}),
    ...(config.TEAMS_OPENID_METADATA_URL ? { openIdMetadataUrl: config.TEAMS_OPENID_METADATA_URL } : {}),
    ...(config.TEAMS_EMULATOR_OPENID_METADATA_URL ? { emulatorOpenIdMetadataUrl: config.TEAMS_EMULATOR_OPENID_METADATA_URL } : {}),
  };
  const expertsRef = config.TEAMS_EXPERTS_CONVERSATION_ID && config.TEAMS_EXPERTS_SERVICE_URL
    ? { channelId: 'msteams', serviceUrl: config.TEAMS_EXPERTS_SERVICE_URL, conversation: { id: config.TEAMS_EXPERTS_CONVERSATION_ID, isGroup: true, conversationType: 'channel', name: 'experts' } }
    : undefined;
  // Shared state, so a click or Teams' feedback can land on any replica.
  const sent = new SentAnswers(state.sessions('teams-answer'), state.sessions('teams-message'));
  const tickets = state.sessions<ExpertTicket>('teams-expert');
  const makeBot = (proactive: Proactive) => new TeamsBot({
    engine, messages, feedback, dedupe: state.dedupe(), sent, logger: log,
    ...(expertsRef ? { experts: new ExpertDesk(expertsRef, tickets, proactive, messages) } : {}),
  });
  return new TeamsChannel(auth, makeBot, messages, logger);
}

/** Runs the HTTP service (web chat, API, Slack and Teams when configured) until SIGTERM or SIGINT. */
const serveCommand: Command = {
  name: 'serve',
  summary: 'start the HTTP service (web chat, API, Slack and Teams when configured)',
  usage: ['serve'],
  options: {},
  async run(ctx) {
    const services = await ctx.services();
    const { config, logger } = services;
    const server = await startHttpServer(services, await readWebPage(join(ROOT, 'public')), await createChannels(services));
    const watcher = config.WATCH_KNOWLEDGE ? new KnowledgeWatcher(resolve(config.KNOWLEDGE_DIR), () => services.reindexer.run('watch'), logger) : undefined;
    const stop = async (signal: string) => {
      logger.info({ signal, graceMs: config.SHUTDOWN_GRACE_MS }, 'shutting down: finishing answers in flight');
      watcher?.stop();
      await server.stop();
      await services.close();
      logger.info('stopped');
      process.exit(0);
    };
    process.once('SIGTERM', () => void stop('SIGTERM'));
    process.once('SIGINT', () => void stop('SIGINT'));
    await server.ready();
    // Cue patterns compile on first use (start-up does not wait for them): the common ones now, in slices.
    void warmCues(yieldTurn);
    watcher?.start();
    return -1; // keep running
  },
};

async function main(argv: string[]): Promise<number> {
  let services: Promise<Services> | undefined;
  // Paths in the config resolve against the project (or AEO_HOME), never the current folder.
  const lazyServices = () => (services ??= (async () => {
    const config = loadConfig(undefined, { root: ROOT });
    const tty = process.stderr.isTTY;
    const stream = prettyLogs(config.LOG_FORMAT, tty) ? await prettyDestination(2, tty) : undefined;
    return createServices(config, createLogger({ level: config.LOG_LEVEL, redactText: config.LOG_REDACT_TEXT, ...(stream ? { stream } : {}) }));
  })());
  const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  const code = await runCli(argv, [serveCommand, ...cliCommands], { io, root: ROOT, services: lazyServices });
  // A command that ends the process first writes what its services still hold queued (the question log's lines).
  if (code >= 0 && services) await (await services.catch(() => undefined))?.close().catch(() => undefined);
  return code;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => {
    if (code >= 0) process.exit(code);
  });
}
