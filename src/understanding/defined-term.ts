/**
 * What a definition question asks to define ("whats an mra in plain english" -> "mra"), shared by the curated
 * glossary match and sentence choice so both read the same subject.
 */
const DEFINITION = new RegExp(
  [
    // what is / what's / whats / who is ... (mean / stand for)
    String.raw`^\W*(?:what|who)(?:\s+(?:is|are|was|does)|['’]s|s)\s+(?:an?\s+|the\s+)?(.{2,60}?)(?:\s+(?:mean|stand\s+for))?`,
    String.raw`^\W*define\s+(?:an?\s+|the\s+)?(.{2,60}?)`,
    String.raw`^\W*(?:what\s+is\s+the\s+)?meaning\s+of\s+(?:an?\s+|the\s+)?(.{2,60}?)`,
    String.raw`^\W*qu[eé]\s+(?:es|son|significa)\s+(?:una?\s+|el\s+|la\s+|los\s+|las\s+)?(.{2,60}?)`,
    String.raw`^\W*qu['’]est[-\s]ce\s+qu(?:e\s+|['’])\s*(?:une?\s+|l['’]\s*|la\s+|les\s+|le\s+)?(.{2,60}?)`,
    String.raw`^\W*c['’]est\s+quoi\s+(?:une?\s+|l['’]\s*|la\s+|les\s+|le\s+)?(.{2,60}?)`,
  ].map((p) => `(?:${p}\\s*[?？.!]*\\s*$)`).join('|'),
  'i',
);

/** "aeo - what is it exactly?", "MRA: what does it mean for us": the topic first, then the question about it. */
const TOPIC_DEFINITION = /^\W*(.{2,40}?)\s*[-–—:]\s*[¿¡]?(?:what(?:'s| is| does)|qu[eé] (?:es|significa)|c'est quoi|qu['’]est-ce)/i;

/** How the user wants it said, after the subject: "what is an MRA in plain english", "qu'est-ce qu'un OEA, en bref". */
const MANNER = /[\s,]+(?:in plain english|in plain words|in simple terms|in simple words|in layman'?s terms|simply|exactly|briefly|in short|in a nutshell|in one line|in a sentence|for dummies|en pocas palabras|en terminos simples|en t[eé]rminos sencillos|en resumen|exactamente|brevemente|en termes simples|simplement|en bref|exactement|en une phrase)\s*$/i;

/** The topic a topic-first definition question asks about ("aeo - what is it exactly?" -> "aeo"), if it is one. */
export function topicFirstSubject(question: string): string | undefined {
  return DEFINITION.test(question.trim()) ? undefined : TOPIC_DEFINITION.exec(question.trim())?.[1]?.toLowerCase();
}

/** The term a "what is X" question defines, without how the user wants it said; undefined when none is asked. */
export function definedTerm(question: string): string | undefined {
  const m = DEFINITION.exec(question.trim());
  const subject = m ? m.slice(1).find((g) => g !== undefined)?.toLowerCase() : topicFirstSubject(question);
  return subject?.replace(MANNER, '').trim() || subject;
}

/** The question without how the user wants it said ("c'est quoi un OEA exactement ?" -> "c'est quoi un OEA ?"). */
export function withoutManner(question: string): string {
  const bare = question.trim().replace(/[\s?？.!]+$/, '');
  const cut = bare.replace(MANNER, '');
  return cut === bare ? question : `${cut}${/[?？]\s*$/.test(question) ? ' ?' : ''}`;
}
