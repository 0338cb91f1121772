import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { REPO } from '../helpers/paths.js';

const keys = Object.keys(configSchema.shape).sort();

describe('configuration documentation', () => {
  it('.env.example lists exactly the schema keys, each with its description', () => {
    const text = readFileSync(join(REPO, '.env.example'), 'utf8');
    const listed = [...text.matchAll(/^([A-Za-z_]+)=/gm)].map((m) => m[1]).sort();
    expect(listed).toEqual(keys);
    for (const [key, field] of Object.entries(configSchema.shape)) expect(text).toContain(`# ${field.description}\n${key}=`);
  });

  it('the README table lists exactly the schema keys with their defaults', () => {
    const text = readFileSync(join(REPO, 'README.md'), 'utf8');
    const rows = [...text.matchAll(/^\| `([A-Za-z_]+)` \| `([^`]*)` \|/gm)];
    expect(rows.map((r) => r[1]).sort()).toEqual(keys);
    const defaults = configSchema.parse({});
    for (const r of rows) expect(String(defaults[r[1] as keyof typeof defaults] ?? '')).toBe(r[2]);
  });
});
