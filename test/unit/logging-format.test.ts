import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openUrl } from '../../src/channels/http/open-url.js';
import { createLogger, prettyDestination, prettyLogs } from '../../src/logging/logger.js';
import { tempDir } from '../helpers/tmp.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => cleanup?.());

/** What a logger writes to a file, pretty or JSON. */
async function logged(pretty: boolean): Promise<string> {
  const tmp = await tempDir();
  cleanup = tmp.cleanup;
  const file = join(tmp.dir, 'log.txt');
  const fd = openSync(file, 'w');
  const logger = createLogger({ level: 'info', destination: fd, ...(pretty ? { stream: await prettyDestination(fd) } : {}) });
  logger.child({ channel: 'http' }).info({ port: 3978, token: 'xoxb-secret' }, 'listening on http://localhost:3978/');
  closeSync(fd);
  return readFileSync(file, 'utf8');
}

describe('log format', () => {
  it('auto is pretty on a terminal and JSON otherwise; json and pretty force it', () => {
    expect(prettyLogs('auto', true)).toBe(true);
    expect(prettyLogs('auto', false)).toBe(false);
    expect(prettyLogs('auto', undefined)).toBe(false);
    expect(prettyLogs('json', true)).toBe(false);
    expect(prettyLogs('pretty', false)).toBe(true);
  });

  it('pretty lines are human-readable (level, message, fields), still redacted', async () => {
    const text = await logged(true);
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: listening on http:\/\/localhost:3978\/\n/);
    expect(text).toMatch(/channel: "http"/);
    expect(text).toContain('[redacted]');
    expect(text).not.toContain('xoxb-secret');
    expect(() => JSON.parse(text)).toThrow();
  });

  it('JSON lines otherwise', async () => {
    const record = JSON.parse(await logged(false));
    expect(record).toMatchObject({ level: 30, channel: 'http', port: 3978, token: '[redacted]', msg: 'listening on http://localhost:3978/' });
  });
});

describe('openUrl', () => {
  it('names localhost for a wildcard bind, the host otherwise', () => {
    expect(openUrl('0.0.0.0', 3978)).toBe('http://localhost:3978/');
    expect(openUrl('::', 8080)).toBe('http://localhost:8080/');
    expect(openUrl('127.0.0.1', 3978)).toBe('http://127.0.0.1:3978/');
    expect(openUrl('::1', 3978)).toBe('http://[::1]:3978/');
  });
});
