import type { LogRecord } from '../../src/logging/logger.js';

/** The fixture question the LLM tests ask: retrieval answers it from Peru's programme page. */
export const QUESTION = 'Can a freight forwarder become an AEO in Peru?';

/** A grounded model answer to QUESTION, citing the first two passages it was given. */
export const GOOD = 'Yes: international freight forwarders can apply [1]. The programme is run by SUNAT [2].';

/** What an answer from Peru's programme page ends with. */
export const AS_OF = '\n\nAs of 15 January 2026.';

/** The reason of the last model answer that was not used. */
export function lastFallback(logs: { records: LogRecord[] }): unknown {
  return logs.records.filter((r) => r.msg.startsWith('model answer not used')).at(-1)?.reason;
}
