import type { Answer } from '../core/answer.js';
import type { Question } from '../core/responder.js';
import { partyName } from '../knowledge/countries.js';

/** A clarifying question with one button per jurisdiction; each button re-asks the question naming it. */
export function clarifyAnswer(text: string, codes: string[], q: Question): Answer {
  const lang = q.language;
  return {
    answer: text,
    citations: [],
    confidence: 0,
    declined: false,
    kind: 'clarify',
    followUps: [],
    language: lang,
    data: { type: 'clarify', choices: codes.map((c) => ({ label: partyName(c, lang), value: `${q.text.replace(/[?？]\s*$/, '')} (${partyName(c, lang)})?` })) },
  };
}
