import type { Answer, AskContext } from './answer.js';

/** One question the engine answered, as it is handed to the log (the question log of the editors' report). */
export interface AnsweredQuestion {
  question: string;
  context: AskContext;
  answer: Answer;
  ms: number;
}

/** Told of every answered question, whatever the channel; a failure to record never fails the answer. */
export interface AnswerLog {
  answered(q: AnsweredQuestion): Promise<void>;
}
