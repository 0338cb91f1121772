import { analyze } from '../search/analyzer.js';
import type { QuestionRecord } from '../question-log/types.js';

/** Declined questions worded alike: one row of the editors' report. */
export interface QuestionGroup {
  /** The wording that stands for the group (the member most like the others): the suggested alternate question. */
  question: string;
  count: number;
  /** Distinct wordings, most frequent first (at most 8). */
  wordings: string[];
  language: string;
  languages: Record<string, number>;
  channels: Record<string, number>;
  lastAt: string;
  /** With LOG_REDACT_TEXT the log holds no words: the group is one question hash. */
  redacted?: boolean;
}

/** Share of analysed terms two wordings must have in common (Jaccard) to be one group. */
export const SIMILAR = 0.5;

interface Member { record: QuestionRecord; terms: Set<string> }
interface Building { members: Member[]; terms: Set<string> }

/**
 * Groups questions by the index's own analysis (content words, Snowball stems per language): wordings whose term
 * sets overlap by at least `SIMILAR` join one group, compared with the group's first member; most frequent first.
 */
export function groupQuestions(records: QuestionRecord[], similar = SIMILAR): QuestionGroup[] {
  const withText: Member[] = [];
  const hashed = new Map<string, QuestionRecord[]>();
  for (const record of records) {
    if (record.question === undefined) hashed.set(record.questionHash, [...(hashed.get(record.questionHash) ?? []), record]);
    else withText.push({ record, terms: new Set(analyze(record.question, record.language)) });
  }
  const groups: Building[] = [];
  // Groups by term, so a wording is compared only with groups it shares a word with (near-linear on big logs).
  const byTerm = new Map<string, number[]>();
  for (const m of withText) {
    // A wording of stop words alone has no terms: such wordings are one group of their own.
    const keys = m.terms.size ? [...m.terms] : [''];
    const candidates = new Set<number>();
    for (const t of keys) for (const g of byTerm.get(t) ?? []) candidates.add(g);
    // The earliest group that is similar enough, as a scan in order would find.
    const home = [...candidates].sort((x, y) => x - y).find((g) => jaccard(groups[g]?.terms ?? new Set(), m.terms) >= similar);
    if (home !== undefined) {
      groups[home]?.members.push(m);
      continue;
    }
    const at = groups.push({ members: [m], terms: m.terms }) - 1;
    for (const t of keys) {
      const list = byTerm.get(t);
      if (list) list.push(at);
      else byTerm.set(t, [at]);
    }
  }
  const out = groups.map((g) => summarise(g.members.map((m) => m.record), representative(g.members)));
  for (const rs of hashed.values()) out.push({ ...summarise(rs, `(text not kept: ${rs[0]?.questionHash})`), redacted: true });
  return out.sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (!a.size && !b.size) return 1;
  let both = 0;
  for (const t of a) if (b.has(t)) both += 1;
  return both / (a.size + b.size - both);
}

/** The member sharing the most terms with the others (ties: the most frequent wording, then the shortest). */
function representative(members: Member[]): string {
  let best = members[0];
  let bestScore = -1;
  const freq = counts(members.map((m) => m.record.question ?? ''));
  for (const m of members) {
    const score = members.reduce((s, o) => s + jaccard(m.terms, o.terms), 0) + (freq.get(m.record.question ?? '') ?? 0) / 1000;
    const shorter = score === bestScore && (m.record.question ?? '').length < (best?.record.question ?? '').length;
    if (score > bestScore || shorter) {
      best = m;
      bestScore = score;
    }
  }
  return best?.record.question ?? '';
}

function counts(values: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

function tally(values: string[]): Record<string, number> {
  return Object.fromEntries(counts(values));
}

function summarise(records: QuestionRecord[], question: string): QuestionGroup {
  const wordings = [...counts(records.map((r) => r.question ?? '').filter(Boolean))].sort((a, b) => b[1] - a[1]).map(([w]) => w);
  const languages = tally(records.map((r) => r.language));
  return {
    question, count: records.length, wordings: wordings.slice(0, 8),
    language: Object.entries(languages).sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'en', languages,
    channels: tally(records.map((r) => r.channel)), lastAt: records.map((r) => r.at).sort().at(-1) ?? '',
  };
}
