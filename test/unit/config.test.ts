import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';

describe('loadConfig', () => {
  it('works with no configuration at all', () => {
    expect(loadConfig({})).toMatchObject({ KNOWLEDGE_DIR: 'knowledge', INDEX_DIR: '.aeo-index', PORT: 3978 });
  });
  it('names the bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ MIN_CONFIDENCE: '2' })).toThrow(/MIN_CONFIDENCE/);
  });
  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '' }).PORT).toBe(3978);
  });
});
