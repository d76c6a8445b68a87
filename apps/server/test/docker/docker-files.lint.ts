import { commandArgv, instructionsOf, parseEnv, splitFlags, type TStage } from './dockerfile.parser';

const SECRET_NAME = /(PASSWORD|SECRET|TOKEN|PRIVATE|_KEY$|^KEY$|CREDENTIAL)/i;

/**
 * Our own checks in place of hadolint (not installable here), for the rules the image must keep:
 * each one returns a sentence naming what is wrong, so a failing test says what to fix.
 */
export function lintDockerfile(stages: TStage[], expectedNodeVersion: string): string[] {
  const problems: string[] = [];
  const runtime = stages.at(-1);
  if (stages.length < 2 || runtime === undefined)
    return ['the Dockerfile must have a build stage and a runtime stage'];

  for (const stage of stages) {
    const pinnedByDigest = /@sha256:[0-9a-f]{64}$/.test(stage.from);
    const exactTag = /^[^:@]+:(\d+\.\d+\.\d+)[^@]*(@sha256:[0-9a-f]{64})?$/.exec(stage.from);
    if (!pinnedByDigest && exactTag === null)
      problems.push(`FROM ${stage.from} is not pinned (an exact version or a digest)`);
    if (stage.from.startsWith('node:') && exactTag !== null && exactTag[1] !== expectedNodeVersion) {
      problems.push(`FROM ${stage.from} is not the project's Node ${expectedNodeVersion}`);
    }
    for (const instruction of [...instructionsOf(stage, 'ENV'), ...instructionsOf(stage, 'ARG')]) {
      const names =
        instruction.keyword === 'ENV'
          ? Object.keys(parseEnv(instruction.args))
          : [instruction.args.split('=')[0] as string];
      for (const name of names) {
        if (SECRET_NAME.test(name))
          problems.push(
            `line ${instruction.line}: ${instruction.keyword} ${name} bakes a secret into the image`,
          );
      }
    }
  }

  const users = instructionsOf(runtime, 'USER');
  const user = users.at(-1)?.args;
  if (user === undefined || user === 'root' || user === '0' || user.startsWith('0:')) {
    problems.push('the runtime stage must end with USER naming a non-root user');
  }
  const healthchecks = instructionsOf(runtime, 'HEALTHCHECK');
  if (healthchecks.length !== 1) problems.push('the runtime stage needs exactly one HEALTHCHECK');
  else {
    const { rest } = splitFlags(healthchecks[0]?.args ?? '');
    if (!rest.startsWith('CMD ') || !rest.includes('/readyz'))
      problems.push('HEALTHCHECK must run a command against /readyz');
  }
  if (instructionsOf(runtime, 'STOPSIGNAL').at(-1)?.args !== 'SIGTERM')
    problems.push('STOPSIGNAL SIGTERM is missing');
  const volumes = instructionsOf(runtime, 'VOLUME').flatMap((instruction) =>
    commandArgvOrList(instruction.args),
  );
  const env = Object.assign(
    {},
    ...instructionsOf(runtime, 'ENV').map((instruction) => parseEnv(instruction.args)),
  ) as Record<string, string>;
  if (volumes.length !== 1 || volumes[0] !== env.DATA_DIR)
    problems.push('the runtime stage must declare one VOLUME, DATA_DIR');
  if (
    !instructionsOf(runtime, 'EXPOSE').some((instruction) => instruction.args.split(/\s+/).includes('8462'))
  ) {
    problems.push('EXPOSE 8462 is missing');
  }
  const cmd = instructionsOf(runtime, 'CMD').at(-1);
  if (cmd === undefined || !cmd.args.startsWith('['))
    problems.push('CMD must be in exec form, so the server gets SIGTERM itself');
  else if (commandArgv(cmd.args).some((arg) => arg.includes('tsx') || arg.endsWith('.ts'))) {
    problems.push('CMD must run the compiled server, not TypeScript');
  }
  for (const copy of instructionsOf(runtime, 'COPY')) {
    const { flags } = splitFlags(copy.args);
    if (flags.from === undefined)
      problems.push(
        `line ${copy.line}: the runtime stage copies from the build context instead of the build stage`,
      );
  }
  return problems;
}

function commandArgvOrList(args: string): string[] {
  return args.startsWith('[') ? (JSON.parse(args) as string[]) : args.split(/\s+/);
}
