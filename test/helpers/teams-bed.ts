import { afterAll, beforeAll } from 'vitest';
import { FakeConnector } from './fake-connector.js';
import { tempDir } from './tmp.js';

export interface TeamsBed {
  connector: FakeConnector;
  /** A private folder (feedback file) removed after the file's tests. */
  dir: string;
}

/** A fake connector and a temporary folder for one test file, started before its tests and stopped after. */
export function teamsBed(): TeamsBed {
  const bed = {} as TeamsBed;
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const tmp = await tempDir();
    cleanup = tmp.cleanup;
    bed.dir = tmp.dir;
    bed.connector = new FakeConnector();
    await bed.connector.start();
  });
  afterAll(async () => {
    await bed.connector?.stop();
    await cleanup?.();
  });
  return bed;
}
