import { programmePages } from '../responders/programme-pages.js';
import type { Answer } from '../core/answer.js';
import type { KnowledgeBase } from '../core/knowledge-base.js';
import type { Question, Responder, ResponderDeps } from '../core/responder.js';
import type { Messages } from '../i18n/messages.js';
import { partyName } from '../knowledge/countries.js';
import type { Chunk } from '../knowledge/types.js';
import { CitationList } from '../answering/citations.js';
import type { CountryResolver } from '../mra/country-resolver.js';
import type { SessionStore } from '../state/session-store.js';
import {
  AREAS, BUSINESS_TYPES, COUNTRY_CHOICES, STEPS, isAside, isCancel, isRestart, isTrigger, looksLikeQuestion, parseBusiness, parseYesNo,
  type Area, type EligibilityState,
} from './flow.js';

export interface EligibilityData {
  type: 'eligibility';
  step?: string;
  index?: number;
  total: number;
  question?: string;
  choices?: { label: string; value: string }[];
  done?: boolean;
  met?: Area[];
  gaps?: Area[];
  unsure?: Area[];
}

/** English search phrases for the knowledge passages behind each criteria area. */
const AREA_QUERIES: Record<Area, string> = {
  compliance: 'customs compliance record infringements criteria',
  records: 'commercial records accounting logistics system criteria',
  solvency: 'financial solvency criteria',
  security: 'security and safety standards premises cargo personnel business partners criteria',
  training: 'training crisis management security awareness criteria',
};

/** The guided AEO eligibility self-check: a multi-turn questionnaire kept per conversation. */
export class EligibilityResponder implements Responder {
  readonly name = 'eligibility';

  constructor(private readonly store: SessionStore<EligibilityState>, private readonly resolver: CountryResolver, private readonly ttlMs: number) {}

  async respond(q: Question, { kb, messages }: ResponderDeps): Promise<Answer | undefined> {
    const key = q.context.conversationId;
    const t = (k: string, v: Record<string, string | number> = {}) => messages.text(q.language, k, v);
    // The understanding stage decides from its cue data; the built-in triggers serve engines without one.
    if (q.query ? q.query.intent === 'eligibility-check' : isTrigger(q.text)) return this.start(key, q.language, messages);
    const state = key ? await this.store.get(key) : undefined;
    if (!state) {
      // A bare "yes"/"cancel" with no session: the check expired or never started.
      if (parseYesNo(q.text) || isCancel(q.text)) return this.reply(t('elig_expired', { minutes: Math.round(this.ttlMs / 60000) }), q.language, { type: 'eligibility', total: STEPS.length });
      return undefined;
    }
    if (!key) return undefined;
    if (isCancel(q.text)) {
      await this.store.delete(key);
      return this.reply(t('elig_cancelled'), q.language, { type: 'eligibility', total: STEPS.length, done: true });
    }
    if (isRestart(q.text)) return this.start(key, q.language, messages);

    // The check waits while a question asked in the middle of it is answered.
    if (isAside(q.text)) return undefined;
    const step = STEPS[state.step];
    let hint: string | undefined;
    if (step === 'business') {
      const b = parseBusiness(q.text);
      if (b) state.business = b;
      else hint = t('elig_hint_choice');
    } else if (step === 'country') {
      const code = this.resolver.resolve(q.text) ?? this.resolver.find(q.text)[0]?.code;
      if (code) state.country = code;
      else {
        const suggestions = this.resolver.suggest(q.text, q.language);
        hint = `${t('elig_unknown_country', { name: q.text.trim().slice(0, 60) })} ${suggestions.length ? t('mra_did_you_mean', { names: suggestions.join(', ') }) : t('elig_hint_choice')}`;
      }
    } else if (step) {
      const yn = parseYesNo(q.text);
      if (yn) state.answers[step] = yn;
      else hint = t('elig_hint_yesno');
    }
    if (hint) {
      // A real question asked mid-check is answered normally; the check waits for its next answer.
      if (looksLikeQuestion(q.text)) return undefined;
      await this.store.set(key, state, this.ttlMs);
      return this.ask(state, q.language, messages, hint);
    }
    state.step += 1;
    if (state.step >= STEPS.length) {
      await this.store.delete(key);
      return this.result(state, q.language, messages, kb);
    }
    await this.store.set(key, state, this.ttlMs);
    return this.ask(state, q.language, messages);
  }

