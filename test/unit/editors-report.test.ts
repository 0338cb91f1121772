import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../src/editors-report/build-report.js';
import { groupQuestions } from '../../src/editors-report/group-questions.js';
import { applyQuestion, proposeQuestion, withQuestion } from '../../src/editors-report/question-suggestion.js';
import { logCsv } from '../../src/editors-report/report-csv.js';
import { currentReport } from '../../src/editors-report/report-from-services.js';
import { memoryLogger } from '../../src/logging/logger.js';
import { FileQuestionLog } from '../../src/question-log/file-question-log.js';
import { questionHash } from '../../src/question-log/hashing.js';
import { QuestionRecorder } from '../../src/question-log/question-recorder.js';
import type { QuestionRecord } from '../../src/question-log/types.js';
import { fixtureServices } from '../helpers/services.js';

let seq = 0;
/** A log record as the recorder writes it. */
export function seeded(question: string | undefined, over: Partial<QuestionRecord> = {}): QuestionRecord {
  seq += 1;
  return {
    at: `2026-06-${String(1 + (seq % 5)).padStart(2, '0')}T10:00:${String(seq % 60).padStart(2, '0')}.000Z`, answerId: `a${seq}`,
    channel: 'http', language: 'en', kind: 'decline', declined: true, confidence: 0.1, cited: [],
    ...(question === undefined ? {} : { question }), questionHash: questionHash(question ?? `x${seq}`), ms: 5, ...over,
  };
}

/** Declined questions as users word them: three ways of asking the fee, two of asking for opening hours. */
const SEED = [
  seeded('How much does the OEA application cost in Peru?'),
  seeded('how much does OEA application cost Peru', { channel: 'slack' }),
  seeded('Peru OEA application: how much does it cost?', { channel: 'teams' }),
  seeded('¿Cuánto cuesta la solicitud OEA en Perú?', { language: 'es' }),
  seeded('What are the opening hours of the customs office?'),
  seeded('opening hours customs office', { channel: 'cli' }),
  seeded(undefined, { questionHash: 'feedfacefeedface' }),
  seeded(undefined, { questionHash: 'feedfacefeedface' }),
  seeded('Who runs the OEA programme in Peru?', {
    declined: false, kind: 'retrieval', cited: [{ source: 'programmes/pe-oea.md', section: 'Overview' }],
    feedback: { at: '2026-06-03T11:00:00.000Z', helpful: false, comment: 'It should name the ministry too' },
  }),
  seeded('Who can apply in Peru?', { declined: false, kind: 'retrieval', cited: [{ source: 'programmes/pe-oea.md' }, { source: 'programmes/pe-oea.md' }] }),
];

describe('grouping declined questions by wording', () => {
  it('puts wordings that share most analysed terms together, most frequent first; redacted ones by hash', () => {
    const groups = groupQuestions(SEED.filter((r) => r.declined));
    expect(groups.map((g) => g.count)).toEqual([3, 2, 2, 1]);
    expect(groups[0]?.wordings).toHaveLength(3);
    expect(groups[0]?.wordings.every((w) => /cost/i.test(w))).toBe(true);
    expect(groups[0]?.channels).toEqual({ http: 1, slack: 1, teams: 1 });
    expect(groups.find((g) => g.redacted)).toMatchObject({ count: 2, question: expect.stringContaining('feedfacefeedface') });
    expect(groups.find((g) => /opening/.test(g.question))?.wordings).toHaveLength(2);
    expect(groups.find((g) => g.language === 'es')?.count).toBe(1);
  });

  it('groups 20,000 declined questions without freezing (each compared only with groups sharing a word)', () => {
    const words = Array.from({ length: 400 }, (_, i) => `topic${i}`);
    const many = Array.from({ length: 20_000 }, (_, i) => seeded(`question about ${words[i % 400]} and ${words[(i * 7) % 400]} rules`));
    const started = performance.now();
    const groups = groupQuestions(many);
    // A generous bound that only catches a freeze (a scan of every group for every question took far longer).
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(20_000);
    expect(groups.length).toBeLessThan(20_000);
    expect(groupQuestions([seeded('what is it?'), seeded('is it?')]).map((g) => g.count)).toEqual([2]);
  });

  it('a group stands for itself by the wording most like its others', () => {
    const [g] = groupQuestions([seeded('aeo fee peru'), seeded('aeo fee in peru please'), seeded('peru aeo fee')]);
    expect(g?.count).toBe(3);
    expect(g?.question).toBe('aeo fee peru');
  });
});

