// Optional model answers and remote embeddings: main.ts imports this only when one is configured.
export { createChatModel, type NamedChatModel } from './chat-model-factory.js';
export { createRemoteEmbeddings } from './embeddings-factory.js';
export { remoteRetrievalEmbedder } from './remote-retrieval-embedder.js';
export { GroundedPrompt } from './grounded-prompt.js';
export { QueryCondenser } from './query-condenser.js';
export { GeneratingResponder, type LlmHooks } from './generating-responder.js';
export { LlmHealth, type LlmStatus } from './llm-health.js';
