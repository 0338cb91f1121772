import type { Readable, Writable } from 'node:stream';
import type { ParseArgsConfig } from 'node:util';
import type { Services } from '../../main.js';

/** Options as `util.parseArgs` takes them: `{ json: { type: 'boolean' }, file: { type: 'string' } }`. */
export type CommandOptions = NonNullable<ParseArgsConfig['options']>;

export interface CliIo {
  stdin: Readable;
  /** Answers and reports: machine-readable with --json. */
  stdout: Writable;
  /** Usage and error messages. */
  stderr: Writable;
}

export interface CommandContext {
  /** Parsed options by long name (unset options are absent). */
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  io: CliIo;
  /** The project folder (where package.json, prompts/ and data/ are). */
  root: string;
  /** Config, index and engine, built on first call: commands that need none (doctor, --help) stay instant. */
  services(): Promise<Services>;
}

/**
 * One CLI command. A new command is a file exporting one of these, listed in `cli-commands.ts`: parsing, `--help`
 * and error reporting come from `runCli`.
 */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Synopsis lines, without the leading "aeo-bot ". */
  usage: string[];
  /** Option descriptions and notes shown by `aeo-bot <name> --help`. */
  help?: string;
  options: CommandOptions;
  /** Whether positional arguments are accepted (a question); unexpected ones are usage errors. */
  positionals?: boolean;
  /** Resolves to the exit code; -1 keeps the process running (serve). */
  run(ctx: CommandContext): Promise<number>;
}

/** A string option's value (undefined when unset). */
export function stringOption(values: CommandContext['values'], name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}
