import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { asAppError } from '../../errors.js';
import type { Services } from '../../main.js';
import { stringOption, type Command } from './command.js';
import { renderText } from './render-text.js';
import { usageError } from './run-cli.js';

export const askCommand: Command = {
  name: 'ask',
  summary: 'answer a question as readable text, or as Answer JSON',
  usage: ['ask [--json] "question"', 'ask --jsonl [--conversation ID] < questions.txt'],
  help: [
    '  --json             print one Answer as JSON',
    '  --jsonl            read questions from stdin (one per line), write one Answer JSON per line',
    '  --conversation ID  with --jsonl: the lines are one conversation (follow-ups, the eligibility check)',
  ].join('\n'),
  options: { json: { type: 'boolean' }, jsonl: { type: 'boolean' }, conversation: { type: 'string' } },
  positionals: true,
  async run({ values, positionals, io, services }) {
    const conversationId = stringOption(values, 'conversation');
    if (values.jsonl) {
      if (positionals.length) throw usageError('--jsonl reads the questions from stdin: give no question');
      const s = await services();
      await s.refresh();
      return askLines(s, io.stdin, io.stdout, conversationId ? `cli:${conversationId}` : undefined);
    }
    if (conversationId) throw usageError('--conversation goes with --jsonl');
    if (!positionals.length) throw usageError('give a question, or --jsonl to read questions from stdin');
    const s = await services();
    await s.refresh();
    try {
      const answer = await s.engine.answer(positionals.join(' '), { channel: 'cli' });
      io.stdout.write(values.json ? `${JSON.stringify(answer)}\n` : `${renderText(answer)}\n`);
      return 0;
    } catch (err) {
      const e = asAppError(err);
      io.stdout.write(values.json ? `${JSON.stringify({ error: { code: e.code, message: e.message } })}\n` : `${s.engine.userMessageFor(e)}\n`);
      return 2;
    }
  },
};

/** Batch mode: one Answer (or error object) per input line, in input order. */
async function askLines(services: Services, stdin: Readable, stdout: Writable, conversationId?: string): Promise<number> {
  for await (const line of createInterface({ input: stdin, crlfDelay: Infinity })) {
    try {
      stdout.write(`${JSON.stringify(await services.engine.answer(line, { channel: 'cli', ...(conversationId ? { conversationId } : {}) }))}\n`);
    } catch (err) {
      const e = asAppError(err);
      stdout.write(`${JSON.stringify({ error: { code: e.code, message: e.message } })}\n`);
    }
  }
  return 0;
}
