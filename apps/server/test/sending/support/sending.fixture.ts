import { setTimeout as sleep } from 'node:timers/promises';
import type { TApiTokenCreated, TSendMessageView, TSendSettingsInput } from '@wac/api-contract';
import type { TTestDatabase } from '@wac/db/testing';
import type { TEmulator } from '@wac/google-workspace-emulator';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import {
  startTestSmtpServer,
  type TTestSmtpServer,
} from '../../../../../packages/mail/test/support/smtp.server';
import { emulatorEnv } from '../../google-connection/support/google-connection.fixture';
import { ADMIN_PASSWORD, bootstrapAdmin, buildTestApp, signIn, type TBrowser } from '../../support/test-app';
import { createUser } from '../../support/users.fixture';

export type TSendingHarness = {
  app: FastifyInstance;
  admin: TBrowser;
  smtp: TTestSmtpServer;
  close(): Promise<void>;
};

/** The app with its send worker, pointed at a test SMTP server that checks tokens at the emulator. */
export async function startSendingApp(
  database: TTestDatabase,
  emulator: TEmulator,
  options: { env?: Record<string, string>; retryDelaysMs?: number[] } = {},
): Promise<TSendingHarness> {
  await bootstrapAdmin(database);
  const smtp = await startTestSmtpServer({ tokenInfoOrigin: emulator.url, security: 'none' });
  const app = await buildTestApp(database, {
    env: {
      ...emulatorEnv(emulator),
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      SMTP_SECURITY: 'none',
      ...options.env,
    },
    sending: {
      retryDelaysMs: options.retryDelaysMs ?? [200, 400],
      pollingIntervalSeconds: 0.5,
      smtpTimeoutMs: 5000,
    },
  });
  await app.services.sending.startWorker();
  const admin = await signIn(app, 'admin', ADMIN_PASSWORD);
  return {
    app,
    admin,
    smtp,
    close: async () => {
      await app.close();
      await smtp.close();
    },
  };
}

/** A synced Workspace user; with "send" it is an allowed sender. */
export function createSyncedUser(database: TTestDatabase, name: string, privileges = ['login', 'send']) {
  return createUser(database.prisma, {
    userName: `${name}@example.com`,
    emails: [`${name}@example.com`],
    authMethod: 'DIRECTORY',
    privileges,
  });
}

export async function connectGoogle(h: TSendingHarness, emulator: TEmulator, scopes: string[]) {
  const key = emulator.createServiceAccountKey({ delegatedScopes: scopes });
  const { uploadKey, jsonKeyFile } = await import(
    '../../google-connection/support/google-connection.fixture'
  );
  const upload = await uploadKey(h.app, h.admin, jsonKeyFile(key.json));
  expect(upload.statusCode, upload.body).toBe(200);
  const response = await h.admin.request({
    method: 'PUT',
    url: '/api/google/admin-user',
    payload: { adminUser: 'admin@example.com' },
  });
  expect(response.statusCode, response.body).toBe(200);
  return key;
}

export async function createToken(
  admin: TBrowser,
  name: string,
  senders: string[],
): Promise<TApiTokenCreated> {
  const response = await admin.request({
    method: 'POST',
    url: '/api/sending/tokens',
    payload: { name, senders },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<TApiTokenCreated>();
}

export async function saveSendSettings(admin: TBrowser, input: Partial<TSendSettingsInput>) {
  const response = await admin.request({
    method: 'PUT',
    url: '/api/sending/settings',
    payload: {
      listedSenders: [],
      notificationSender: null,
      notificationRecipients: [],
      notify: { syncProblems: true, mailboxProblems: true, keyAge: true },
      ...input,
    },
  });
  expect(response.statusCode, response.body).toBe(200);
}

export function postMessage(
  app: FastifyInstance,
  token: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/api/v1/messages',
    headers: { authorization: `Bearer ${token}`, ...headers },
    payload: body as object,
  });
}

export async function getMessage(app: FastifyInstance, token: string, id: string): Promise<TSendMessageView> {
  const response = await app.inject({
    method: 'GET',
    url: `/api/v1/messages/${id}`,
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<TSendMessageView>();
}

/** Polls until the message is SENT or FAILED. */
export async function waitForSettled(app: FastifyInstance, token: string, id: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const message = await getMessage(app, token, id);
    if (message.status === 'SENT' || message.status === 'FAILED') return message;
    if (Date.now() > deadline) throw new Error(`message ${id} still ${message.status} after ${timeoutMs} ms`);
    await sleep(50);
  }
}
