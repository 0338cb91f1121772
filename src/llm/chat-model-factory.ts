import { ChatAnthropic } from '@langchain/anthropic';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOllama } from '@langchain/ollama';
import { AzureChatOpenAI, ChatOpenAI } from '@langchain/openai';
import type { Config } from '../config/schema.js';
import { azureDeployments, RequiredSettings } from './required-settings.js';

/** A chat model and the name it goes by in logs. */
export interface NamedChatModel { model: BaseChatModel; name: string }

/**
 * The chat model LLM_PROVIDER names, or none (the offline default). The only place concrete LangChain chat classes
 * are constructed; a provider's missing setting throws CONFIG_INVALID naming the variable.
 */
export function createChatModel(config: Config): NamedChatModel | undefined {
  const provider = config.LLM_PROVIDER;
  if (provider === 'none') return undefined;
  const need = new RequiredSettings(config, `LLM_PROVIDER=${provider}`);
  // Retries are LangChain's (429, 5xx, network errors, with backoff); the overall deadline is the caller's.
  const common = { temperature: config.LLM_TEMPERATURE, maxTokens: config.LLM_MAX_TOKENS, maxRetries: config.LLM_MAX_RETRIES };
  const baseURL = config.LLM_BASE_URL;
  switch (provider) {
    case 'openai':
    case 'openai-compatible': {
      const model = need.string('LLM_MODEL');
      // Local servers (vLLM, LM Studio, llama.cpp) usually want no key, but the OpenAI client insists on one.
      const apiKey = provider === 'openai' ? need.string('LLM_API_KEY') : (config.LLM_API_KEY ?? 'not-needed');
      const url = provider === 'openai-compatible' ? need.string('LLM_BASE_URL') : baseURL;
      return {
        name: `${provider}:${model}`,
        model: new ChatOpenAI({ model, apiKey, ...common, timeout: config.LLM_TIMEOUT_MS, streamUsage: false, ...(url ? { configuration: { baseURL: url } } : {}) }),
      };
    }
    case 'azure': {
      const deployment = need.string('AZURE_OPENAI_API_DEPLOYMENT_NAME');
      return {
        name: `azure:${deployment}`,
        model: new AzureChatOpenAI({
          azureOpenAIApiKey: need.string('LLM_API_KEY'), azureOpenAIBasePath: azureDeployments(need.string('AZURE_OPENAI_ENDPOINT')),
          azureOpenAIApiDeploymentName: deployment, azureOpenAIApiVersion: config.AZURE_OPENAI_API_VERSION,
          ...(config.LLM_MODEL ? { model: config.LLM_MODEL } : {}), ...common, timeout: config.LLM_TIMEOUT_MS, streamUsage: false,
        }),
      };
    }
    case 'anthropic': {
      const model = need.string('LLM_MODEL');
      return {
        name: `anthropic:${model}`,
        model: new ChatAnthropic({ model, apiKey: need.string('LLM_API_KEY'), ...common, clientOptions: { timeout: config.LLM_TIMEOUT_MS }, ...(baseURL ? { anthropicApiUrl: baseURL } : {}) }),
      };
    }
    case 'ollama': {
      const model = need.string('LLM_MODEL');
      return {
        name: `ollama:${model}`,
        model: new ChatOllama({ model, temperature: config.LLM_TEMPERATURE, numPredict: config.LLM_MAX_TOKENS, maxRetries: config.LLM_MAX_RETRIES, ...(baseURL ? { baseUrl: baseURL } : {}) }),
      };
    }
  }
}
