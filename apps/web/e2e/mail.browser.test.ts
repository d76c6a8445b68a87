import { toUserNameKey } from '@wac/db';
import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import { CONNECTOR_SCOPES, startEmulator, type TEmulator } from '@wac/google-workspace-emulator';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtpServer, type TTestSmtpServer } from '../../../packages/mail/test/support/smtp.server';
import { startTestServer, type TTestServer } from '../../server/test/start-test-server';
import { launchBrowser, screenshot, type TBrowserSession } from './browser';
import { signInAsAdmin } from './console-steps';

const ADMIN_PASSWORD = 'mail admin password';

// The Mail area end to end: a real server sending through a test SMTP server that checks each
// XOAUTH2 token at the emulator, driven from Chromium.
describe('Mail: API tokens, allowed senders, Send test e-mail and the send log', () => {
  let database: TTestDatabase;
  let emulator: TEmulator;
  let smtp: TTestSmtpServer;
  let server: TTestServer;
  let browser: TBrowserSession;
  let page: Page;
  let apiToken = '';

  const postMessage = (token: string, subject: string) =>
    fetch(`${server.url}/api/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        from: 'alice@example.com',
        to: ['bob@example.com'],
        subject,
        text: 'Hello from the API.',
      }),
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    emulator = await startEmulator();
    smtp = await startTestSmtpServer({ tokenInfoOrigin: emulator.url, security: 'none' });
    server = await startTestServer({
      databaseUrl: database.databaseUrl,
      adminPassword: ADMIN_PASSWORD,
      env: {
        GOOGLE_ADMIN_ROOT_URL: emulator.url,
        GOOGLE_TOKEN_URI: emulator.tokenUri,
        SMTP_HOST: smtp.host,
        SMTP_PORT: String(smtp.port),
        SMTP_SECURITY: 'none',
      },
    });
    const actor = { actor: { userId: null, name: 'test' }, context: { ip: null, requestId: null } };
    const key = emulator.createServiceAccountKey({ delegatedScopes: [...CONNECTOR_SCOPES] });
    await server.app.services.googleConnection.importKey(
      {
        fileName: 'key.json',
        bytes: Buffer.from(key.json),
        clientEmail: undefined,
        clientId: undefined,
        format: 'json',
      },
      actor,
    );
    await server.app.services.googleConnection.setAdminUser('admin@example.com', actor);
    await database.prisma.user.create({
      data: {
        userName: 'alice@example.com',
        userNameKey: toUserNameKey('alice@example.com'),
        fullName: 'Alice Example',
        emails: ['alice@example.com'],
        authMethod: 'DIRECTORY',
        privileges: ['login', 'send'],
      },
    });
    browser = await launchBrowser({ baseURL: server.url });
    page = await browser.newPage();
    await signInAsAdmin(page, ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
    await emulator?.close();
    await database?.drop();
  });

  it('creates an API token, shown once, that sends as an allowed sender', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mail' }).click();
    await page.waitForURL('**/mail/tokens');
    const form = page.getByRole('form', { name: 'Create an API token' });
    await form.getByLabel('Name').fill('billing');
    await form.getByLabel('May send as (addresses, separated by commas)').fill('alice@example.com');
    await form.getByRole('button', { name: 'Create token' }).click();
    apiToken = (await page.getByTestId('new-api-token').textContent()) ?? '';
    expect(apiToken).toMatch(/^wacs_/);
    await page.getByRole('cell', { name: 'billing', exact: true }).waitFor();
    await screenshot(page, 'mail-api-token-created');

    const response = await postMessage(apiToken, 'Invoice from the API');
    expect(response.status).toBe(202);
    await expect.poll(() => smtp.received.length, { timeout: 15_000 }).toBe(1);
    expect(smtp.received[0]?.user).toBe('alice@example.com');
  });

  it('sends a test e-mail from the senders tab and shows both messages in the send log', async () => {
    await page.getByRole('link', { name: 'Senders and notifications' }).click();
    await page.getByText('With the Send E-mail privilege: alice@example.com').waitFor();
    const test = page.getByRole('form', { name: 'Send test e-mail' });
    await test.getByLabel('From').fill('alice@example.com');
    await test.getByLabel('To').fill('bob@example.com');
    await test.getByRole('button', { name: 'Send test e-mail' }).click();
    await page.getByText('Queued').first().waitFor();
    await screenshot(page, 'mail-senders-test-email');
    await expect.poll(() => smtp.received.length, { timeout: 15_000 }).toBe(2);
    expect(smtp.received[1]?.raw.toString()).toContain(
      'Subject: Test e-mail from Workspace Archive Connector',
    );

    await page.getByRole('link', { name: 'Send log' }).click();
    await page.getByRole('cell', { name: /Invoice from the API/ }).waitFor();
    await expect
      .poll(async () => page.getByText('Sent', { exact: true }).count(), { timeout: 15_000 })
      .toBe(2);
    expect(await page.getByText(/^250 2\.0\.0 OK/).count()).toBe(2);
    await screenshot(page, 'mail-send-log');
  });

  it('shows the last use and revokes a token, after which the API refuses it', async () => {
    await page.getByRole('link', { name: 'API tokens' }).click();
    const row = page.getByRole('row', { name: /billing/ });
    await row.waitFor();
    await expect.poll(async () => row.textContent(), { timeout: 10_000 }).not.toContain('never');
    await row.getByRole('button', { name: 'Revoke billing' }).click();
    await row.getByText('Revoked').waitFor();
    await screenshot(page, 'mail-api-token-revoked');
    expect((await postMessage(apiToken, 'after revoke')).status).toBe(401);
  });
});
