/**
 * Secrets an upstream error may echo (a provider repeating the API key it was sent), cut before the text is logged:
 * the known secret values, and shapes of keys and tokens. Bounded quantifiers keep it linear.
 */
const SHAPES: [RegExp, string][] = [
  [/\b(?:sk|pk|rk)-[A-Za-z0-9_-]{8,200}/g, '[redacted]'],
  [/\bxox[abposr]-[A-Za-z0-9-]{8,200}/g, '[redacted]'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,400}/gi, '$1 [redacted]'],
  [/\b((?:api[_-]?key|access[_-]?token|token|secret|password)["']?\s{0,3}[:=]\s{0,3}["']?)[^\s"'&,;]{4,400}/gi, '$1[redacted]'],
];

export function redactSecrets(text: string, known: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of known) if (secret && secret.length >= 6) out = out.split(secret).join('[redacted]');
  for (const [re, by] of SHAPES) out = out.replace(re, by);
  return out;
}
