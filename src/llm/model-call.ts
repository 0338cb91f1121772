import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';

/** The model did not finish within its deadline (retries included). */
export class ModelTimeoutError extends Error {
  override readonly name = 'ModelTimeoutError';
}

export interface ModelCallOptions {
  /** The whole call, retries included, ends by then. */
  timeoutMs: number;
  /** Streams the text as it is written; without it the model answers in one response. */
  onToken?: (delta: string) => void;
}

/** Why a model call failed, as counted in metrics. */
export type CallFailure = 'timeout' | 'rate_limited' | 'provider_error' | 'malformed_response';

/**
 * One model call that ends by its deadline whatever the provider does: past it the request is aborted and the call
 * rejects with ModelTimeoutError. Tokens arriving after the call ended are dropped.
 */
export async function callModel(model: BaseChatModel, messages: BaseMessage[], opts: ModelCallOptions): Promise<string> {
  const controller = new AbortController();
  let ended = false;
  const onToken = opts.onToken;
  const running = write(model, messages, controller.signal, onToken && ((t) => { if (!ended) onToken(t); }));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ModelTimeoutError(`no answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
  });
  try {
    return await Promise.race([running, deadline]);
  } finally {
    ended = true;
    clearTimeout(timer);
    controller.abort();
    // A call abandoned at the deadline may still fail later: that failure is no one's to handle.
    running.catch(() => undefined);
  }
}

async function write(model: BaseChatModel, messages: BaseMessage[], signal: AbortSignal, onToken?: (delta: string) => void): Promise<string> {
  if (!onToken) return (await model.invoke(messages, { signal })).text;
  let text = '';
  for await (const chunk of await model.stream(messages, { signal })) {
    const t = chunk.text;
    if (t) {
      text += t;
      onToken(t);
    }
  }
  return text;
}

/** Classifies a failed call: the clients of each provider report status codes and timeouts in their own shapes. */
export function failureReason(err: unknown): CallFailure {
  if (err instanceof ModelTimeoutError) return 'timeout';
  const e = (err ?? {}) as { name?: unknown; message?: unknown; lc_error_code?: unknown };
  if (statusOf(err) === 429 || e.lc_error_code === 'MODEL_RATE_LIMIT') return 'rate_limited';
  if (e.name === 'AbortError' || e.name === 'TimeoutError' || e.name === 'APIConnectionTimeoutError') return 'timeout';
  if (err instanceof SyntaxError || /\bJSON\b|Unexpected (token|end)/i.test(String(e.message ?? ''))) return 'malformed_response';
  return 'provider_error';
}

function statusOf(err: unknown, depth = 0): number | undefined {
  if (!err || typeof err !== 'object' || depth > 3) return undefined;
  const e = err as { status?: unknown; status_code?: unknown; response?: { status?: unknown }; cause?: unknown; error?: unknown };
  for (const s of [e.status, e.status_code, e.response?.status]) if (typeof s === 'number') return s;
  return statusOf(e.cause, depth + 1) ?? statusOf(e.error, depth + 1);
}
