import type { Command } from './command.js';

export const indexCommand: Command = {
  name: 'index',
  summary: 'build or refresh the knowledge index (KNOWLEDGE_DIR into INDEX_DIR)',
  usage: ['index'],
  options: {},
  async run({ io, services }) {
    const index = await (await services()).refresh();
    const { chunkCount, files, skipped } = index.manifest;
    io.stdout.write(`Index ready: ${chunkCount} chunks from ${Object.keys(files).length} files` +
      `${skipped.length ? `, ${skipped.length} skipped` : ''} (${index.dir}).\n`);
    return 0;
  },
};
