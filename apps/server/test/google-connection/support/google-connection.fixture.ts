import { randomBytes } from 'node:crypto';
import type { TSetupCheckResult } from '@wac/api-contract';
import { startEmulator, type TEmulator } from '@wac/google-workspace-emulator';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { startAppHarness, type TAppHarness, type TAppHarnessOptions } from '../../support/app-harness';
import type { TBrowser } from '../../support/test-app';

/** The sample domain's super admin; alice is an ordinary user, dave is suspended. */
export const SAMPLE_ADMIN = 'admin@example.com';
export const SAMPLE_ORDINARY_USER = 'alice@example.com';
export const SAMPLE_SUSPENDED_USER = 'dave@example.com';

export const ALL_SCOPES = [
  'https://www.googleapis.com/auth/admin.directory.user.readonly',
  'https://www.googleapis.com/auth/admin.directory.group.readonly',
  'https://mail.google.com/',
];

export function startSampleEmulator(): Promise<TEmulator> {
  return startEmulator({ host: '127.0.0.1', port: 0, imap: true });
}

/** The environment that points the app at the emulator instead of Google (its Gmail IMAP too, when on). */
export function emulatorEnv(emulator: TEmulator): Record<string, string> {
  return {
    GOOGLE_ADMIN_ROOT_URL: emulator.url,
    GOOGLE_TOKEN_URI: emulator.tokenUri,
    ...(emulator.imap ? imapEnv(emulator.imap) : {}),
  };
}

/** The emulator's Gmail IMAP endpoint as the server's IMAP_* variables (plain TCP on loopback). */
export function imapEnv(imap: { host: string; port: number; secure: boolean }): Record<string, string> {
  return { IMAP_HOST: imap.host, IMAP_PORT: String(imap.port), IMAP_TLS: String(imap.secure) };
}

/** Database, sample-domain emulator as the Directory API and token endpoint, app, signed-in admin. */
export function startGoogleHarness(options: Omit<TAppHarnessOptions, 'env'> = {}): Promise<TAppHarness> {
  return startAppHarness({ ...options, env: emulatorEnv });
}

export type TUploadFile = { fileName: string; content: Buffer | string; contentType?: string };

/** A multipart/form-data body as a browser's FormData would send it. */
export function multipartBody(fields: Record<string, string>, file?: TUploadFile) {
  const boundary = `----wac${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.fileName}"\r\n` +
          `Content-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function uploadKey(
  app: FastifyInstance,
  browser: TBrowser | null,
  file: TUploadFile | undefined,
  fields: Record<string, string> = {},
  options: { csrfToken?: string | null } = {},
): Promise<LightMyRequestResponse> {
  const { payload, contentType } = multipartBody(fields, file);
  const csrfToken = options.csrfToken === undefined ? browser?.csrfToken : options.csrfToken;
  const response = await app.inject({
    method: 'POST',
    url: '/api/google/key',
    headers: {
      'content-type': contentType,
      ...(browser ? { cookie: browser.jar.header() } : {}),
      ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}),
    },
    payload,
  });
  browser?.jar.store(response);
  return response;
}

export function jsonKeyFile(json: string, fileName = 'wac-emulator-0123456789ab.json'): TUploadFile {
  return { fileName, content: json, contentType: 'application/json' };
}

export type TErrorBody = {
  error: { code: string; message: string; requestId: string; details?: Record<string, unknown> };
};

export type TCheckBody = TSetupCheckResult;

export function statusById(body: TCheckBody): Record<string, string> {
  return Object.fromEntries(body.items.map((item) => [item.id, item.status]));
}

export function itemOf(body: TCheckBody, id: string) {
  const item = body.items.find((candidate) => candidate.id === id);
  if (!item) throw new Error(`no check item ${id}`);
  return item;
}
