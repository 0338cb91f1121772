import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileError } from '../../errors.js';
import { inFolds, loadBank, parseFolds } from '../../eval/bank.js';
import { evaluate, parseEvalFile } from '../../eval/run-eval.js';
import { stringOption, type Command } from './command.js';
import { readingFile } from './files.js';
import { usageError } from './run-cli.js';

export const evalCommand: Command = {
  name: 'eval',
  summary: 'score the bot on an evaluation set or the question bank (fact recall, answered, cited, declines)',
  usage: ['eval --file SET.jsonl [--json] [--out rows.jsonl]', 'eval --bank DIR [--folds held-out|train|all|0,1] [--json] [--out rows.jsonl]'],
  help: [
    '  --file F      JSONL lines {"id","question","expected_facts":[...],"should_decline"} (e.g. eval/multilingual.jsonl)',
    '  --bank DIR    every *.jsonl of a question bank folder (eval/bank)',
    '  --folds F     the bank folds scored (default held-out)',
    '  --out F       also write one row per question as JSONL',
    '  --json        print the report as JSON',
    'Paths you give are read from the current folder.',
  ].join('\n'),
  options: { file: { type: 'string' }, bank: { type: 'string' }, folds: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, io, services }) {
    const file = stringOption(values, 'file');
    const bank = stringOption(values, 'bank');
    if (!file === !bank) throw usageError('give one of --file or --bank');
    let folds: number[] = [];
    if (bank) {
      try {
        folds = parseFolds(stringOption(values, 'folds') ?? 'held-out');
      } catch (err) {
        throw usageError((err as Error).message);
      }
    } else if (values.folds) throw usageError('--folds goes with --bank');
    // The set is read before the index is loaded, so a wrong path fails at once.
    const items = bank
      ? inFolds(await readingFile(bank, () => loadBank(resolve(bank))), folds)
      : await readingFile(file as string, async () => parseEvalFile(await readFile(resolve(file as string), 'utf8')));
    const s = await services();
    await s.refresh();
    const report = await evaluate(s.engine, items);
    if (bank) io.stdout.write(`question bank ${bank}, folds ${folds.join(',')}\n`);
    const out = stringOption(values, 'out');
    if (out) {
      await writeFile(resolve(out), `${report.rows.map((r) => JSON.stringify(r)).join('\n')}\n`).catch((err) => {
        throw fileError(err, out, 'write');
      });
    }
    io.stdout.write(values.json ? `${JSON.stringify(report)}\n` : `${report.text}\n`);
    return 0;
  },
};
