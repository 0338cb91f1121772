import type { Messages } from '../i18n/messages.js';
import type { Answer, AskContext } from './answer.js';
import type { KnowledgeBase } from './knowledge-base.js';
import type { Query } from '../understanding/query.js';

export interface Question {
  text: string;
  language: string;
  context: AskContext;
  /** What the question was understood to ask (intent, facet, jurisdictions, answer type). */
  query?: Query;
}

export interface ResponderDeps {
  kb: KnowledgeBase;
  messages: Messages;
}

/** One route of the router: answers when it recognises the question, else returns undefined. */
export interface Responder {
  readonly name: string;
  respond(q: Question, deps: ResponderDeps): Promise<Answer | undefined>;
}