describe('the report over a seeded log, against the fixture index', () => {
  let s: Awaited<ReturnType<typeof fixtureServices>>;
  beforeAll(async () => {
    s = await fixtureServices();
    await s.refresh();
  });
  afterAll(async () => {
    await s?.close();
    await s?.cleanup();
  });

  it('closest sections from the retriever, a suggestion into a Markdown section, the cited and never-cited pages', async () => {
    const file = join(s.knowledgeDir, '..', 'seeded-log.jsonl');
    const store = new FileQuestionLog(file);
    for (const r of SEED) await store.append(r);
    const log = new QuestionRecorder(store, { redactText: false, retentionDays: 3650 }, memoryLogger());
    const report = await currentReport(log, s.engine);
    expect(report).toMatchObject({ total: 10, declined: 8, helpful: 0 });
    const fee = report.groups[0]!;
    expect(fee.closest[0]?.file).toBe('programmes/pe-oea.md');
    expect(fee.suggestion).toEqual({ file: 'programmes/pe-oea.md', headings: fee.closest[0]?.headings, question: fee.question });
    expect(report.groups.find((g) => g.redacted)?.closest).toEqual([]);
    expect(report.notHelpful.map((n) => n.feedback?.comment)).toEqual(['It should name the ministry too']);
    expect(report.cited).toEqual([{ file: 'programmes/pe-oea.md', title: 'Peru - Operador Económico Autorizado (OEA)', count: 2 }]);
    expect(report.neverCited.map((p) => p.file)).toContain('sample-page.html');
    expect(report.neverCited.map((p) => p.file)).not.toContain('programmes/pe-oea.md');
    expect(report.days.reduce((n, d) => n + d.total, 0)).toBe(10);
    expect(report.days.every((d) => Object.values(d.byChannel).reduce((a, b) => a + b, 0) === d.total)).toBe(true);
  });

  it('the suggestion is a diff first; applied only with the hash of the page it was made from', async () => {
    const page = join(s.knowledgeDir, 'programmes', 'pe-oea.md');
    const before = await readFile(page, 'utf8');
    const suggestion = { file: 'programmes/pe-oea.md', headings: ['Who can apply'], question: 'can a broker join OEA in Peru?' };
    const change = await proposeQuestion(s.knowledgeDir, suggestion);
    expect(change.patch).toContain('+++ b/knowledge/programmes/pe-oea.md');
    expect(change.patch).toMatch(/^ ## Who can apply\n\+<!-- questions:\n\+- can a broker join OEA in Peru\?\n\+-->$/m);
    expect(await readFile(page, 'utf8')).toBe(before);
    await expect(applyQuestion(s.knowledgeDir, suggestion, 'stale0000000000')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await readFile(page, 'utf8')).toBe(before);
    await applyQuestion(s.knowledgeDir, suggestion, change.baseHash);
    const after = await readFile(page, 'utf8');
    expect(after).toContain('## Who can apply\n<!-- questions:\n- can a broker join OEA in Peru?\n-->\n');
    // Only the section's questions changed: the front matter and every other line are as they were.
    expect(after.replace('<!-- questions:\n- can a broker join OEA in Peru?\n-->\n', '')).toBe(before);
    await writeFile(page, before);
  });

  it('refuses pages outside the knowledge folder and files that are not Markdown', async () => {
    await expect(proposeQuestion(s.knowledgeDir, { file: '../../etc/passwd.md', headings: ['x'], question: 'q' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(proposeQuestion(s.knowledgeDir, { file: 'sample-page.html', headings: ['Access control'], question: 'q' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('alternate questions written into a section', () => {
  const page = '---\ntitle: T\n---\n\n## Fees\n<!-- questions:\n- is it free?\n-->\nFree.\n\n## Validity\n\nThree years.\n\n```\n## Fees\n```\n';
  it('adds to an existing block, skips a question already listed, matches the heading path outside code', () => {
    expect(withQuestion(page, ['Fees'], 'does it cost anything').after).toContain('- is it free?\n- does it cost anything\n-->');
    expect(withQuestion(page, ['Fees'], 'Is it free?')).toEqual({ after: page, unchanged: true });
    expect(withQuestion(page, ['Validity'], 'how long is it valid').after).toContain('## Validity\n<!-- questions:\n- how long is it valid\n-->\n');
    expect(() => withQuestion(page, ['Missing'], 'q')).toThrow(/No section/);
    expect(() => withQuestion(page, ['Fees'], 'sneaky --> <script>')).toThrow(/plain text/);
  });
});

describe('CSV export', () => {
  it('one row per question, quoted where needed, formulas defused', async () => {
    const csv = logCsv([seeded('=HYPERLINK("x") "quoted", comma'), seeded(undefined)]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('at,answerId,channel,user,language,kind,declined,confidence,question,questionHash,cited,helpful,comment,ms');
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"") ""quoted"", comma"`);
    expect(lines).toHaveLength(3);
    expect((await buildReport({ records: [], since: 0, pages: new Map() })).groups).toEqual([]);
  });
});
