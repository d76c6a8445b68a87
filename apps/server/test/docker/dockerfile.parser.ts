/** One instruction of a Dockerfile, continuation lines joined. */
export type TInstruction = { keyword: string; args: string; line: number };

export type TStage = { from: string; name: string | undefined; instructions: TInstruction[] };

/**
 * Enough of the Dockerfile grammar for our own file: comments, parser directives, `\` line
 * continuations, stages. Heredocs and escape-character directives are refused rather than misread.
 */
export function parseDockerfile(text: string): TStage[] {
  const stages: TStage[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const start = index;
    let line = lines[index] as string;
    if (/^\s*(#|$)/.test(line)) continue;
    while (line.trimEnd().endsWith('\\') && index + 1 < lines.length) {
      index++;
      const next = lines[index] as string;
      if (/^\s*#/.test(next)) continue;
      line = `${line.trimEnd().slice(0, -1).trimEnd()} ${next.trim()}`;
    }
    const match = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (match === null) throw new Error(`line ${start + 1}: cannot read "${line}"`);
    const keyword = (match[1] as string).toUpperCase();
    const args = (match[2] as string).trim();
    if (args.includes('<<')) throw new Error(`line ${start + 1}: heredocs are not supported here`);
    if (keyword === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (from === null) throw new Error(`line ${start + 1}: cannot read FROM ${args}`);
      stages.push({ from: from[1] as string, name: from[2], instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (stage === undefined) throw new Error(`line ${start + 1}: ${keyword} before FROM`);
    stage.instructions.push({ keyword, args, line: start + 1 });
  }
  return stages;
}

/** Exec form (a JSON array) or shell form, as Docker runs them: argv, or `/bin/sh -c <args>`. */
export function commandArgv(args: string): string[] {
  if (args.startsWith('[')) return JSON.parse(args) as string[];
  return ['/bin/sh', '-c', args];
}

/** `KEY=value KEY2="value 2"` (the modern ENV form). */
export function parseEnv(args: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)/g)) {
    env[match[1] as string] = match[3] ?? (match[2] as string);
  }
  return env;
}

/** Splits `--flag=value ... rest` into its flags and the rest (COPY, HEALTHCHECK). */
export function splitFlags(args: string): { flags: Record<string, string>; rest: string } {
  const flags: Record<string, string> = {};
  let rest = args;
  for (;;) {
    const match = /^--([a-z-]+)=(\S+)\s+/.exec(rest);
    if (match === null) return { flags, rest };
    flags[match[1] as string] = match[2] as string;
    rest = rest.slice(match[0].length);
  }
}

export function instructionsOf(stage: TStage, keyword: string): TInstruction[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword);
}
