import { currentReport } from '../../editors-report/report-from-services.js';
import { logCsv } from '../../editors-report/report-csv.js';
import { proposeQuestion } from '../../editors-report/question-suggestion.js';
import { reportText } from '../../editors-report/report-text.js';
import type { Command } from './command.js';
import { resolve } from 'node:path';

export const reportCommand: Command = {
  name: 'report',
  summary: "the editors' report: declined questions grouped, not-helpful answers, pages cited most and never",
  usage: ['report [--json | --csv | --patch]'],
  help: [
    '  --json    the report as JSON',
    '  --csv     the question log as CSV (one row per answered question, its rating joined)',
    '  --patch   the suggested alternate questions as one patch for knowledge/ (git apply); nothing is written',
  ].join('\n'),
  options: { json: { type: 'boolean' }, csv: { type: 'boolean' }, patch: { type: 'boolean' } },
  async run({ values, io, services }) {
    const s = await services();
    if (values.csv) {
      io.stdout.write(logCsv((await s.questionLog?.list()) ?? []));
      return 0;
    }
    await s.refresh();
    const report = await currentReport(s.questionLog, s.engine);
    if (values.patch) {
      for (const g of report.groups) {
        if (!g.suggestion) continue;
        const change = await proposeQuestion(resolve(s.config.KNOWLEDGE_DIR), g.suggestion);
        if (!change.unchanged) io.stdout.write(change.patch);
      }
      return 0;
    }
    io.stdout.write(values.json ? `${JSON.stringify(report)}\n` : reportText(report));
    if (!s.questionLog) io.stderr.write('The question log is off (QUESTION_LOG_RETENTION_DAYS=0).\n');
    return 0;
  },
};
