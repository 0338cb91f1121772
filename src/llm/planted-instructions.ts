/**
 * Sentences in knowledge text that speak to a model rather than to a reader ("IGNORE ALL PREVIOUS INSTRUCTIONS",
 * "you are now...", "nuevas instrucciones"): a planted instruction. They are cut from passages before the model
 * sees them, so they can neither be followed nor lend a citation to what they ask for. Bounded gaps keep every
 * pattern linear.
 */
const PLANTED = [
  /\b(?:ignore|disregard|forget|override)\b[^.!?\n]{0,60}\b(?:instructions?|rules|prompts?|above|guidelines)\b/i,
  /\b(?:ignora|olvida|omite)\b[^.!?\n]{0,60}\b(?:instrucciones|reglas|indicaciones)\b/i,
  /\b(?:ignore[zr]?|oublie[zr]?)\b[^.!?\n]{0,60}\b(?:instructions|règles|consignes)\b/i,
  /\b(?:new|updated) (?:system )?instructions?\b|\bnuevas instrucciones\b|\bnouvelles instructions\b/i,
  /\byou are now\b|\bact as\b[^.!?\n]{0,40}\b(?:assistant|model|AI)\b|\b(?:system|assistant) prompt\b/i,
  /^\s*(?:system|assistant|developer)\s*:/im,
  /\b(?:as an? (?:AI|language model)|language model|the assistant|the model)\b[^.!?\n]{0,60}\b(?:must|should|will)\b/i,
];

/** Splits text into sentences and lines (on . ! ? and newlines, keeping the delimiter). */
function sentences(text: string): string[] {
  return text.match(/[^.!?\n]*(?:[.!?]+|\n|$)/g) ?? [text];
}

export function hasPlantedInstruction(text: string): boolean {
  return PLANTED.some((re) => re.test(text));
}

/** The text without its planted-instruction sentences (a marker says something was cut). */
export function withoutPlantedInstructions(text: string): string {
  if (!hasPlantedInstruction(text)) return text;
  return sentences(text).map((s) => (hasPlantedInstruction(s) ? '[text addressed to an AI model removed] ' : s)).join('');
}
