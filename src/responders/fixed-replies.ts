import type { Answer } from '../core/answer.js';
import type { Question, Responder, ResponderDeps } from '../core/responder.js';
import type { Messages } from '../i18n/messages.js';
import { partyName } from '../knowledge/countries.js';
import { formatPartialDate } from '../knowledge/dates.js';
import { arrangementLabel, type MraRegistry } from '../knowledge/registry.js';
import { declineAnswer } from '../answering/decline.js';
import { clarifyAnswer } from '../answering/clarify.js';

function reply(lang: string, answer: string, extra: Partial<Answer> = {}): Answer {
  return { answer, citations: [], confidence: 1, declined: false, kind: 'curated', followUps: [], language: lang, ...extra };
}

/** Hello, help, thanks: a short reply saying what the bot can do, in the user's language. */
export class SmallTalkResponder implements Responder {
  readonly name = 'smalltalk';

  async respond(q: Question, { messages }: ResponderDeps): Promise<Answer | undefined> {
    const intent = q.query?.intent;
    if (intent !== 'greeting' && intent !== 'thanks' && intent !== 'help') return undefined;
    const lang = q.language;
    const text = intent === 'help'
      ? messages.text(lang, 'smalltalk_help')
      : intent === 'thanks' ? messages.text(lang, 'smalltalk_thanks') : `${messages.text(lang, 'smalltalk_greeting')} ${messages.text(lang, 'smalltalk_help')}`;
    return reply(lang, text, { followUps: messages.list(lang, 'smalltalk_examples').slice(0, 3) });
  }
}

/**
 * "File our application for us": the bot cannot act; it says so and gives how the user does it (the programme's
 * "how to apply" answer from the responder it wraps), declined so nobody mistakes it for the action done.
 */
export class ActRequestResponder implements Responder {
  readonly name = 'act';

  constructor(private readonly howTo?: Responder) {}

  async respond(q: Question, deps: ResponderDeps): Promise<Answer | undefined> {
    if (q.query?.intent !== 'request-to-act') return undefined;
    const lang = q.language;
    const how = q.query && this.howTo
      ? await this.howTo.respond({ ...q, query: { ...q.query, intent: 'facet', facet: 'application' } }, deps)
      : undefined;
    if (how && !how.declined) {
      return { ...how, answer: `${deps.messages.text(lang, 'act_decline')}\n\n${how.answer}`, declined: true, kind: 'decline', confidence: 0 };
    }
    return reply(lang, deps.messages.text(lang, 'act_decline_generic'), { declined: true, kind: 'decline', confidence: 0 });
  }
}

/** A subject outside AEO programmes and MRAs: the plain decline, with what the bot can help with. */
export class OffTopicResponder implements Responder {
  readonly name = 'off-topic';

  async respond(q: Question, { messages }: ResponderDeps): Promise<Answer | undefined> {
    return q.query?.intent === 'off-topic' ? declineAnswer(messages, q.language) : undefined;
  }
}

/** Legal advice on the user's own case: declined, pointing to who can give it. */
export class AdviceResponder implements Responder {
  readonly name = 'advice';

  async respond(q: Question, { messages }: ResponderDeps): Promise<Answer | undefined> {
    if (q.query?.intent !== 'advice') return undefined;
    return reply(q.language, messages.text(q.language, 'advice_decline'), { declined: true, kind: 'decline', confidence: 0 });
  }
}

/**
 * Questions about the future ("when will Chile sign with China?") are declined; what the registry shows for the
 * named jurisdictions as of its date is given instead, cited.
 */
export class PredictionResponder implements Responder {
  readonly name = 'prediction';

  async respond(q: Question, { kb, messages }: ResponderDeps): Promise<Answer | undefined> {
    if (q.query?.intent !== 'prediction') return undefined;
    const lang = q.language;
    const base = messages.text(lang, 'prediction_decline');
    const codes = q.query.jurisdictions;
    const reg = kb.registry;
    if (!reg || !codes.length) return reply(lang, base, { declined: true, kind: 'decline', confidence: 0 });
    return reply(lang, `${base} ${registryState(reg, codes, messages, lang)}`, { declined: true, kind: 'decline', confidence: 0 });
  }
}

function registryState(reg: MraRegistry, codes: string[], messages: Messages, lang: string): string {
  const date = formatPartialDate(reg.asOf, lang);
  const [a, b] = codes;
  const rows = reg.arrangements.filter((r) => (a ? r.parties.includes(a) : true) && (b ? r.parties.includes(b) : true));
  const head = messages.text(lang, 'prediction_registry', { date });
  if (b && a) {
    return rows.length
      ? `${head} ${rows.map((r) => `${arrangementLabel(r, lang)}: ${messages.text(lang, `status_${r.status}`)}${r.date_signed ? ` (${formatPartialDate(r.date_signed, lang)})` : ''}`).join('; ')}.`
      : `${head} ${messages.text(lang, 'mra_no', { a: partyName(a, lang), b: partyName(b, lang), date })}`;
  }
  return `${head} ${messages.text(lang, 'mra_count', { country: partyName(a ?? '', lang), n: rows.length, date })}`.replace(/:\s*$/, '.');
}

/** An acronym two administrations share ("SAT"): ask which one, with a button for each. */
export class ClarifyJurisdictionResponder implements Responder {
  readonly name = 'clarify';

  async respond(q: Question, { messages }: ResponderDeps): Promise<Answer | undefined> {
    const amb = q.query?.ambiguous[0];
    if (!amb || q.query?.jurisdictions.length) return undefined;
    const names = amb.codes.map((c) => partyName(c, q.language)).join(', ');
    return clarifyAnswer(messages.text(q.language, 'clarify_acronym', { acronym: amb.text, names }), amb.codes, q);
  }
}
