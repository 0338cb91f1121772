import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Command, CommandContext } from '../../src/channels/cli/command.js';
import { runCli, usageError } from '../../src/channels/cli/run-cli.js';
import { AppError } from '../../src/errors.js';
import type { Services } from '../../src/main.js';

function sink(): Writable & { text: () => string } {
  let out = '';
  const w = new Writable({ write(chunk, _enc, done) { out += String(chunk); done(); } });
  return Object.assign(w, { text: () => out });
}

/** Runs the CLI over fake commands; records what each command received and whether services were built. */
async function cli(argv: string[], run?: Command['run']) {
  const seen: { values?: CommandContext['values']; positionals?: string[] } = {};
  let built = 0;
  const greet: Command = {
    name: 'greet', summary: 'says hello', usage: ['greet [--loud] [--name N] WHO'],
    help: '  --loud    shout\n  --name N  who greets',
    options: { loud: { type: 'boolean' }, name: { type: 'string' } }, positionals: true,
    run: run ?? (async (ctx) => {
      Object.assign(seen, { values: ctx.values, positionals: ctx.positionals });
      await ctx.services();
      return 0;
    }),
  };
  const quiet: Command = { name: 'quiet', summary: 'takes nothing', usage: ['quiet'], options: {}, run: async () => 0 };
  const stdout = sink();
  const stderr = sink();
  const code = await runCli(argv, [greet, quiet], {
    io: { stdin: new PassThrough(), stdout, stderr }, root: '/nowhere',
    services: async () => { built++; return {} as Services; },
  });
  return { code, out: stdout.text(), err: stderr.text(), seen, built };
}

describe('runCli', () => {
  it('parses options and positionals with util.parseArgs and runs the command', async () => {
    const r = await cli(['greet', '--loud', '--name', 'Ana', 'the', 'world']);
    expect(r.code).toBe(0);
    expect(r.seen.values).toMatchObject({ loud: true, name: 'Ana' });
    expect(r.seen.positionals).toEqual(['the', 'world']);
    expect(r.built).toBe(1);
  });

  it('an unknown flag is a usage error (exit 2, usage on stderr), before any service is built', async () => {
    const r = await cli(['greet', '--jsno', 'x']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^aeo-bot greet: Unknown option '--jsno'\./);
    expect(r.err).toContain('Usage: aeo-bot greet [--loud] [--name N] WHO');
    expect(r.out).toBe('');
    expect(r.built).toBe(0);
  });

  it('a missing option value and an unexpected positional are usage errors', async () => {
    const missing = await cli(['greet', '--name']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--name <value>' argument missing/);
    const extra = await cli(['quiet', 'surplus']);
    expect(extra.code).toBe(2);
    expect(extra.err).toMatch(/Unexpected argument 'surplus'/);
  });

  it('--help per command prints its usage and options on stdout, exit 0, without running it', async () => {
    const r = await cli(['greet', '--help'], async () => {
      throw new Error('must not run');
    });
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: aeo-bot greet');
    expect(r.out).toMatch(/ {2}--name N {2}who greets\n {2}-h, --help {2}this help\n$/);
    expect((await cli(['help', 'quiet'])).out).toContain('Usage: aeo-bot quiet');
  });

  it('lists the commands on --help, and refuses an unknown command with exit 2', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/greet {2}says hello\n {2}quiet {2}takes nothing/);
    const unknown = await cli(['frob']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^aeo-bot: unknown command "frob"/);
  });

  it('no argument runs the first command', async () => {
    expect((await cli([])).seen.positionals).toEqual([]);
  });

  it("a command's usage error exits 2 with usage; another error is one plain line with its code, exit 1", async () => {
    const usage = await cli(['greet'], async () => {
      throw usageError('say who');
    });
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/^aeo-bot greet: say who\n\nUsage: /);
    const failed = await cli(['greet'], async () => {
      throw new AppError('FILE_NOT_FOUND', 'cannot read x.jsonl: no such file or folder');
    });
    expect(failed.code).toBe(1);
    expect(failed.err).toBe('aeo-bot greet: cannot read x.jsonl: no such file or folder (FILE_NOT_FOUND)\n');
  });
});
