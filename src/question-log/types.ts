/** One answered question as the editors' report reads it. */
export interface QuestionRecord {
  at: string;
  answerId: string;
  channel: string;
  /** Hash of the channel's user id (never the id itself); absent when the channel has no user (CLI). */
  user?: string;
  language: string;
  kind: string;
  declined: boolean;
  confidence: number;
  /** The knowledge files (and sections) the answer cited. */
  cited: { source: string; section?: string }[];
  /** The user's words; absent with LOG_REDACT_TEXT, which keeps only `questionHash` and the derived fields. */
  question?: string;
  questionHash: string;
  ms: number;
  /** The rating the answer got, joined by answer id. */
  feedback?: FeedbackNote;
}

export interface FeedbackNote {
  at: string;
  helpful: boolean;
  /** The user's comment; absent with LOG_REDACT_TEXT. */
  comment?: string;
}

/** Where the log lives: a local JSONL file, or Redis for several replicas. */
export interface QuestionLogStore {
  append(r: QuestionRecord): Promise<void>;
  feedback(answerId: string, note: FeedbackNote): Promise<void>;
  /** Records since `sinceMs` (epoch ms), oldest first, with their feedback joined. */
  list(sinceMs: number): Promise<QuestionRecord[]>;
  /** Forgets records (and their feedback) older than `beforeMs`. */
  prune(beforeMs: number): Promise<void>;
  /** Releases what the store holds open (the file), after its queued writes; absent when it holds nothing. */
  close?(): Promise<void>;
}
