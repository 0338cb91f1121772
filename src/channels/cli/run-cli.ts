import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { writeFile } from 'node:fs/promises';
import { asAppError } from '../../errors.js';
import type { Services } from '../../main.js';
import { renderText } from './render-text.js';
import { evaluate, runEval } from '../../eval/run-eval.js';
import { inFolds, loadBank, parseFolds } from '../../eval/bank.js';

const USAGE = `Usage:
  aeo-bot serve                     start the HTTP service (web chat, API)
  aeo-bot index                     build or refresh the knowledge index
  aeo-bot ask "question"            answer one question as readable text
  aeo-bot ask --json "question"     answer one question as Answer JSON
  aeo-bot ask --jsonl               read questions from stdin (one per line), write one Answer JSON per line
      [--conversation ID]           ... as one conversation (multi-turn flows such as the eligibility check)
  aeo-bot chat                      interactive conversation on stdin/stdout (numbers pick offered options)
  aeo-bot eval --file F.jsonl       score the bot on an evaluation set (fact recall, declines)
  aeo-bot eval --bank DIR [--folds held-out|train|all|0,1] [--out rows.jsonl]
                                    score the question bank's folds (default: the held-out folds)
`;

/** The command-line channel: translates arguments into questions and Answers into text or JSON. */
export async function runCli(argv: string[], services: Services, stdin: Readable, stdout: Writable): Promise<number> {
  const [command, ...rest] = argv;
  const flags = new Set(rest.filter((a) => a.startsWith('--')));
  const args = rest.filter((a, i) => !a.startsWith('--') && rest[i - 1] !== '--conversation');
  switch (command) {
    case 'index': {
      const index = await services.refresh();
      stdout.write(`Index ready: ${index.manifest.chunkCount} chunks from ${Object.keys(index.manifest.files).length} files` +
        `${index.manifest.skipped.length ? `, ${index.manifest.skipped.length} skipped` : ''} (${index.dir}).\n`);
      return 0;
    }
    case 'ask': {
      await services.refresh();
      const conv = rest.indexOf('--conversation');
      const conversationId = conv >= 0 ? rest[conv + 1] : undefined;
      if (flags.has('--jsonl')) return askLines(services, stdin, stdout, conversationId ? `cli:${conversationId}` : undefined);
      const question = args.join(' ');
      try {
        const answer = await services.engine.answer(question, { channel: 'cli' });
        stdout.write(flags.has('--json') ? `${JSON.stringify(answer)}\n` : `${renderText(answer)}\n`);
        return 0;
      } catch (err) {
        const e = asAppError(err);
        if (flags.has('--json')) stdout.write(`${JSON.stringify({ error: { code: e.code, message: e.message } })}\n`);
        else stdout.write(`${services.engine.userMessageFor(e)}\n`);
        return 2;
      }
    }
    case 'chat': {
      await services.refresh();
      return chat(services, stdin, stdout);
    }
    case 'eval': {
      const arg = (name: string) => (rest.indexOf(name) >= 0 ? rest[rest.indexOf(name) + 1] : undefined);
      const file = arg('--file');
      const bank = arg('--bank');
      if (!file && !bank) {
        stdout.write(USAGE);
        return 2;
      }
      await services.refresh();
      const folds = parseFolds(arg('--folds') ?? 'held-out');
      const report = bank
        ? await evaluate(services.engine, inFolds(await loadBank(bank), folds))
        : await runEval(services.engine, file as string);
      if (bank) stdout.write(`question bank ${bank}, folds ${folds.join(',')}\n`);
      const out = arg('--out');
      if (out) await writeFile(out, `${report.rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
      stdout.write(flags.has('--json') ? `${JSON.stringify(report)}\n` : `${report.text}\n`);
      return 0;
    }
    default:
      stdout.write(USAGE);
      return command === 'help' || command === '--help' ? 0 : 2;
  }
}

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

/** Interactive mode: one conversation; a number answers with the matching offered option. */
async function chat(services: Services, stdin: Readable, stdout: Writable): Promise<number> {
  const conversationId = `cli:${process.pid}:${Date.now()}`;
  let choices: { label: string; value: string }[] = [];
  stdout.write('aeo-bot: ask about AEO programmes and MRAs ("check my eligibility" starts the self-check; Ctrl-D quits).\n> ');
  for await (const line of createInterface({ input: stdin, crlfDelay: Infinity })) {
    const n = Number(line.trim());
    const text = Number.isInteger(n) && n >= 1 && n <= choices.length ? (choices[n - 1]?.value ?? line) : line;
    try {
      const answer = await services.engine.answer(text, { channel: 'cli', conversationId });
      choices = optionsOf(answer.data);
      stdout.write(`${renderText(answer)}\n`);
      if (choices.length) stdout.write(`${choices.map((c, i) => `  ${i + 1}) ${c.label}`).join('\n')}\n`);
    } catch (err) {
      stdout.write(`${services.engine.userMessageFor(asAppError(err))}\n`);
    }
    stdout.write('> ');
  }
  stdout.write('\n');
  return 0;
}

function optionsOf(data: unknown): { label: string; value: string }[] {
  const choices = (data as { choices?: unknown })?.choices;
  return Array.isArray(choices) ? (choices as { label: string; value: string }[]) : [];
}
