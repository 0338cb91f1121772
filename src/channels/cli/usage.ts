import type { Command } from './command.js';

/** The command list (`aeo-bot --help`). */
export function usageOf(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: aeo-bot <command> [options]   (no command: serve)\n\nCommands:\n${lines.join('\n')}\n\n` +
    'Run "aeo-bot <command> --help" for its options.\n';
}

/** One command's synopsis and options (`aeo-bot ask --help`, and after a usage error). */
export function commandUsage(c: Command): string {
  const synopsis = c.usage.map((u, i) => `${i === 0 ? 'Usage: ' : '       '}aeo-bot ${u}`).join('\n');
  // The help line lines up with the command's own option column ("  --json             print ...").
  const column = /^( {2}\S+(?: \S+)* {2,})\S/.exec(c.help ?? '')?.[1]?.length ?? 14;
  const help = `${'  -h, --help'.padEnd(Math.max(column, 14))}this help`;
  return `${synopsis}\n\n${c.summary}\n\n${c.help ? `${c.help.replace(/\n*$/, '\n')}` : ''}${help}\n`;
}
