import type { KnowledgeBase } from '../core/knowledge-base.js';
import type { Messages } from '../i18n/messages.js';
import { partyName } from '../knowledge/countries.js';
import type { Chunk } from '../knowledge/types.js';
import { dot } from './vector-math.js';

const MAX = 3;

/** Up to three follow-up questions drawn from the knowledge base: the programme of the main source, then FAQs. */
export function suggestFollowUps(kb: KnowledgeBase, question: string, lang: string, cited: Chunk[], messages: Messages): string[] {
  const out: string[] = [];
  const seen = new Set([norm(question)]);
  const add = (q: string) => {
    if (out.length < MAX && !seen.has(norm(q))) {
      seen.add(norm(q));
      out.push(q);
    }
  };
  const main = cited[0];
  const code = main?.jurisdictions.length === 1 ? main.jurisdictions[0] : undefined;
  if (main && code && code !== 'INT' && main.topics.includes('programme')) {
    const country = partyName(code, lang);
    const programme = messages.text(lang, 'programme_of', { country });
    if (!/benefi|avantage|ventaj/i.test(question)) add(messages.text(lang, 'followup_facet_benefits', { programme, country }));
    if (!/\bmra|arm\b/i.test(question)) add(messages.text(lang, 'followup_mras', { country }));
    if (!/appl|solicit|postul/i.test(question)) add(messages.text(lang, 'followup_facet_application', { programme, country }));
  }
  const qv = kb.semantic.embed(question);
  const faqs = kb.faq
    // Suggestions are in the user's language: an English FAQ question is no follow-up to a French answer.
    .filter((f) => f.chunk.language === lang)
    .map((f) => ({ q: f.question, s: dot(qv, f.vector) }))
    .filter((f) => f.s > 0.45)
    .sort((a, b) => b.s - a.s);
  for (const f of faqs) add(f.q);
  return out;
}

function norm(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}
