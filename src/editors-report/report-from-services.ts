import type { AnswerEngine } from '../core/answer-engine.js';
import type { QuestionRecorder } from '../question-log/question-recorder.js';
import { buildReport, type EditorsReport } from './build-report.js';

/** The report over the log as kept now, against the knowledge base the engine answers from. */
export async function currentReport(log: QuestionRecorder | undefined, engine: AnswerEngine): Promise<EditorsReport> {
  const kb = engine.knowledgeBase;
  const pages = new Map(Object.entries(kb?.index.manifest.files ?? {}).map(([file, f]) => [file, f.meta.title]));
  return buildReport({
    records: log ? await log.list() : [], since: log?.since ?? Date.now(), pages, ...(kb ? { retriever: kb.retriever } : {}),
    jurisdictionOf: (question, language) => engine.explain(question, language)?.jurisdictions[0],
  });
}
