import type { Chunk } from '../knowledge/types.js';
import { findMarkers } from './citation-markers.js';
import { withoutPlantedInstructions } from './planted-instructions.js';

/** Why a cited model answer still cannot be shown. */
export type ContentFailure = 'foreign_link' | 'self_claim' | 'unsupported_fact';

/** Links, bare web addresses and e-mail addresses; every quantifier bounded or over disjoint classes (linear). */
const URL = /\b(?:https?:\/\/|www\.)[^\s<>()[\]{}"'`]{1,2000}/gi;
const EMAIL = /[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}/g;
const MARKDOWN_LINK = /\]\(|<a\s/i;

/**
 * Statements about the user's own standing that no passage can make: certification, approval or legal advice
 * about "your company" (en, es, fr). The bot informs; it never certifies or advises.
 */
const SELF_CLAIMS = [
  /\b(?:your|you(?:r)? (?:company|business|firm|organi[sz]ation)) (?:is|are|has been|have been|is now|are now) (?:now )?(?:certified|approved|authori[sz]ed|accredited|granted|an? AEO|recogni[sz]ed)\b/i,
  /\byou (?:are|have been) (?:now )?(?:certified|approved|authori[sz]ed|an? AEO)\b/i,
  /\b(?:we|I) (?:hereby )?(?:certify|approve|confirm that your)\b/i,
  /\b(?:this|it) (?:is|constitutes) legal advice\b|\bas your (?:lawyer|legal adviser|attorney)\b/i,
  /\bsu (?:empresa|compañía|organización) (?:ya )?(?:está|ha sido|queda) (?:ahora )?(?:certificada|aprobada|autorizada|acreditada)\b/i,
  /\b(?:usted|ustedes) (?:ya )?(?:está|están|ha sido) (?:ahora )?(?:certificad[oa]s?|aprobad[oa]s?|autorizad[oa]s?)\b/i,
  /\bvotre (?:entreprise|société|organisation) (?:est|a été) (?:désormais |maintenant )?(?:certifiée|approuvée|autorisée|agréée)\b/i,
  /\bvous (?:êtes|avez été) (?:désormais |maintenant )?(?:certifiés?|approuvés?|autorisés?|agréés?)\b/i,
];

/** Numbers (digit runs) and codes (two or more capitals: SUNAT, CTPAT) of a text. */
function facts(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\d+/g)) out.add(m[0]);
  for (const m of text.matchAll(/\b[A-Z][A-Z0-9]{1,15}\b/g)) if (/[A-Z].*[A-Z]|^[A-Z]{2}/.test(m[0])) out.add(m[0]);
  return [...out];
}

/** What a passage vouches for: the text the model was shown (planted instructions cut), its headings and sources. */
const passageText = (c: Chunk) => [c.title, ...c.headings, withoutPlantedInstructions(c.text), c.updated ?? '', ...c.sources].join('\n');

/** Paragraphs and list items, as the citation check cuts them. */
function blocks(text: string): string[] {
  return text.split(/\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)])\s)/).map((b) => b.trim()).filter(Boolean);
}

/**
 * Content checks on an answer whose citations are valid: every link and address must be in the passages it cites
 * (and Markdown links are never shown), no claim about the user's own certification or legal position, and every
 * number and code a paragraph states must be in the passages that paragraph cites.
 */
export function checkContent(text: string, passages: Chunk[]): ContentFailure | undefined {
  if (MARKDOWN_LINK.test(text)) return 'foreign_link';
  if (SELF_CLAIMS.some((re) => re.test(text))) return 'self_claim';
  for (const block of blocks(text)) {
    const cited = findMarkers(block).flatMap((m) => m.list.split(/[,;–-]/).map((n) => passages[Number(n.trim()) - 1]));
    // A range "[1-3]" cites its ends here; the passages between rarely matter for facts.
    const source = cited.filter((c): c is Chunk => c !== undefined).map(passageText).join('\n');
    const stripped = block.replace(/\[[\d\s,;–-]{1,40}\]/g, ' ');
    const links = [...stripped.matchAll(URL), ...stripped.matchAll(EMAIL)].map((m) => m[0].replace(/[.,;:!?]+$/, ''));
    if (links.some((l) => !source.toLowerCase().includes(l.toLowerCase()))) return 'foreign_link';
    if (cited.length && facts(stripped).some((f) => !source.includes(f))) return 'unsupported_fact';
  }
  return undefined;
}

/**
 * A check for text streamed before the whole answer can be checked (its citations may come later): a Markdown link,
 * a claim about the user's company, or a link or address that none of the given passages has. The stream stops at
 * the first one, so a channel never shows what the final check refuses (the answer is then the extractive one).
 */
export function streamedContentCheck(passages: Chunk[]): (text: string) => ContentFailure | undefined {
  const source = passages.map(passageText).join('\n').toLowerCase();
  return (text) => {
    if (MARKDOWN_LINK.test(text)) return 'foreign_link';
    if (SELF_CLAIMS.some((re) => re.test(text))) return 'self_claim';
    const links = [...text.matchAll(URL), ...text.matchAll(EMAIL)].map((m) => m[0].replace(/[.,;:!?]+$/, ''));
    return links.some((l) => !source.includes(l.toLowerCase())) ? 'foreign_link' : undefined;
  };
}
