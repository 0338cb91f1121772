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

describe('loadConfig with the project folder', () => {
  const root = '/srv/aeo-bot';

  it('resolves relative paths against the project folder, not the current one', () => {
    const c = loadConfig({}, { root });
    expect(c).toMatchObject({ KNOWLEDGE_DIR: `${root}/knowledge`, INDEX_DIR: `${root}/.aeo-index`, CACHE_DIR: `${root}/.aeo-cache`, FEEDBACK_FILE: `${root}/data/feedback.jsonl` });
  });

  it('resolves them against AEO_HOME when set, and keeps absolute paths', () => {
    const c = loadConfig({ AEO_HOME: '/var/lib/aeo', INDEX_DIR: 'idx', CACHE_DIR: '/cache' }, { root });
    expect(c).toMatchObject({ KNOWLEDGE_DIR: '/var/lib/aeo/knowledge', INDEX_DIR: '/var/lib/aeo/idx', CACHE_DIR: '/cache' });
  });
});
