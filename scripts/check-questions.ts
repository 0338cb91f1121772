/**
 * Lists knowledge sections without 3-8 alternate questions (and programme pages without agency / aliases).
 * Usage: npx tsx scripts/check-questions.ts [path-prefix]   (exit 1 when something is missing)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chunkDocument } from '../src/knowledge/chunker.js';
import { loadMarkdown } from '../src/knowledge/loaders.js';
import { scanKnowledge } from '../src/knowledge/scan.js';

const root = join(import.meta.dirname, '..', 'knowledge');
const prefix = process.argv[2] ?? '';
let missing = 0;
for (const f of await scanKnowledge(root)) {
  if (!f.rel.endsWith('.md') || !f.rel.startsWith(prefix)) continue;
  const doc = loadMarkdown(readFileSync(f.abs, 'utf8'), f.rel);
  if (f.rel.startsWith('programmes/') && (!doc.meta.agency?.length || !doc.meta.aliases?.length)) {
    console.log(`${f.rel}: front matter needs agency and aliases`);
    missing++;
  }
  const seen = new Set<string>();
  for (const c of chunkDocument(doc)) {
    const key = c.headings.join(' > ') || '(intro)';
    if (seen.has(key)) continue;
    seen.add(key);
    const n = c.questions?.length ?? 0;
    if (n < 3 || n > 8) {
      console.log(`${f.rel} [${key}]: ${n} questions`);
      missing++;
    }
  }
}
console.log(missing ? `${missing} to fix` : 'all sections have 3-8 questions');
process.exit(missing ? 1 : 0);
