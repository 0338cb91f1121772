/** The channel-neutral answer every channel renders. */
export interface Citation {
  n: number;
  title: string;
  /** The knowledge file the passage came from, relative to the knowledge folder. */
  source: string;
  /** The first URL among the file's sources, when it has one. */
  url?: string;
  /** Heading path of the cited section. */
  section?: string;
  /** The `updated` date of the knowledge file. */
  updated?: string;
  /** All sources the knowledge file names. */
  sources?: string[];
}

export type AnswerKind = 'retrieval' | 'curated' | 'mra' | 'comparison' | 'eligibility' | 'decline' | 'clarify';

export interface Answer {
  answer: string;
  citations: Citation[];
  confidence: number;
  declined: boolean;
  kind: AnswerKind;
  followUps: string[];
  language: string;
  /** Structured rows or next-question data for channels that render tables or buttons. */
  data?: unknown;
}

export interface Turn { role: 'user' | 'bot'; text: string }

export interface AskContext {
  /** The channel asking (web, api, cli, slack, teams), for metrics. */
  channel?: string;
  /** The channel's id for this answer (its feedback buttons carry it), so the question log joins ratings to it. */
  answerId?: string;
  /** The asker's id in the channel (Slack user, AAD object id, web conversation); the question log keeps a hash. */
  userId?: string;
  /** Stable id of the conversation (thread, chat, session), for multi-turn flows. */
  conversationId?: string;
  /** Recent turns of the conversation, oldest first. */
  history?: Turn[];
  /** The country or union in focus, from the question or earlier in the conversation. */
  country?: string;
  /** True when `country` came from earlier turns, not from the question itself. */
  countryFromHistory?: boolean;
  /** The question's words that name `country` ("Korean", "EE.UU."), answered by that country's own pages. */
  countryWords?: string[];
  /** Forces the answer language instead of detecting it. */
  language?: string;
  filters?: SearchFilters;
}

export interface SearchFilters {
  jurisdictions?: string[];
  topics?: string[];
  languages?: string[];
}

/** Marks a decline saying exactly which fact the sources leave out ("My sources don't state the fee for ..."). */
export const NOT_STATED = { type: 'facet-not-stated' } as const;

export const isNotStated = (a: Answer): boolean => (a.data as { type?: string } | undefined)?.type === NOT_STATED.type;
