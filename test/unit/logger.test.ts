import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { tempDir } from '../helpers/tmp.js';

async function logged(redactText: boolean, write: (log: ReturnType<typeof createLogger>) => void): Promise<Record<string, unknown>[]> {
  const tmp = await tempDir();
  const file = join(tmp.dir, 'log.jsonl');
  const fd = openSync(file, 'w');
  try {
    write(createLogger({ level: 'info', destination: fd, redactText }));
  } finally {
    closeSync(fd);
  }
  const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  await tmp.cleanup();
  return lines;
}

describe('logger', () => {
  it('writes JSON lines with child bindings and never the tokens, secrets or authorization headers', async () => {
    const [line] = await logged(false, (log) => log.child({ channel: 'slack', turnId: 't-1' }).info({
      token: 'xoxb-secret', secret: 'signing', headers: { authorization: 'Bearer abc' }, cfg: { apiKey: 'sk-1', password: 'p' }, question: 'What is an AEO?',
    }, 'answered'));
    expect(line).toMatchObject({ msg: 'answered', channel: 'slack', turnId: 't-1', app: 'aeo-bot', question: 'What is an AEO?' });
    const text = JSON.stringify(line);
    for (const secret of ['xoxb-secret', 'signing', 'Bearer abc', 'sk-1', '"p"']) expect(text).not.toContain(secret);
  });

  it('keeps message text out too when LOG_REDACT_TEXT is on', async () => {
    const [line] = await logged(true, (log) => log.info({ question: 'What is an AEO?', reply: { text: 'An AEO is...' }, answerId: 'a1' }, 'answered'));
    expect(line).toMatchObject({ question: '[redacted]', reply: { text: '[redacted]' }, answerId: 'a1' });
  });
});
