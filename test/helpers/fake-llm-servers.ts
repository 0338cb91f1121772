import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HashEmbeddings } from './hash-embeddings.js';

/** One scripted model reply. */
export interface ScriptedReply {
  /** The answer text (sent in several stream chunks when the request streams). */
  text?: string;
  /** An HTTP error status, with an error body in the provider's format. */
  status?: number;
  /** A raw body sent as is with status 200 (malformed JSON, a truncated stream). */
  raw?: string;
  /** Waits this long before the response starts. */
  delayMs?: number;
  /** Streams: waits this long before each chunk after the first. */
  chunkDelayMs?: number;
  /** Streams: sends this many chunks, then nothing more while the connection stays open (a stalled model). */
  stallAfter?: number;
}

export type Protocol = 'openai' | 'anthropic' | 'ollama' | 'openai-embeddings' | 'ollama-embeddings';

export interface RecordedRequest {
  protocol: Protocol;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  stream: boolean;
  /** The system prompt and the user messages' text, whatever the protocol's shape. */
  system: string;
  user: string;
  /** Roles of the messages in order, the system prompt first when the protocol sends it as a message. */
  roles: string[];
}

/** Size of the fake embeddings. */
export const EMBED_DIMS = 128;

/**
 * Model providers on loopback speaking their real wire protocols, for LangChain's clients to talk to: OpenAI chat
 * completions (JSON and SSE, also under Azure's deployment paths), Anthropic messages (JSON and SSE events), Ollama
 * /api/chat (JSON and NDJSON), and OpenAI / Azure / Ollama embeddings (HashEmbeddings' bag-of-words vectors).
 * Replies are scripted per test: a queue first, then `reply(request)`.
 */
export class FakeLlmServer {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: ScriptedReply[] = [];
  /** The reply when the queue is empty: by default a 500, so an unexpected call shows as a fallback. */
  reply: (req: RecordedRequest) => ScriptedReply = () => ({ status: 500 });
  /** Embedding requests answer 500 while set. */
  failEmbeddings = false;
  private server: Server | undefined;
  private readonly hash = new HashEmbeddings();
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res).catch(() => res.destroy()));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Queues replies for the next chat requests, in order. */
  script(...replies: ScriptedReply[]): this {
    this.queue.push(...replies);
    return this;
  }

  /** Chat requests only (not embeddings). */
  get chats(): RecordedRequest[] {
    return this.requests.filter((r) => r.protocol === 'openai' || r.protocol === 'anthropic' || r.protocol === 'ollama');
  }

  reset(): void {
    this.requests.length = 0;
    this.queue.length = 0;
    this.reply = () => ({ status: 500 });
    this.failEmbeddings = false;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const protocol = protocolOf(path);
    let body: Record<string, unknown> = {};
    const text = await readBody(req);
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // recorded as empty: the client sent no JSON
    }
    if (!protocol) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    if (protocol === 'openai-embeddings' || protocol === 'ollama-embeddings') {
      this.requests.push({ protocol, path, headers: req.headers, body, stream: false, system: '', user: '', roles: [] });
      return this.embed(protocol, body, res);
    }
    const recorded: RecordedRequest = { protocol, path, headers: req.headers, body, stream: streams(protocol, body), ...messagesOf(protocol, body) };
    this.requests.push(recorded);
    const reply = this.queue.shift() ?? this.reply(recorded);
    if (reply.delayMs) await sleep(reply.delayMs);
    if (res.destroyed) return;
    if (reply.status) return void res.writeHead(reply.status, { 'content-type': 'application/json', 'retry-after': '0' }).end(errorBody(protocol, reply.status));
    if (reply.raw !== undefined) return void res.writeHead(200, { 'content-type': recorded.stream ? streamType(protocol) : 'application/json' }).end(reply.raw);
    const answer = reply.text ?? '';
    if (!recorded.stream) return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion(protocol, answer)));
    res.writeHead(200, { 'content-type': streamType(protocol) });
    const frames = streamFrames(protocol, answer);
    for (const [i, frame] of frames.entries()) {
      if (i === reply.stallAfter) return void (await new Promise((resolve) => res.once('close', resolve)));
      if (i > 0 && reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
      if (res.destroyed) return;
      res.write(frame);
    }
    res.end();
  }

  private async embed(protocol: Protocol, body: Record<string, unknown>, res: ServerResponse): Promise<void> {
    if (this.failEmbeddings) return void res.writeHead(500, { 'content-type': 'application/json' }).end(errorBody(protocol, 500));
    const input = body.input;
    const texts = Array.isArray(input) ? input.map(String) : [String(input ?? '')];
    // Padded to more dimensions than the local word vectors, as real embedding models have.
    const vectors = (await this.hash.embedDocuments(texts)).map((v) => [...v, ...new Array<number>(EMBED_DIMS - v.length).fill(0)]);
    if (protocol === 'ollama-embeddings') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ model: body.model, embeddings: vectors }));
    // The OpenAI client asks for base64 unless told otherwise.
    const encode = (v: number[]) => (body.encoding_format === 'base64' ? Buffer.from(Float32Array.from(v).buffer).toString('base64') : v);
    const data = vectors.map((v, index) => ({ object: 'embedding', index, embedding: encode(v) }));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
  }
}

export async function startFakeLlm(): Promise<FakeLlmServer> {
  return new FakeLlmServer().start();
}

export type ChatProvider = 'openai' | 'openai-compatible' | 'azure' | 'anthropic' | 'ollama';

