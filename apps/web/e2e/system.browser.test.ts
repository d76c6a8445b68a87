import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TTestServer } from '../../server/test/start-test-server';
import { launchBrowser, screenshot, type TBrowserSession } from './browser';
import { signInAsAdmin } from './console-steps';

const ADMIN_PASSWORD = 'system admin password';

// The System page through a real server: this instance's heartbeat, a crashed one from before,
// and a failed sync in the recent problems.
describe('System page', () => {
  let database: TTestDatabase;
  let server: TTestServer;
  let browser: TBrowserSession;
  let page: Page;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startTestServer({ databaseUrl: database.databaseUrl, adminPassword: ADMIN_PASSWORD });
    await database.prisma.serverInstance.create({
      data: {
        id: '00000000-0000-4000-8000-000000000002',
        host: 'worker-2',
        pid: 4242,
        version: '0.0.9',
        startedAt: new Date(Date.now() - 7_200_000),
        lastSeenAt: new Date(Date.now() - 900_000),
      },
    });
    await database.prisma.syncRun.create({
      data: {
        isDryRun: false,
        trigger: 'SCHEDULED',
        status: 'FAILED',
        requestedByName: 'schedule',
        phase: 'failed',
        progress: {},
        settings: {},
        finishedAt: new Date(),
        errorCode: 'DELEGATION_NOT_AUTHORIZED',
        errorMessage: 'Domain-wide delegation is not granted for Client ID 1234567890.',
      },
    });
    browser = await launchBrowser({ baseURL: server.url });
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  it('shows version, storage, instances and recent problems from the menu', async () => {
    await signInAsAdmin(page, ADMIN_PASSWORD);
    await page.getByRole('link', { name: 'System' }).click();
    await page.waitForURL('**/system');
    await page.getByRole('heading', { name: 'System', level: 1 }).waitFor();

    const server_ = page.getByRole('region', { name: 'Server' });
    await server_.getByText(/^\d+\.\d+\.\d+$/).waitFor();
    await server_.getByText(process.version).waitFor();

    const instances = page.getByRole('table', { name: 'Instances' });
    const self = instances.getByRole('row').filter({ hasText: '(this one)' });
    await expect(self.getByText('Running').count()).resolves.toBe(1);
    const crashed = instances.getByRole('row').filter({ hasText: 'worker-2' });
    await crashed.getByText('Not answering').waitFor();

    const problems = page.getByRole('table', { name: 'Recent problems' });
    await problems.getByText('Domain-wide delegation is not granted for Client ID 1234567890.').waitFor();
    await problems.getByText('Directory sync').waitFor();

    await screenshot(page, 'system-page');
  });
});
