import { setTimeout as sleep } from 'node:timers/promises';
import type {
  TRunDetail,
  TRunStarted,
  TRunSummary,
  TSyncChange,
  TSyncSettingsResponse,
} from '@wac/api-contract';
import type { PrismaClient } from '@wac/db';
import type { TTestDatabase } from '@wac/db/testing';
import type { TEmulator } from '@wac/google-workspace-emulator';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import {
  ALL_SCOPES,
  emulatorEnv,
  jsonKeyFile,
  uploadKey,
} from '../../google-connection/support/google-connection.fixture';
import { ADMIN_PASSWORD, bootstrapAdmin, buildTestApp, signIn, type TBrowser } from '../../support/test-app';

// Response bodies as the API contract defines them, under the names these tests have used.
export type TRunSummaryBody = TRunSummary;
export type TChangeBody = TSyncChange;
export type TRunDetailBody = TRunDetail;
export type TSettingsBody = TSyncSettingsResponse;

/** The app with a worker, connected to the emulator as an admin would set it up in the console. */
export async function startSyncApp(
  database: TTestDatabase,
  emulator: TEmulator,
  options: { bootstrap?: boolean; env?: Record<string, string> } = {},
) {
  if (options.bootstrap !== false) await bootstrapAdmin(database);
  const app = await buildTestApp(database, {
    env: { ...emulatorEnv(emulator), ...options.env },
    directorySync: { pollingIntervalSeconds: 0.5, progressIntervalMs: 20, batchSize: 5 },
  });
  await app.services.directorySync.startWorker();
  const admin = await signIn(app, 'admin', ADMIN_PASSWORD);
  return { app, admin };
}

export async function connectGoogle(
  app: FastifyInstance,
  admin: TBrowser,
  emulator: TEmulator,
  adminUser: string,
) {
  const key = emulator.createServiceAccountKey({ delegatedScopes: ALL_SCOPES });
  const upload = await uploadKey(app, admin, jsonKeyFile(key.json));
  expect(upload.statusCode, upload.body).toBe(200);
  const response = await admin.request({
    method: 'PUT',
    url: '/api/google/admin-user',
    payload: { adminUser },
  });
  expect(response.statusCode, response.body).toBe(200);
}

export async function getSettings(admin: TBrowser): Promise<TSettingsBody> {
  const response = await admin.request({ method: 'GET', url: '/api/directory-sync/settings' });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<TSettingsBody>();
}

export async function saveSettings(admin: TBrowser, patch: Partial<TSettingsBody>): Promise<TSettingsBody> {
  const current = await getSettings(admin);
  const { groups, autoDelete, defaultPrivileges, defaultArchiveAccess, deletionThreshold, schedule } = {
    ...current,
    ...patch,
  };
  const response = await admin.request({
    method: 'PUT',
    url: '/api/directory-sync/settings',
    payload: { groups, autoDelete, defaultPrivileges, defaultArchiveAccess, deletionThreshold, schedule },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<TSettingsBody>();
}

export async function waitForRun(
  admin: TBrowser,
  runId: string,
  timeoutMs = 45_000,
): Promise<TRunSummaryBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await admin.request({
      method: 'GET',
      url: `/api/directory-sync/runs/${runId}?pageSize=1`,
    });
    expect(response.statusCode, response.body).toBe(200);
    const run = response.json<TRunSummaryBody>();
    if (run.status !== 'RUNNING') return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still running after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Starts Test Settings ('test') or Synchronize now ('run') and waits for the run to end. */
export async function runSync(admin: TBrowser, what: 'test' | 'run'): Promise<TRunSummaryBody> {
  const response = await admin.request({ method: 'POST', url: `/api/directory-sync/${what}` });
  expect(response.statusCode, response.body).toBe(202);
  return waitForRun(admin, response.json<TRunStarted>().runId);
}

export async function runChanges(admin: TBrowser, runId: string, query = ''): Promise<TRunDetailBody> {
  const response = await admin.request({
    method: 'GET',
    url: `/api/directory-sync/runs/${runId}?pageSize=200${query}`,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<TRunDetailBody>();
}

/**
 * Every row of the user tables with its xmin (the transaction that last wrote it): equal before
 * and after a sync exactly when the sync inserted, updated and deleted nothing there. Unlike
 * pg_stat_user_tables, whose counters arrive late from busy pooled connections, it is exact at once.
 */
export async function userTableVersions(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.$queryRawUnsafe<{ row: string }[]>(
    `SELECT 'users:' || id || ':' || xmin::text AS row FROM users
     UNION ALL SELECT 'archive_folders:' || id || ':' || xmin::text FROM archive_folders
     UNION ALL SELECT 'folder_access:' || folder_id || ':' || user_id || ':' || xmin::text FROM folder_access
     ORDER BY 1`,
  );
  return rows.map((item) => item.row);
}
