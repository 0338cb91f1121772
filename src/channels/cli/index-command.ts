import type { Command } from './command.js';
import { indexProgress } from './index-progress.js';

export const indexCommand: Command = {
  name: 'index',
  summary: 'build or refresh the knowledge index (KNOWLEDGE_DIR into INDEX_DIR, or the database with INDEX_BACKEND=postgres)',
  usage: ['index [--rebuild]'],
  help: '  --rebuild   with INDEX_BACKEND=postgres: re-embed every file (after a change of embedder)',
  options: { rebuild: { type: 'boolean' } },
  async run({ io, services, values }) {
    const s = await services();
    // Progress on stderr, so stdout keeps only the result line.
    const progress = indexProgress(io.stderr);
    let index;
    try {
      index = await s.index({ rebuild: values.rebuild === true, onProgress: progress.listener });
    } finally {
      progress.stop();
    }
    const { chunkCount, files, skipped } = index.manifest;
    io.stdout.write(`Index ready: ${chunkCount} chunks from ${Object.keys(files).length} files` +
      `${skipped.length ? `, ${skipped.length} skipped` : ''} (${index.dir}).\n`);
    return 0;
  },
};
