import { setTimeout as sleep } from 'node:timers/promises';
import type { TTestDatabase } from '@wac/db/testing';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { TClock } from '../../../src/lib/clock';
import type {
  TArchiveProfile,
  TArchiveProfileInput,
  TArchiveRunDetail,
  TArchiveRunSummary,
} from '../../../src/modules/archiving/archiving.schemas';
import { ADMIN_PASSWORD, bootstrapAdmin, buildTestApp, signIn, type TBrowser } from '../../support/test-app';
import { createUser } from '../../support/users.fixture';
import type { TFakeMailboxArchiver } from './fake-mailbox-archiver';

/** The app with its archive worker running on a fake mailbox runner, and the admin signed in. */
export async function startArchivingApp(
  database: TTestDatabase,
  archiver: TFakeMailboxArchiver,
  options: { env?: Record<string, string>; clock?: TClock } = {},
): Promise<{ app: FastifyInstance; admin: TBrowser }> {
  await bootstrapAdmin(database);
  const app = await buildTestApp(database, {
    env: options.env ?? {},
    ...(options.clock ? { clock: options.clock } : {}),
    archiving: {
      runMailbox: archiver.runMailbox,
      estimateMailbox: archiver.estimateMailbox,
      pollingIntervalSeconds: 0.5,
      progressIntervalMs: 10,
    },
  });
  await app.services.archiving.startWorker();
  const admin = await signIn(app, 'admin', ADMIN_PASSWORD);
  return { app, admin };
}

/** A synchronized Workspace user with a mailbox (and, by default, the "archive" privilege). */
export function createMailboxUser(database: TTestDatabase, name: string, privileges = ['login', 'archive']) {
  return createUser(database.prisma, {
    userName: `${name}@example.com`,
    emails: [`${name}@example.com`],
    authMethod: 'DIRECTORY',
    privileges,
  });
}

export const DEFAULT_PROFILE_INPUT: TArchiveProfileInput = {
  mailboxes: { scope: 'ALL_SYNCED_USERS', groups: [], userIds: [], requireArchivePrivilege: true },
  folders: { includeSpam: false, includeTrash: false, include: [], exclude: [] },
  schedule: { mode: 'OFF', time: '02:00' },
};

export async function saveProfile(admin: TBrowser, input: TArchiveProfileInput): Promise<TArchiveProfile> {
  const response = await admin.request({ method: 'PUT', url: '/api/archiving/profile', payload: input });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<TArchiveProfile>();
}

export async function startRun(admin: TBrowser, kind: 'run' | 'estimate' = 'run'): Promise<string> {
  const response = await admin.request({ method: 'POST', url: `/api/archiving/${kind}` });
  expect(response.statusCode, response.body).toBe(202);
  return response.json<{ runId: string }>().runId;
}

export async function getRun(admin: TBrowser, runId: string): Promise<TArchiveRunDetail> {
  const response = await admin.request({ method: 'GET', url: `/api/archiving/runs/${runId}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<TArchiveRunDetail>();
}

/** Polls until the run has finished or paused. */
export async function waitForRun(
  admin: TBrowser,
  runId: string,
  timeoutMs = 30_000,
): Promise<TArchiveRunDetail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await getRun(admin, runId);
    if (run.status !== 'QUEUED' && run.status !== 'RUNNING') return run;
    if (Date.now() > deadline) {
      const mailboxes = run.items.map((item) => `${item.userEmail}: ${item.status}`).join(', ');
      throw new Error(`run ${runId} still ${run.status} after ${timeoutMs} ms (${mailboxes})`);
    }
    await sleep(100);
  }
}

export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export type { TArchiveRunSummary };
