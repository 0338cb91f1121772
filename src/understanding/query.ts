/** What the bot understood of a question, before anything is retrieved (stage 1 of the answer pipeline). */
export type Intent =
  | 'greeting' | 'thanks' | 'help'
  | 'eligibility-check'
  | 'request-to-act'
  | 'prediction'
  | 'advice'
  | 'off-topic'
  | 'registry'
  | 'comparison'
  | 'definition'
  | 'facet'
  | 'general';

export type RegistryAsk = 'first' | 'latest' | 'count' | 'membership' | 'lookup';

export type AnswerType = 'yesno' | 'number' | 'date' | 'list' | 'place' | 'name' | 'text';

export type Facet =
  | 'benefits' | 'eligibility' | 'criteria' | 'application' | 'cost' | 'duration' | 'validity' | 'penalties'
  | 'legal-basis' | 'tiers' | 'statistics' | 'agency' | 'name' | 'launch' | 'sources' | 'officials' | 'participation';

export interface Query {
  text: string;
  language: string;
  intent: Intent;
  /** For registry questions: what about the registry is asked. */
  registry?: RegistryAsk;
  facet?: Facet;
  answerType: AnswerType;
  /** Asked as a yes/no question, whatever else it asks ("did they sign? when?"): the answer starts with yes or no. */
  asksYesNo?: boolean;
  /** A registry date question about when an arrangement took effect (in force, implemented), not when it was signed. */
  asksEffect?: boolean;
  /** Asks for an exact date ("fecha exacta", "which day"): a year or a month does not answer it. */
  asksExact?: boolean;
  /** The same registry fact asked of each party named ("first MRA of Peru vs Brazil"). */
  eachParty?: boolean;
  /** Jurisdictions the question itself names, in order. */
  jurisdictions: string[];
  /** A jurisdiction carried over from earlier turns, when the question needs one and names none. */
  carried?: string;
  /** Acronyms naming several jurisdictions (SAT: Mexico and Guatemala). */
  ambiguous: { text: string; codes: string[] }[];
  /** The words of the question that name its jurisdictions ("Chilean", "CBSA", "C-TPAT"). */
  named: string[];
  /** Capitalised names in a country slot that match no jurisdiction. */
  unknownNames: string[];
  /** The question mentions an MRA (or a recognition arrangement). */
  mentionsMra: boolean;
  /** The question is about a workshop (the 2022 WCO workshop, other WCO workshops), not a programme. */
  aboutWorkshop?: boolean;
}
