import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMarkdown } from './loaders.js';
import { scanKnowledge } from './scan.js';
import { isRegistryFile, parseRegistry } from './registry.js';
import { compareFacts, compareTranslation, factTokens, type Equivalents, type SyncMismatch } from './translation-sync.js';
import type { KnowledgeDoc } from './types.js';

/** The translation check over a knowledge folder: every page with `translation_of` against its English original. */
export interface TranslationReport {
  /** English page -> the pages that translate it. */
  translations: Map<string, string[]>;
  mismatches: SyncMismatch[];
}

export async function checkTranslations(root: string, equivalents: Equivalents): Promise<TranslationReport> {
  const docs = new Map<string, KnowledgeDoc>();
  for (const f of await scanKnowledge(root)) {
    if (f.rel.endsWith('.md')) docs.set(f.rel, loadMarkdown(readFileSync(f.abs, 'utf8'), f.rel));
  }
  const translations = new Map<string, string[]>();
  const mismatches: SyncMismatch[] = [];
  for (const f of await scanKnowledge(root)) {
    if (isRegistryFile(f.rel)) mismatches.push(...registryMismatches(f.rel, readFileSync(f.abs, 'utf8'), equivalents));
  }
  for (const doc of docs.values()) {
    const of = doc.meta.translation_of;
    if (!of) continue;
    translations.set(of, [...(translations.get(of) ?? []), doc.file]);
    const original = docs.get(of);
    if (!original) {
      mismatches.push({ file: doc.file, original: of, where: 'front matter', missing: [`no page ${of}`], extra: [] });
      continue;
    }
    mismatches.push(...compareTranslation(original, doc, equivalents));
  }
  return { translations, mismatches };
}

export function loadEquivalents(dataDir: string): Equivalents {
  const raw = JSON.parse(readFileSync(join(dataDir, 'knowledge', 'translation-equivalents.json'), 'utf8')) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(raw).filter(([k]) => !k.startsWith('_'))) as Equivalents;
}

/** Registry notes and names in Spanish and French: present wherever the English one is, with the same facts. */
function registryMismatches(file: string, text: string, equivalents: Equivalents): SyncMismatch[] {
  const out: SyncMismatch[] = [];
  for (const a of parseRegistry(text, file).arrangements) {
    for (const lang of ['es', 'fr'] as const) {
      for (const field of ['note', 'name'] as const) {
        const en = a[field];
        const own = a[`${field}_${lang}`];
        if (!en) continue;
        const where = `${a.id} ${field}_${lang}`;
        if (!own) {
          out.push({ file, original: file, where, missing: [`a ${lang} ${field}`], extra: [] });
          continue;
        }
        const map = equivalents[lang] ?? {};
        out.push(...compareFacts(file, file, where, factTokens(en, map, equivalents.phrases), factTokens(own, map, equivalents.phrases)));
      }
    }
  }
  return out;
}
