import type { MessagePort } from 'node:worker_threads';
import type { Logger } from '../logging/logger.js';
import type { WorkerMessage } from './worker-messages.js';

/** A Logger inside the build worker: records go to the service's own logger (and its redaction) by message. */
export function portLogger(port: MessagePort, bindings: Record<string, unknown> = {}): Logger {
  const send = (level: 'debug' | 'info' | 'warn' | 'error') => (obj: object | string, msg?: string) => {
    const m: WorkerMessage = { type: 'log', level, bindings, obj, ...(msg !== undefined ? { msg } : {}) };
    port.postMessage(m);
  };
  return {
    debug: send('debug'), info: send('info'), warn: send('warn'), error: send('error'),
    child: (b) => portLogger(port, { ...bindings, ...b }),
  };
}
