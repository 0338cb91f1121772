import { OllamaEmbeddings } from '@langchain/ollama';
import { AzureOpenAIEmbeddings, OpenAIEmbeddings } from '@langchain/openai';
import type { Config } from '../config/schema.js';
import { NamedEmbeddings } from './named-embeddings.js';
import { azureDeployments, RequiredSettings } from './required-settings.js';

/**
 * The remote embedder EMBEDDINGS_PROVIDER names, or none for the offline word vectors (the default). The only place
 * concrete LangChain embeddings classes are constructed.
 */
export function createRemoteEmbeddings(config: Config): NamedEmbeddings | undefined {
  const provider = config.EMBEDDINGS_PROVIDER;
  if (provider === 'local') return undefined;
  const need = new RequiredSettings(config, `EMBEDDINGS_PROVIDER=${provider}`);
  const maxRetries = config.LLM_MAX_RETRIES;
  const url = config.EMBEDDINGS_BASE_URL;
  switch (provider) {
    case 'openai': {
      const model = need.string('EMBEDDINGS_MODEL');
      // A local OpenAI-compatible server may want no key, but the OpenAI client insists on one.
      const apiKey = url ? (config.EMBEDDINGS_API_KEY ?? config.LLM_API_KEY ?? 'not-needed') : need.firstOf('EMBEDDINGS_API_KEY', 'LLM_API_KEY');
      return new NamedEmbeddings(`openai:${model}`, new OpenAIEmbeddings({ model, apiKey, maxRetries, timeout: config.LLM_TIMEOUT_MS, ...(url ? { configuration: { baseURL: url } } : {}) }));
    }
    case 'azure': {
      const deployment = need.string('AZURE_OPENAI_API_EMBEDDINGS_DEPLOYMENT_NAME');
      return new NamedEmbeddings(`azure:${deployment}`, new AzureOpenAIEmbeddings({
        azureOpenAIApiKey: need.firstOf('EMBEDDINGS_API_KEY', 'LLM_API_KEY'), azureOpenAIBasePath: azureDeployments(need.string('AZURE_OPENAI_ENDPOINT')),
        azureOpenAIApiEmbeddingsDeploymentName: deployment, azureOpenAIApiVersion: config.AZURE_OPENAI_API_VERSION, maxRetries, timeout: config.LLM_TIMEOUT_MS,
      }));
    }
    case 'ollama': {
      const model = need.string('EMBEDDINGS_MODEL');
      return new NamedEmbeddings(`ollama:${model}`, new OllamaEmbeddings({ model, maxRetries, ...(url ? { baseUrl: url } : {}) }));
    }
  }
}
