import type { SessionStore } from '../../state/session-store.js';

/** How long a thread the bot posted in stays "ours": follow-ups after that need a mention again. */
export const THREAD_TTL_MS = 14 * 24 * 60 * 60_000;

/**
 * The channel threads the bot has posted in, in the shared state (Redis with several replicas), so a reply in any
 * other thread costs no Web API call: conversations.replies is rate-limited (~50/min) and busy channels have many.
 */
export class ThreadMemory {
  constructor(private readonly store: SessionStore<true>, private readonly ttlMs = THREAD_TTL_MS) {}

  /** Marks the thread as one the bot takes part in (again: the TTL starts over). */
  async remember(team: string | undefined, channel: string, threadTs: string): Promise<void> {
    await this.store.set(key(team, channel, threadTs), true, this.ttlMs);
  }

  async has(team: string | undefined, channel: string, threadTs: string): Promise<boolean> {
    return (await this.store.get(key(team, channel, threadTs))) === true;
  }
}

const key = (team: string | undefined, channel: string, threadTs: string) =>
  `thread:${team ?? '-'}:${channel}:${threadTs}`;
