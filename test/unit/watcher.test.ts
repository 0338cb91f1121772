import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnowledgeWatcher } from '../../src/knowledge/watcher.js';
import { memoryLogger } from '../../src/logging/logger.js';
import { tempDir } from '../helpers/tmp.js';

const waitFor = async (cond: () => boolean, ms = 5000) => {
  const until = Date.now() + ms;
  while (!cond() && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
};

describe('KnowledgeWatcher', () => {
  it('rebuilds once for a burst of changes, and keeps going after a failed rebuild', async () => {
    const tmp = await tempDir();
    let calls = 0;
    const logs = memoryLogger();
    const watcher = new KnowledgeWatcher(tmp.dir, async () => {
      calls++;
      if (calls === 1) throw new Error('broken file');
    }, logs);
    watcher.start();
    try {
      for (let i = 0; i < 5; i++) await writeFile(join(tmp.dir, `f${i}.md`), 'x');
      await waitFor(() => calls === 1);
      expect(calls).toBe(1);
      await waitFor(() => logs.records.some((r) => /keeping the previous index/.test(r.msg)));
      await writeFile(join(tmp.dir, 'again.md'), 'y');
      await waitFor(() => calls === 2);
      expect(calls).toBe(2);
    } finally {
      watcher.stop();
      await tmp.cleanup();
    }
  });
});