/** Service settings that point a chat provider at the fake; short deadlines and no retries unless overridden. */
export function llmEnv(fake: FakeLlmServer, provider: ChatProvider, extra: Record<string, string> = {}): Record<string, string> {
  const common = { LLM_PROVIDER: provider, LLM_TIMEOUT_MS: '3000', LLM_MAX_RETRIES: '0' };
  const byProvider: Record<ChatProvider, Record<string, string>> = {
    openai: { LLM_MODEL: 'gpt-test', LLM_API_KEY: 'sk-test', LLM_BASE_URL: `${fake.url}/v1` },
    'openai-compatible': { LLM_MODEL: 'local-model', LLM_BASE_URL: `${fake.url}/v1` },
    azure: { LLM_API_KEY: 'azure-test', AZURE_OPENAI_ENDPOINT: fake.url, AZURE_OPENAI_API_DEPLOYMENT_NAME: 'chat-deployment' },
    anthropic: { LLM_MODEL: 'claude-test', LLM_API_KEY: 'sk-ant-test', LLM_BASE_URL: fake.url },
    ollama: { LLM_MODEL: 'llama-test', LLM_BASE_URL: fake.url },
  };
  return { ...common, ...byProvider[provider], ...extra };
}

function protocolOf(path: string): Protocol | undefined {
  if (path === '/v1/chat/completions' || /^\/openai\/deployments\/[^/]+\/chat\/completions$/.test(path)) return 'openai';
  if (path === '/v1/messages') return 'anthropic';
  if (path === '/api/chat') return 'ollama';
  if (path === '/v1/embeddings' || /^\/openai\/deployments\/[^/]+\/embeddings$/.test(path)) return 'openai-embeddings';
  if (path === '/api/embed') return 'ollama-embeddings';
  return undefined;
}

/** Ollama streams unless told not to; the others only when asked. */
function streams(protocol: Protocol, body: Record<string, unknown>): boolean {
  return protocol === 'ollama' ? body.stream !== false : body.stream === true;
}

function streamType(protocol: Protocol): string {
  return protocol === 'ollama' ? 'application/x-ndjson' : 'text/event-stream';
}

interface WireMessage { role?: unknown; content?: unknown }

function messagesOf(protocol: Protocol, body: Record<string, unknown>): Pick<RecordedRequest, 'system' | 'user' | 'roles'> {
  const messages = (Array.isArray(body.messages) ? body.messages : []) as WireMessage[];
  const roles = messages.map((m) => String(m.role));
  const textOf = (content: unknown): string => (typeof content === 'string' ? content : Array.isArray(content) ? content.map((b: { text?: unknown }) => String(b.text ?? '')).join('') : '');
  const user = messages.filter((m) => m.role === 'user').map((m) => textOf(m.content)).join('\n');
  // Anthropic carries the system prompt beside the messages, the others as the first message.
  const system = protocol === 'anthropic' ? textOf(body.system) : messages.filter((m) => m.role === 'system').map((m) => textOf(m.content)).join('\n');
  return { system, user, roles: protocol === 'anthropic' && body.system ? ['system', ...roles] : roles };
}

function errorBody(protocol: Protocol, status: number): string {
  const message = status === 429 ? 'Rate limit reached, slow down' : `fake provider error ${status}`;
  if (protocol === 'anthropic') return JSON.stringify({ type: 'error', error: { type: status === 429 ? 'rate_limit_error' : 'api_error', message } });
  if (protocol === 'ollama' || protocol === 'ollama-embeddings') return JSON.stringify({ error: message });
  return JSON.stringify({ error: { message, type: status === 429 ? 'rate_limit_exceeded' : 'server_error', code: null } });
}

function completion(protocol: Protocol, text: string): unknown {
  if (protocol === 'anthropic') {
    return { id: 'msg_fake', type: 'message', role: 'assistant', model: 'claude-test', content: [{ type: 'text', text }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 100, output_tokens: 20 } };
  }
  if (protocol === 'ollama') return { ...ollamaChunk(text, true), done_reason: 'stop', prompt_eval_count: 100, eval_count: 20 };
  return { id: 'chatcmpl-fake', object: 'chat.completion', created: 1_700_000_000, model: 'gpt-test', choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }], usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 } };
}

/** The text in pieces of a few characters, so citation markers arrive split across chunks ("[1", "] ..."). */
function pieces(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += 6) out.push(text.slice(i, i + 6));
  return out;
}

function streamFrames(protocol: Protocol, text: string): string[] {
  const sse = (event: string | undefined, data: unknown) => `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;
  if (protocol === 'anthropic') {
    return [
      sse('message_start', { type: 'message_start', message: { id: 'msg_fake', type: 'message', role: 'assistant', model: 'claude-test', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 100, output_tokens: 1 } } }),
      sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      ...pieces(text).map((t) => sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: t } })),
      sse('content_block_stop', { type: 'content_block_stop', index: 0 }),
      sse('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 20 } }),
      sse('message_stop', { type: 'message_stop' }),
    ];
  }
  if (protocol === 'ollama') {
    return [...pieces(text).map((t) => `${JSON.stringify(ollamaChunk(t, false))}\n`), `${JSON.stringify({ ...ollamaChunk('', true), done_reason: 'stop', prompt_eval_count: 100, eval_count: 20 })}\n`];
  }
  const chunk = (delta: Record<string, unknown>, finish: string | null) => ({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'gpt-test', choices: [{ index: 0, delta, finish_reason: finish }] });
  return [
    sse(undefined, chunk({ role: 'assistant', content: '' }, null)),
    ...pieces(text).map((t) => sse(undefined, chunk({ content: t }, null))),
    sse(undefined, chunk({}, 'stop')),
    'data: [DONE]\n\n',
  ];
}

function ollamaChunk(content: string, done: boolean): Record<string, unknown> {
  return { model: 'llama-test', created_at: '2026-01-01T00:00:00Z', message: { role: 'assistant', content }, done };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
