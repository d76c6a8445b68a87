import { Writable } from 'node:stream';
import type { TKeyUploadResult, TSetupCheckResult } from '@wac/api-contract';
import { parseP12Key } from '@wac/google';
import type { LightMyRequestResponse } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TAppHarness } from '../support/app-harness';
import type { TBrowser } from '../support/test-app';
import {
  ALL_SCOPES,
  jsonKeyFile,
  SAMPLE_ADMIN,
  SAMPLE_ORDINARY_USER,
  SAMPLE_SUSPENDED_USER,
  startGoogleHarness,
  uploadKey,
} from './support/google-connection.fixture';

/** The base64 lines of a PEM key: any one of them in a log or a response means the key leaked. */
function pemBodyLines(pem: string): string[] {
  return pem
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('-----'));
}

function findLeaks(haystacks: string[], secretLines: string[]): string[] {
  return haystacks.flatMap((text) =>
    secretLines.filter((line) => text.includes(line)).map((line) => `${line} in: ${text.slice(0, 160)}`),
  );
}

describe('the private key never leaves the server', () => {
  let h: TAppHarness;
  const logLines: string[] = [];
  const responses: LightMyRequestResponse[] = [];
  const secretLines: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    // Trace level: every line the app could ever write, including request and response logs.
    h = await startGoogleHarness({ app: { logger: pino({ level: 'trace' }, sink) } });
  });

  afterAll(async () => {
    await h?.close();
  });

  const keep = (response: LightMyRequestResponse) => {
    responses.push(response);
    return response;
  };
  const request = async (...args: Parameters<TBrowser['request']>) => keep(await h.admin.request(...args));
  const upload = async (...args: Parameters<typeof uploadKey>) => keep(await uploadKey(...args));
  const check = (body: object = {}) => request({ method: 'POST', url: '/api/google/check', payload: body });
  const setAdminUser = (adminUser: string) =>
    request({ method: 'PUT', url: '/api/google/admin-user', payload: { adminUser } });

  it('runs import, wrong files, .p12, rotation and every check outcome', async () => {
    const first = h.emulator.createServiceAccountKey({ delegatedScopes: ALL_SCOPES });
    const rejected = h.emulator.createServiceAccountKey({
      clientEmail: 'other@wac-emulator.iam.gserviceaccount.com',
    });
    const second = h.emulator.createServiceAccountKey();
    const p12 = h.emulator.createP12Key({ clientEmail: 'legacy@wac-emulator.iam.gserviceaccount.com' });
    const p12Pem = parseP12Key(p12.p12, { clientEmail: p12.clientEmail }).privateKeyPem;
    for (const pem of [first.privateKeyPem, rejected.privateKeyPem, second.privateKeyPem, p12Pem]) {
      secretLines.push(...pemBodyLines(pem));
    }
    const firstJson = JSON.parse(first.json) as Record<string, unknown>;

    // Wrong files that still carry the real private key.
    const { client_email: _email, ...withoutEmail } = firstJson;
    expect((await upload(h.app, h.admin, jsonKeyFile(JSON.stringify(withoutEmail)))).statusCode).toBe(400);
    const asUserCredential = { ...firstJson, type: 'authorized_user' };
    expect((await upload(h.app, h.admin, jsonKeyFile(JSON.stringify(asUserCredential)))).statusCode).toBe(
      400,
    );
    expect((await upload(h.app, h.admin, jsonKeyFile(first.json.slice(0, -40)))).statusCode).toBe(400);
    expect((await upload(h.app, h.admin, jsonKeyFile(first.json.repeat(40)))).statusCode).toBe(400);
    const badTokenUri = { ...firstJson, token_uri: 'not a url' };
    expect((await upload(h.app, h.admin, jsonKeyFile(JSON.stringify(badTokenUri)))).statusCode).toBe(400);

    expect((await upload(h.app, h.admin, jsonKeyFile(first.json))).statusCode).toBe(200);
    expect((await setAdminUser(SAMPLE_ADMIN)).statusCode).toBe(200);
    expect((await check()).json<TSetupCheckResult>().isPassed).toBe(true);

    const rejection = await upload(h.app, h.admin, jsonKeyFile(rejected.json));
    expect(rejection.json<TKeyUploadResult>().outcome).toBe('candidate-rejected');
    const p12Rejection = await upload(
      h.app,
      h.admin,
      { fileName: 'legacy.p12', content: p12.p12 },
      { clientEmail: p12.clientEmail },
    );
    expect(p12Rejection.json<TKeyUploadResult>().outcome).toBe('candidate-rejected');
    expect((await upload(h.app, h.admin, jsonKeyFile(second.json))).json<TKeyUploadResult>().outcome).toBe(
      'rotated',
    );

    h.emulator.revokeDelegation(first.clientId, ALL_SCOPES[1]);
    expect((await check()).json<TSetupCheckResult>().isPassed).toBe(false);
    h.emulator.grantDelegation(first.clientId, ALL_SCOPES);
    h.emulator.faults.failNext({ status: 429, endpoint: 'directory', count: 1, retryAfterSeconds: 0 });
    expect((await check()).json<TSetupCheckResult>().isPassed).toBe(true);
    for (const user of [SAMPLE_ORDINARY_USER, SAMPLE_SUSPENDED_USER]) {
      await setAdminUser(user);
      expect((await check()).json<TSetupCheckResult>().isPassed).toBe(false);
    }
    await request({ method: 'GET', url: '/api/google/connection' });
    await request({ method: 'DELETE', url: '/api/google/key/candidate' });
    await request({ method: 'GET', url: '/api/docs/json' });
  });

  it('documents the Google routes in OpenAPI', async () => {
    const docs = await h.admin.request({ method: 'GET', url: '/api/docs/json' });
    expect(docs.statusCode, docs.body).toBe(200);
    expect(Object.keys(docs.json<{ paths: Record<string, unknown> }>().paths)).toEqual(
      expect.arrayContaining([
        '/api/google/connection',
        '/api/google/key',
        '/api/google/admin-user',
        '/api/google/check',
      ]),
    );
  });

  it('captured the logs it greps', () => {
    expect(logLines.length).toBeGreaterThan(responses.length);
    expect(logLines.some((line) => line.includes('/api/google/key'))).toBe(true);
    expect(logLines.some((line) => line.includes('KEY_FILE_MISSING_FIELD'))).toBe(true);
    // The detector itself works: a PEM line that did reach a log would be found.
    const canary = secretLines[3] ?? '';
    expect(canary.length).toBeGreaterThan(40);
    expect(findLeaks([`{"msg":"oops ${canary}"}`], secretLines)).toHaveLength(1);
  });

  it('finds no PEM line in any log line', () => {
    expect(secretLines.length).toBeGreaterThan(4 * 20);
    expect(findLeaks(logLines, secretLines)).toEqual([]);
  });

  it('finds no PEM line in any response body or header', () => {
    expect(responses.length).toBeGreaterThan(15);
    const bodies = responses.map((response) => `${JSON.stringify(response.headers)}\n${response.body}`);
    expect(findLeaks(bodies, secretLines)).toEqual([]);
  });

  it('keeps the key out of the audit log and stores it sealed', async () => {
    const audit = await h.database.prisma.auditLog.findMany();
    expect(audit.length).toBeGreaterThan(3);
    expect(
      findLeaks(
        audit.map((entry) => JSON.stringify(entry, (_k, v) => (typeof v === 'bigint' ? String(v) : v))),
        secretLines,
      ),
    ).toEqual([]);
    const keys = await h.database.prisma.googleServiceAccountKey.findMany();
    expect(keys.length).toBeGreaterThan(0);
    expect(
      findLeaks(
        keys.map((key) => key.sealedPrivateKey),
        secretLines,
      ),
    ).toEqual([]);
  });
});
