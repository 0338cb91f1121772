import { createInterface } from 'node:readline';
import { asAppError } from '../../errors.js';
import type { Command } from './command.js';
import { renderText } from './render-text.js';

export const chatCommand: Command = {
  name: 'chat',
  summary: 'interactive conversation on stdin/stdout (numbers pick offered options)',
  usage: ['chat'],
  options: {},
  async run({ io: { stdin, stdout }, services }) {
    const s = await services();
    await s.refresh();
    const conversationId = `cli:${process.pid}:${Date.now()}`;
    let choices: { label: string; value: string }[] = [];
    stdout.write('aeo-bot: ask about AEO programmes and MRAs ("check my eligibility" starts the self-check; Ctrl-D quits).\n> ');
    for await (const line of createInterface({ input: stdin, crlfDelay: Infinity })) {
      const n = Number(line.trim());
      const text = Number.isInteger(n) && n >= 1 && n <= choices.length ? (choices[n - 1]?.value ?? line) : line;
      try {
        const answer = await s.engine.answer(text, { channel: 'cli', conversationId });
        choices = optionsOf(answer.data);
        stdout.write(`${renderText(answer)}\n`);
        if (choices.length) stdout.write(`${choices.map((c, i) => `  ${i + 1}) ${c.label}`).join('\n')}\n`);
      } catch (err) {
        stdout.write(`${s.engine.userMessageFor(asAppError(err))}\n`);
      }
      stdout.write('> ');
    }
    stdout.write('\n');
    return 0;
  },
};

function optionsOf(data: unknown): { label: string; value: string }[] {
  const choices = (data as { choices?: unknown })?.choices;
  return Array.isArray(choices) ? (choices as { label: string; value: string }[]) : [];
}
