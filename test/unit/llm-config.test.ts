import { ChatAnthropic } from '@langchain/anthropic';
import { ChatOllama } from '@langchain/ollama';
import { AzureChatOpenAI, ChatOpenAI } from '@langchain/openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { AppError } from '../../src/errors.js';
import { createChatModel } from '../../src/llm/chat-model-factory.js';
import { createRemoteEmbeddings } from '../../src/llm/embeddings-factory.js';
import { llmEnv, startFakeLlm, type FakeLlmServer } from '../helpers/fake-llm-servers.js';
import { fixtureServices } from '../helpers/services.js';

const failure = (fn: () => unknown): AppError | undefined => {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  return undefined;
};

describe('LLM configuration', () => {
  it('is off by default: no chat model, local embeddings', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ LLM_PROVIDER: 'none', EMBEDDINGS_PROVIDER: 'local', LLM_TEMPERATURE: 0, LLM_CONDENSE_FOLLOW_UPS: true });
    expect(createChatModel(config)).toBeUndefined();
    expect(createRemoteEmbeddings(config)).toBeUndefined();
  });

  it.each([
    ['openai', { LLM_MODEL: 'gpt-4o-mini', LLM_API_KEY: 'k' }, ChatOpenAI, 'openai:gpt-4o-mini'],
    ['openai-compatible', { LLM_MODEL: 'qwen', LLM_BASE_URL: 'http://127.0.0.1:8000/v1' }, ChatOpenAI, 'openai-compatible:qwen'],
    ['azure', { LLM_API_KEY: 'k', AZURE_OPENAI_ENDPOINT: 'https://r.openai.azure.com/', AZURE_OPENAI_API_DEPLOYMENT_NAME: 'chat' }, AzureChatOpenAI, 'azure:chat'],
    ['anthropic', { LLM_MODEL: 'claude-x', LLM_API_KEY: 'k' }, ChatAnthropic, 'anthropic:claude-x'],
    ['ollama', { LLM_MODEL: 'llama3.1' }, ChatOllama, 'ollama:llama3.1'],
  ])('LLM_PROVIDER=%s builds its LangChain chat model', (provider, env, cls, name) => {
    const chat = createChatModel(loadConfig({ LLM_PROVIDER: provider, ...env }));
    expect(chat?.model).toBeInstanceOf(cls);
    expect(chat?.name).toBe(name);
  });

  it.each([
    [{ LLM_PROVIDER: 'openai' }, 'LLM_MODEL'],
    [{ LLM_PROVIDER: 'openai', LLM_MODEL: 'm' }, 'LLM_API_KEY'],
    [{ LLM_PROVIDER: 'openai-compatible', LLM_MODEL: 'm' }, 'LLM_BASE_URL'],
    [{ LLM_PROVIDER: 'azure' }, 'AZURE_OPENAI_API_DEPLOYMENT_NAME'],
    [{ LLM_PROVIDER: 'azure', AZURE_OPENAI_API_DEPLOYMENT_NAME: 'd' }, 'LLM_API_KEY'],
    [{ LLM_PROVIDER: 'azure', AZURE_OPENAI_API_DEPLOYMENT_NAME: 'd', LLM_API_KEY: 'k' }, 'AZURE_OPENAI_ENDPOINT'],
    [{ LLM_PROVIDER: 'anthropic', LLM_MODEL: 'm' }, 'LLM_API_KEY'],
    [{ LLM_PROVIDER: 'ollama' }, 'LLM_MODEL'],
  ])('a chat provider without a setting it needs stops start-up naming it: %j', (env, variable) => {
    const err = failure(() => createChatModel(loadConfig(env)));
    expect(err).toBeInstanceOf(AppError);
    expect(err?.code).toBe('CONFIG_INVALID');
    expect(err?.message).toBe(`Invalid configuration: ${variable}: required when LLM_PROVIDER=${env.LLM_PROVIDER}`);
  });

  it.each([
    [{ EMBEDDINGS_PROVIDER: 'openai' }, 'EMBEDDINGS_MODEL'],
    [{ EMBEDDINGS_PROVIDER: 'openai', EMBEDDINGS_MODEL: 'e' }, 'EMBEDDINGS_API_KEY'],
    [{ EMBEDDINGS_PROVIDER: 'azure', LLM_API_KEY: 'k', AZURE_OPENAI_ENDPOINT: 'https://r.openai.azure.com' }, 'AZURE_OPENAI_API_EMBEDDINGS_DEPLOYMENT_NAME'],
    [{ EMBEDDINGS_PROVIDER: 'ollama' }, 'EMBEDDINGS_MODEL'],
  ])('an embeddings provider without a setting it needs stops start-up naming it: %j', (env, variable) => {
    expect(failure(() => createRemoteEmbeddings(loadConfig(env)))?.message).toBe(`Invalid configuration: ${variable}: required when EMBEDDINGS_PROVIDER=${env.EMBEDDINGS_PROVIDER}`);
  });

  it('embeddings take LLM_API_KEY when they have no key of their own, and name themselves for the manifest', () => {
    expect(createRemoteEmbeddings(loadConfig({ EMBEDDINGS_PROVIDER: 'openai', EMBEDDINGS_MODEL: 'text-embedding-3-small', LLM_API_KEY: 'k' }))?.id).toBe('openai:text-embedding-3-small');
    expect(createRemoteEmbeddings(loadConfig({ EMBEDDINGS_PROVIDER: 'azure', LLM_API_KEY: 'k', AZURE_OPENAI_ENDPOINT: 'https://r.openai.azure.com', AZURE_OPENAI_API_EMBEDDINGS_DEPLOYMENT_NAME: 'emb' }))?.id).toBe('azure:emb');
    expect(createRemoteEmbeddings(loadConfig({ EMBEDDINGS_PROVIDER: 'ollama', EMBEDDINGS_MODEL: 'nomic-embed-text' }))?.id).toBe('ollama:nomic-embed-text');
  });

  it.each([
    [{ LLM_PROVIDER: 'gpt' }, 'LLM_PROVIDER'],
    [{ LLM_TIMEOUT_MS: 'soon' }, 'LLM_TIMEOUT_MS'],
    [{ LLM_TEMPERATURE: '3' }, 'LLM_TEMPERATURE'],
    [{ LLM_BASE_URL: 'localhost:8000' }, 'LLM_BASE_URL'],
    [{ EMBEDDINGS_PROVIDER: 'anthropic' }, 'EMBEDDINGS_PROVIDER'],
  ])('a bad value stops start-up naming the variable: %j', (env, variable) => {
    expect(failure(() => loadConfig(env))?.message).toMatch(new RegExp(`^Invalid configuration: ${variable}: `));
  });

  it('the service does not start with an incomplete provider', async () => {
    await expect(fixtureServices({ LLM_PROVIDER: 'anthropic', LLM_MODEL: 'claude-x' })).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('LLM_API_KEY') });
  });
});

describe('secrets', () => {
  let fake: FakeLlmServer;
  beforeAll(async () => {
    fake = await startFakeLlm();
  });
  afterAll(() => fake?.stop());

  it('the API key goes to the provider and never into the logs', async () => {
    const s = await fixtureServices(llmEnv(fake, 'openai', { LLM_API_KEY: 'sk-secret-4242' }));
    try {
      await s.refresh();
      fake.script({ status: 401 });
      await s.engine.answer('Can a freight forwarder become an AEO in Peru?');
      expect(fake.chats[0]?.headers.authorization).toBe('Bearer sk-secret-4242');
      expect(s.logs.records.some((r) => r.reason === 'provider_error')).toBe(true);
      expect(JSON.stringify(s.logs.records)).not.toContain('sk-secret-4242');
    } finally {
      await s.cleanup();
    }
  });
});
