import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO } from '../helpers/paths.js';

type Service = { image?: string; profiles?: string[]; environment?: Record<string, string>; command?: string[]; depends_on?: Record<string, { condition: string }> };

describe('compose.yaml postgres profile (no engine runs here: checked by reading)', () => {
  const compose = parse(readFileSync(join(REPO, 'compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown> };
  const { postgres, 'aeo-index': indexer, 'aeo-bot-pg': app } = compose.services;

  it('runs PostgreSQL with pgvector only under the profile, with a health check and its own volume', () => {
    expect(postgres).toMatchObject({ image: expect.stringMatching(/^pgvector\/pgvector:pg1[5-9]$/), profiles: ['postgres'] });
    expect(Object.keys(compose.volumes)).toContain('postgres-data');
    expect(compose.services['aeo-bot']?.profiles).toBeUndefined();
  });

  it('migrates and indexes once before the database-backed service starts, both on the same database', () => {
    expect(indexer?.command?.join(' ')).toMatch(/aeo-bot migrate && aeo-bot index/);
    expect(indexer?.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(app?.depends_on?.['aeo-index']).toEqual({ condition: 'service_completed_successfully' });
    for (const s of [indexer, app]) {
      expect(s?.environment).toMatchObject({ INDEX_BACKEND: 'postgres', DATABASE_URL: expect.stringContaining('@postgres:5432/'), REDIS_URL: 'redis://redis:6379' });
    }
    expect(readFileSync(join(REPO, 'Dockerfile'), 'utf8')).toMatch(/COPY --from=build .*\/app\/migrations/);
  });
});
