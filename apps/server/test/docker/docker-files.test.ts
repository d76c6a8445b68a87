import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  envFileKeys,
  lintCompose,
  readComposeFile,
  requiredVariables,
  validateComposeSchema,
} from './compose-file.validator';
import { lintDockerfile } from './docker-files.lint';
import { parseDockerfile } from './dockerfile.parser';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const DOCKER_DIR = path.join(REPO_ROOT, 'docker');

async function projectNodeVersion(): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  return manifest.devDependencies.node as string;
}

describe('docker/Dockerfile', () => {
  it('passes our lint rules: pinned base on the project Node, non-root, health check, SIGTERM, one volume, no secrets', async () => {
    const stages = parseDockerfile(await readFile(path.join(DOCKER_DIR, 'Dockerfile'), 'utf8'));
    expect(lintDockerfile(stages, await projectNodeVersion())).toEqual([]);
  });

  it('the lint rules catch what they are for', async () => {
    const bad = parseDockerfile(
      [
        'FROM node:24-bookworm-slim AS build',
        'ENV ADMIN_PASSWORD=hunter2',
        'FROM node:latest',
        'COPY . .',
        'CMD node --import tsx src/main.ts',
      ].join('\n'),
    );
    const problems = lintDockerfile(bad, await projectNodeVersion()).join('\n');
    expect(problems).toContain('FROM node:24-bookworm-slim is not pinned');
    expect(problems).toContain('FROM node:latest is not pinned');
    expect(problems).toContain('ENV ADMIN_PASSWORD bakes a secret');
    expect(problems).toContain('non-root user');
    expect(problems).toContain('HEALTHCHECK');
    expect(problems).toContain('STOPSIGNAL');
    expect(problems).toContain('VOLUME');
    expect(problems).toContain('exec form');
    expect(problems).toContain('copies from the build context');
  });
});

describe('docker/compose.yaml', () => {
  it('is valid against the Compose Specification JSON schema', async () => {
    const { document } = await readComposeFile(path.join(DOCKER_DIR, 'compose.yaml'));
    expect(await validateComposeSchema(document)).toEqual([]);
  });

  it('the schema check rejects what Compose would', async () => {
    const { document } = await readComposeFile(path.join(DOCKER_DIR, 'compose.yaml'));
    const broken = structuredClone(document) as unknown as {
      services: Record<string, Record<string, unknown>>;
    };
    (broken.services.server as Record<string, unknown>).stop_grace_period = 'ten seconds';
    (broken.services.server as Record<string, unknown>).restart_policy = 'always';
    const errors = (await validateComposeSchema(broken)).join('\n');
    expect(errors).toContain('/services/server must NOT have additional properties');
    expect(errors).toContain('stop_grace_period must match format "duration"');
  });

  it('passes our lint rules: port 8462, Postgres with a volume and health check, S3 storage under a profile, TLS mount, no secrets in the file', async () => {
    const { document } = await readComposeFile(path.join(DOCKER_DIR, 'compose.yaml'));
    expect(lintCompose(document)).toEqual([]);
  });

  it('docker/.env.example offers every variable the compose file requires', async () => {
    const { text } = await readComposeFile(path.join(DOCKER_DIR, 'compose.yaml'));
    const offered = envFileKeys(await readFile(path.join(DOCKER_DIR, '.env.example'), 'utf8'));
    const required = requiredVariables(text);
    expect(required).toContain('SECRETS_KEY');
    expect(required.filter((name) => !offered.includes(name))).toEqual([]);
  });
});
