import { execFile } from 'node:child_process';
import { copyFile, cp, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { commandArgv, parseEnv, splitFlags, type TStage } from './dockerfile.parser';

const run = promisify(execFile);

/** Where a stage's filesystem lives on this machine: container paths under `root`. */
export function stageRoot(root: string) {
  return (containerPath: string) => path.join(root, containerPath);
}

export type TStepLog = { step: string; seconds: number };

export type TBuiltImage = {
  /** The runtime stage's root on disk; map container paths with `at`. */
  at: (containerPath: string) => string;
  workdir: string;
  env: Record<string, string>;
  user: string;
  volumes: string[];
  cmd: string[];
  healthcheck: string[];
  /** Steps that provision the base image (a global pnpm, a system user): checked, not run here. */
  provisioning: string[];
};

// What a base-image step would install or create on this machine instead of in a container.
const PNPM_INSTALL = /^npm install --global pnpm@(\S+)$/;
const USER_CREATION = /^groupadd .* && useradd .* (\S+) && mkdir -p (\S+) && chown \S+ \S+$/;

export type TRunOptions = {
  root: string;
  /** Files of the build context (git ls-files), copied by `COPY . .`. */
  contextDir: string;
  contextFiles: string[];
  /** A folder holding `node` (the base image's Node) for PATH. */
  binDir: string;
  log: (line: string) => void;
};

/** This machine's PATH without the test run's node_modules/.bin folders, so the build sees only its own. */
function hostPath(): string[] {
  return (process.env.PATH ?? '/usr/bin:/bin').split(':').filter((dir) => !dir.includes('node_modules'));
}

async function copyContext(contextDir: string, files: string[], target: string): Promise<void> {
  for (const file of files) {
    const destination = path.join(target, file);
    await mkdir(path.dirname(destination), { recursive: true });
    await copyFile(path.join(contextDir, file), destination);
  }
}

/**
 * Runs the Dockerfile's stages as written, outside a container: each stage gets a folder standing
 * for its filesystem, WORKDIR sets the working directory, `COPY . .` copies the build context,
 * `COPY --from=<stage>` copies between stage folders (symlinks kept, as Docker does), RUN runs under
 * /bin/sh -c with the base image's tools first on PATH. Steps that only provision the base image
 * are recognised, checked against this machine and listed instead of run.
 */
export async function runDockerfileSteps(
  stages: TStage[],
  options: TRunOptions,
): Promise<{ image: TBuiltImage; steps: TStepLog[] }> {
  const steps: TStepLog[] = [];
  const roots = new Map<string, (containerPath: string) => string>();
  const provisioning: string[] = [];
  let image: TBuiltImage | undefined;
  for (const [index, stage] of stages.entries()) {
    const at = stageRoot(path.join(options.root, `stage-${index}-${stage.name ?? 'final'}`));
    await mkdir(at('/'), { recursive: true });
    if (stage.name !== undefined) roots.set(stage.name, at);
    let workdir = '/';
    const env: Record<string, string> = {};
    let user = 'root';
    const volumes: string[] = [];
    let cmd: string[] = [];
    let healthcheck: string[] = [];
    for (const instruction of stage.instructions) {
      const startedAt = performance.now();
      const label = `${stage.name ?? 'final'}: ${instruction.keyword} ${instruction.args}`.slice(0, 140);
      switch (instruction.keyword) {
        case 'WORKDIR':
          workdir = path.posix.resolve(workdir, instruction.args);
          await mkdir(at(workdir), { recursive: true });
          break;
        case 'ENV':
          Object.assign(env, parseEnv(instruction.args));
          break;
        case 'USER':
          user = instruction.args;
          break;
        case 'VOLUME':
          volumes.push(
            ...(instruction.args.startsWith('[')
              ? (JSON.parse(instruction.args) as string[])
              : instruction.args.split(/\s+/)),
          );
          break;
        case 'CMD':
          cmd = commandArgv(instruction.args);
          break;
        case 'HEALTHCHECK': {
          const { rest } = splitFlags(instruction.args);
          healthcheck = commandArgv(rest.replace(/^CMD\s+/, ''));
          break;
        }
        case 'COPY': {
          const { flags, rest } = splitFlags(instruction.args);
          const [source, target, ...extra] = rest.split(/\s+/);
          if (source === undefined || target === undefined || extra.length > 0)
            throw new Error(`cannot run COPY ${instruction.args}`);
          if (flags.from === undefined) {
            if (source !== '.')
              throw new Error(`only COPY . <dir> from the context is supported, not ${instruction.args}`);
            await copyContext(
              options.contextDir,
              options.contextFiles,
              at(path.posix.resolve(workdir, target)),
            );
          } else {
            const from = roots.get(flags.from);
            if (from === undefined) throw new Error(`COPY --from=${flags.from}: no such stage`);
            const destination = at(path.posix.resolve(workdir, target));
            await mkdir(path.dirname(destination), { recursive: true });
            await cp(from(source), destination, { recursive: true, verbatimSymlinks: true });
          }
          break;
        }
        case 'RUN': {
          const pnpm = PNPM_INSTALL.exec(instruction.args);
          const account = USER_CREATION.exec(instruction.args);
          if (pnpm !== null) {
            const { stdout } = await run('pnpm', ['--version']);
            if (stdout.trim() !== pnpm[1])
              throw new Error(`the image installs pnpm ${pnpm[1]}, this machine has ${stdout.trim()}`);
            provisioning.push(`pnpm ${pnpm[1]} (present here)`);
          } else if (account !== null) {
            await mkdir(at(account[2] as string), { recursive: true });
            provisioning.push(
              `system user ${account[1]} owning ${account[2]} (the test runs the server as another non-root user)`,
            );
          } else {
            options.log(`RUN ${instruction.args}`);
            await run('/bin/sh', ['-c', instruction.args], {
              cwd: at(workdir),
              env: {
                PATH: [options.binDir, ...hostPath()].join(':'),
                HOME: process.env.HOME ?? '/root',
                CI: 'true',
                ...env,
              },
              maxBuffer: 64 * 1024 * 1024,
            }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
              throw new Error(
                `RUN ${instruction.args} failed: ${error.message}\n${error.stdout?.slice(-3000)}\n${error.stderr?.slice(-3000)}`,
              );
            });
          }
          break;
        }
        case 'EXPOSE':
        case 'STOPSIGNAL':
        case 'ARG':
        case 'LABEL':
          break;
        default:
          throw new Error(`line ${instruction.line}: ${instruction.keyword} is not supported by this runner`);
      }
      steps.push({ step: label, seconds: Number(((performance.now() - startedAt) / 1000).toFixed(1)) });
    }
    image = { at, workdir, env, user, volumes, cmd, healthcheck, provisioning };
  }
  if (image === undefined) throw new Error('the Dockerfile has no stage');
  return { image, steps };
}
