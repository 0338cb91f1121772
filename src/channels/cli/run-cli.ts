import { parseArgs } from 'node:util';
import { AppError, asAppError } from '../../errors.js';
import type { Command, CommandContext } from './command.js';
import { commandUsage, usageOf } from './usage.js';

/** Exit code of a usage error (unknown command or option, missing value), as most CLIs use it. */
export const USAGE_EXIT = 2;

/**
 * The command-line channel: picks the command, parses its options strictly with `util.parseArgs`, prints usage on
 * a usage error (exit 2) and a plain message on any other error (exit 1). No argument runs the first command.
 */
export async function runCli(argv: string[], commands: readonly Command[], ctx: Omit<CommandContext, 'values' | 'positionals'>): Promise<number> {
  const { stdout, stderr } = ctx.io;
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    const c = commands.find((x) => x.name === rest[0]);
    stdout.write(c ? commandUsage(c) : usageOf(commands));
    return 0;
  }
  const command = first === undefined ? commands[0] : commands.find((c) => c.name === first);
  if (!command) {
    stderr.write(`aeo-bot: ${first?.startsWith('-') ? `unknown option "${first}"` : `unknown command "${first}"`}\n\n${usageOf(commands)}`);
    return USAGE_EXIT;
  }
  let parsed: { values: CommandContext['values']; positionals: string[] };
  try {
    parsed = parseArgs({
      args: rest, strict: true, allowPositionals: command.positionals ?? false,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    stderr.write(`aeo-bot ${command.name}: ${parseError(err)}\n\n${commandUsage(command)}`);
    return USAGE_EXIT;
  }
  if (parsed.values.help) {
    stdout.write(commandUsage(command));
    return 0;
  }
  try {
    return await command.run({ ...ctx, ...parsed });
  } catch (err) {
    const e = asAppError(err);
    if (e.code === 'USAGE') {
      stderr.write(`aeo-bot ${command.name}: ${e.message}\n\n${commandUsage(command)}`);
      return USAGE_EXIT;
    }
    stderr.write(`aeo-bot ${command.name}: ${e.message} (${e.code})\n`);
    return 1;
  }
}

/** parseArgs' message without its advice on positionals that start with "-" (first sentence only). */
function parseError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split(/(?<=\.) /)[0] ?? message;
}

/** A usage error a command raises after parsing (a required option missing, two that exclude each other). */
export function usageError(message: string): AppError {
  return new AppError('USAGE', message);
}
