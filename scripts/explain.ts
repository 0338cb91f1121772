/**
 * Shows how questions are understood and answered: intent, facet, answer type, jurisdictions, then the answer.
 * Usage: npx tsx scripts/explain.ts "question" ["question" ...]
 */
import { loadConfig } from '../src/config/load-config.js';
import { createLogger } from '../src/logging/logger.js';
import { createServices } from '../src/main.js';

const services = await createServices(loadConfig(), createLogger({ level: 'warn' }));
await services.refresh();
for (const q of process.argv.slice(2)) {
  const { language, parts } = await services.engine.explainParts(q);
  const a = await services.engine.answer(q);
  const read = parts.map((p) => `${parts.length > 1 ? `(${p.text}) ` : ''}${JSON.stringify(p.query)}`).join('\n  ');
  const text = a.answer.slice(0, 400).replace(/\n/g, ' ');
  const said = `[${a.kind}${a.declined ? ' declined' : ''} ${a.confidence}] ${text}`;
  console.log(`? ${q} [${language}]\n  ${read}\n  ${said}\n`);
}
