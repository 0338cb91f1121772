import type { KnowledgeBase } from '../core/knowledge-base.js';
import type { Chunk, DocMeta } from '../knowledge/types.js';
import { withoutBareCodes } from '../mra/country-resolver.js';
import { isExternalIndex } from '../search/retriever.js';

/** A jurisdiction's own programme page: its chunks in reading order and its front matter. */
export interface ProgrammePage { file: string; meta: DocMeta; chunks: Chunk[] }

const cache = new WeakMap<KnowledgeBase, Map<string, ProgrammePage[]>>();

/** The programme pages of one jurisdiction (pages whose only jurisdiction it is), the question's language first. */
export function programmePages(kb: KnowledgeBase, code: string, language: string): ProgrammePage[] {
  let byCode = cache.get(kb);
  if (!byCode) {
    byCode = new Map();
    const files = new Map<string, Chunk[]>();
    for (const c of kb.index.chunks) {
      if (c.kind !== 'page' || !c.topics.includes('programme') || c.jurisdictions.length !== 1) continue;
      files.set(c.file, [...(files.get(c.file) ?? []), c]);
    }
    for (const [file, chunks] of files) {
      const meta = kb.index.manifest.files[file]?.meta;
      const j = chunks[0]?.jurisdictions[0];
      if (!meta || !j) continue;
      byCode.set(j, [...(byCode.get(j) ?? []), { file, meta, chunks: chunks.sort((a, b) => a.lineStart - b.lineStart) }]);
    }
    cache.set(kb, byCode);
  }
  const pages = byCode.get(code) ?? [];
  return [...pages.filter((p) => p.meta.language === language), ...pages.filter((p) => p.meta.language !== language && p.meta.language === 'en')];
}

const covered = new WeakMap<KnowledgeBase, Set<string>>();

/** True when a knowledge page (not only the MRA registry) is about the jurisdiction or discusses it. */
export function coversJurisdiction(kb: KnowledgeBase, code: string, mentions: (text: string) => string[]): boolean {
  // A database-held index brings the set, found by its indexer with the same resolver (replicas hold no corpus).
  if (isExternalIndex(kb.index)) return kb.index.covered.has(code);
  let codes = covered.get(kb);
  if (!codes) {
    codes = new Set();
    for (const c of kb.index.chunks) {
      if (c.kind === 'registry') continue;
      for (const j of c.jurisdictions) codes.add(j);
      for (const j of mentions(withoutBareCodes(c.text))) codes.add(j);
    }
    covered.set(kb, codes);
  }
  return codes.has(code);
}