  private async start(key: string | undefined, lang: string, messages: Messages): Promise<Answer> {
    const state: EligibilityState = { step: 0, answers: {} };
    if (key) await this.store.set(key, state, this.ttlMs);
    return this.ask(state, lang, messages, messages.text(lang, 'elig_intro', { n: STEPS.length }));
  }

  private ask(state: EligibilityState, lang: string, messages: Messages, preface?: string): Answer {
    const step = STEPS[state.step] ?? 'business';
    const t = (k: string, v: Record<string, string | number> = {}) => messages.text(lang, k, v);
    const question = t(`elig_q_${step}`);
    const choices =
      step === 'business' ? BUSINESS_TYPES.map((b) => ({ label: t(`biz_${b}`), value: b }))
      : step === 'country' ? COUNTRY_CHOICES.map((c) => ({ label: partyName(c, lang), value: partyName(c, 'en') }))
      : [{ label: t('yes'), value: 'yes' }, { label: t('no'), value: 'no' }, { label: t('not_sure'), value: 'not sure' }];
    const text = [preface, `${t('elig_step', { step: state.step + 1, total: STEPS.length })} ${question}`].filter(Boolean).join('\n\n');
    return this.reply(text, lang, { type: 'eligibility', step, index: state.step + 1, total: STEPS.length, question, choices });
  }

  private async result(state: EligibilityState, lang: string, messages: Messages, kb: KnowledgeBase): Promise<Answer> {
    const t = (k: string, v: Record<string, string | number> = {}) => messages.text(lang, k, v);
    const met = AREAS.filter((a) => state.answers[a] === 'yes');
    const gaps = AREAS.filter((a) => state.answers[a] === 'no');
    const unsure = AREAS.filter((a) => state.answers[a] === 'unsure');
    const names = (list: Area[]) => list.map((a) => t(`area_${a}`)).join(', ');
    const citations = new CitationList();
    const country = state.country ? partyName(state.country, lang) : t('other');
    const lines = [t('elig_result_head', { business: t(`biz_${state.business ?? 'other'}`), country })];
    if (met.length) lines.push(t('elig_met', { list: names(met) }));
    if (gaps.length) lines.push(t('elig_gaps', { list: names(gaps) }));
    if (unsure.length) lines.push(t('elig_unsure', { list: names(unsure) }));
    const todo = [...gaps, ...unsure];
    if (todo.length) {
      lines.push('', t('elig_next'));
      for (const area of todo) {
        const chunk = await criteriaChunk(kb, area);
        lines.push(`- ${t(`next_${area}`)}${chunk ? ` [${citations.cite(chunk)}]` : ''}`);
      }
    } else {
      lines.push(t('elig_ready'));
    }
    const programme = state.country ? programmeChunk(kb, state.country, lang) : undefined;
    lines.push('', programme ? t('elig_programme', { title: programme.title, n: citations.cite(programme) }) : t('elig_no_programme', { country }));
    lines.push('', t('elig_disclaimer'));
    return {
      answer: lines.join('\n'),
      citations: citations.list(),
      confidence: 1,
      declined: false,
      kind: 'eligibility',
      followUps: state.country ? [t('followup_facet_benefits', { programme: t('programme_of', { country }), country }), t('followup_mras', { country })] : [],
      language: lang,
      data: { type: 'eligibility', total: STEPS.length, done: true, met, gaps, unsure } satisfies EligibilityData,
    };
  }

  private reply(text: string, lang: string, data: EligibilityData): Answer {
    return { answer: text, citations: [], confidence: 1, declined: false, kind: 'eligibility', followUps: [], language: lang, data };
  }
}

/** The passage on a criteria area, from the guidance pages when the knowledge has them. */
async function criteriaChunk(kb: KnowledgeBase, area: Area): Promise<Chunk | undefined> {
  const hits = await kb.retriever.search(AREA_QUERIES[area], { k: 1, filters: { topics: ['criteria'] }, language: 'en' });
  return hits[0]?.chunk;
}

/** The country's programme page, preferring its "who can apply" or requirements section. */
/** The "who can apply" section of the country's programme page, in the user's language when translated. */
function programmeChunk(kb: KnowledgeBase, code: string, lang: string): Chunk | undefined {
  const page = programmePages(kb, code, lang)[0];
  const chunks = page?.chunks
    ?? kb.index.chunks.filter((c) => c.jurisdictions.includes(code) && c.topics.includes('programme') && c.kind === 'page');
  return chunks.find((c) => /who can apply|eligib|requirement|criteria|quién puede|requisitos|qui peut|exigences/i.test(c.headings.join(' ')))
    ?? chunks[0];
}
