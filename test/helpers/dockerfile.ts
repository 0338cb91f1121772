/** One Dockerfile instruction: `COPY --from=build --chown=node:node /app/dist ./dist` -> flags and arguments. */
export interface Instruction { op: string; flags: Record<string, string>; args: string[]; text: string }
export interface Stage { from: string; name?: string; instructions: Instruction[] }

/** Enough of the Dockerfile grammar for the checks: comments, line continuations, --flags, stages. */
export function parseDockerfile(text: string): Stage[] {
  const logical = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of logical) {
    const [op = '', ...rest] = line.split(/\s+/);
    const flags: Record<string, string> = {};
    const args: string[] = [];
    for (const word of rest) {
      const flag = args.length === 0 ? /^--([a-z-]+)=(.*)$/.exec(word) : null;
      if (flag?.[1]) flags[flag[1]] = flag[2] ?? '';
      else args.push(word);
    }
    const ins: Instruction = { op: op.toUpperCase(), flags, args, text: rest.join(' ') };
    if (ins.op === 'FROM') {
      const as = args.findIndex((a) => a.toUpperCase() === 'AS');
      stages.push({ from: args[0] ?? '', ...(as > 0 && args[as + 1] ? { name: args[as + 1] } : {}), instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(ins);
    }
  }
  return stages;
}
