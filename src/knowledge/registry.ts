import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { isKnownPartyCode, partyName } from './countries.js';
import { formatPartialDate, isPartialDate } from './dates.js';
import { createHash } from 'node:crypto';
import { LimitExceeded } from './ingest-limits.js';
import type { Chunk } from './types.js';

export const REGISTRY_PATH = /(^|\/)mra\/[^/]+\.ya?ml$/i;

export function isRegistryFile(rel: string): boolean {
  return REGISTRY_PATH.test(rel);
}

const partialDate = z.string().refine(isPartialDate, 'expected a real date as YYYY, YYYY-MM or YYYY-MM-DD');
const nullableString = z.string().min(1).nullish().transform((v) => v ?? undefined);

const arrangementSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a kebab-case id'),
  parties: z.array(z.string().regex(/^[A-Z]{2}$/, 'expected a two-letter code')).min(2),
  name: nullableString,
  scope: z.enum(['bilateral', 'regional', 'joint-work-plan']),
  instrument: z.string().min(1),
  status: z.enum(['signed', 'in force', 'under negotiation', 'joint work plan']),
  date_signed: partialDate.nullish().transform((v) => v ?? undefined),
  date_in_force: partialDate.nullish().transform((v) => v ?? undefined),
  place: nullableString,
  programmes: z.array(z.string()).nullish().transform((v) => v ?? []),
  note: nullableString,
  /** The name and note in Spanish and French, written from the English ones (same figures and dates). */
  name_es: nullableString,
  name_fr: nullableString,
  note_es: nullableString,
  note_fr: nullableString,
  confidence: z.enum(['high', 'medium', 'low']),
  sources: z.array(z.string().min(1)).min(1),
});

const registrySchema = z.object({
  title: z.string().min(1),
  as_of: z.union([z.string(), z.date().transform((d) => d.toISOString().slice(0, 10))]),
  sources: z.array(z.string().min(1)).min(1),
  arrangements: z.array(z.unknown()).min(1),
});

export type Arrangement = z.infer<typeof arrangementSchema>;
export interface MraRegistry { file: string; title: string; asOf: string; sources: string[]; arrangements: Arrangement[] }

/** Parses and validates the registry; the error names the entry (index and id) and what is wrong with it. */
export function parseRegistry(text: string, file: string, maxEntries = Infinity): MraRegistry {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new Error(`registry is not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  const head = registrySchema.safeParse(raw);
  if (!head.success) {
    const i = head.error.issues[0];
    throw new Error(`registry ${i?.path.join('.') || 'root'}: ${i?.message}`);
  }
  const count = head.data.arrangements.length;
  if (count > maxEntries) throw new LimitExceeded('registry entries', count, maxEntries, 'MAX_REGISTRY_ENTRIES');
  const seen = new Map<string, string>();
  const ids = new Set<string>();
  const arrangements = head.data.arrangements.map((entry, n) => {
    const label = `entry ${n + 1}${typeof (entry as { id?: unknown })?.id === 'string' ? ` (${(entry as { id: string }).id})` : ''}`;
    const parsed = arrangementSchema.safeParse(entry);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw new Error(`registry ${label}: ${i?.path.join('.')}: ${i?.message}`);
    }
    const a = parsed.data;
    const unknown = a.parties.filter((p) => !isKnownPartyCode(p));
    if (unknown.length) throw new Error(`registry ${label}: unknown country code ${unknown.join(', ')}`);
    if (ids.has(a.id)) throw new Error(`registry ${label}: duplicate id`);
    ids.add(a.id);
    const key = `${[...a.parties].sort().join('+')}|${a.scope}|${a.instrument.toLowerCase()}`;
    const twin = seen.get(key);
    if (twin) throw new Error(`registry ${label}: duplicate of ${twin} (same parties and instrument)`);
    seen.set(key, a.id);
    return a;
  });
  return { file, title: head.data.title, asOf: head.data.as_of, sources: head.data.sources, arrangements };
}

/** A regional arrangement's name in the language (English when not translated); undefined for bilateral ones. */
export function arrangementName(a: Arrangement, lang = 'en'): string | undefined {
  return (lang === 'es' ? a.name_es : lang === 'fr' ? a.name_fr : undefined) ?? a.name;
}

/** The registry note in the language, and whether it is translated (an English note is marked as such). */
export function arrangementNote(a: Arrangement, lang = 'en'): { text: string; english: boolean } | undefined {
  const own = lang === 'es' ? a.note_es : lang === 'fr' ? a.note_fr : a.note;
  if (own) return { text: own, english: lang === 'en' };
  return a.note ? { text: a.note, english: true } : undefined;
}

export function arrangementLabel(a: Arrangement, lang = 'en'): string {
  return arrangementName(a, lang) ?? a.parties.map((p) => partyName(p, lang)).join(' - ');
}

/** A readable sentence per arrangement, so free-text retrieval can find registry facts too. */
export function describeArrangement(a: Arrangement): string {
  const who = a.name
    ? `${a.name} (members: ${a.parties.map((p) => partyName(p)).join(', ')})`
    : `${partyName(a.parties[0] ?? '')} and ${partyName(a.parties[1] ?? '')}`;
  const parts = [
    `${who}: AEO ${a.instrument}, status ${a.status}` +
      (a.date_signed ? `, signed ${formatPartialDate(a.date_signed)}` : ', signing date not given by the sources') +
      (a.place ? ` in ${a.place}` : '') +
      (a.date_in_force ? `, in force from ${formatPartialDate(a.date_in_force)}` : '') + '.',
  ];
  if (a.programmes.length) parts.push(`Programmes recognised: ${a.programmes.join(', ')}.`);
  if (a.note) parts.push(`Note: ${a.note}`);
  if (a.confidence === 'low') parts.push('(unverified: low-confidence source)');
  return parts.join(' ');
}

/** One chunk per arrangement, carrying that arrangement's own parties and sources. */
export function chunkRegistry(reg: MraRegistry): Chunk[] {
  return reg.arrangements.map((a, n) => ({
    id: createHash('sha1').update(`${reg.file}\u0000${a.id}`).digest('hex').slice(0, 16),
    file: reg.file,
    title: reg.title,
    headings: [`${arrangementLabel(a)} (${a.scope === 'joint-work-plan' ? 'joint work plan' : 'MRA'})`],
    text: describeArrangement(a),
    lineStart: n + 1,
    lineEnd: n + 1,
    language: 'en',
    jurisdictions: a.parties,
    topics: ['mra'],
    kind: 'registry' as const,
    sources: a.sources,
    updated: /^\d{4}-\d{2}-\d{2}$/.test(reg.asOf) ? reg.asOf : undefined,
  }));
}

/** The registry as a whole, as a citable chunk: the source of "no such arrangement" and of counts. */
export function registryAsChunk(reg: MraRegistry): Chunk {
  return {
    id: createHash('sha1').update(reg.file).digest('hex').slice(0, 16),
    file: reg.file, title: reg.title, headings: [], text: '', lineStart: 1, lineEnd: 1, language: 'en',
    jurisdictions: [], topics: ['mra'], kind: 'registry', sources: reg.sources,
    updated: /^\d{4}-\d{2}-\d{2}$/.test(reg.asOf) ? reg.asOf : undefined,
  };
}
