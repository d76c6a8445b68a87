import type { TGroupScope } from '@wac/api-contract';
import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import { startEmulator, type TEmulator } from '@wac/google-workspace-emulator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TBrowser } from '../support/test-app';
import { connectGoogle, runSync, saveSettings, startSyncApp } from './support/directory-sync.fixture';

// Issue 10: a group in the filter that holds a CUSTOMER member (everyone in the organisation)
// filters nothing; the API names which chosen groups do, nested groups included.
describe('directory sync: groups that hold the whole organisation', () => {
  let database: TTestDatabase;
  let emulator: TEmulator;
  let app: FastifyInstance;
  let admin: TBrowser;
  const group = (email: string) => {
    const found = emulator.state.getGroup(email);
    if (!found) throw new Error(`no group ${email}`);
    return { id: found.id, email: found.email, name: found.name };
  };

  beforeAll(async () => {
    [database, emulator] = await Promise.all([
      createTestDatabase(),
      startEmulator({ host: '127.0.0.1', port: 0 }),
    ]);
    emulator.state.addGroup({
      email: 'everyone@example.com',
      name: 'Everyone',
      members: [{ type: 'CUSTOMER' }],
    });
    // A team list that someone made by nesting "everyone": it selects the whole organisation too.
    emulator.state.addGroup({
      email: 'leads@example.com',
      name: 'Leads',
      members: [{ email: 'alice@example.com' }, { email: 'everyone@example.com', type: 'GROUP' }],
    });
    ({ app, admin } = await startSyncApp(database, emulator));
    await connectGoogle(app, admin, emulator, 'admin@example.com');
  });

  afterAll(async () => {
    await app?.close();
    await emulator?.close();
    await database?.drop();
  });

  const scope = (groups: { id: string; email: string; name: string }[], csrfToken?: string | null) =>
    admin.request({
      method: 'POST',
      url: '/api/directory-sync/groups/scope',
      payload: { groups },
      csrfToken,
    });

  it('names the chosen groups that hold everyone, directly or through a nested group', async () => {
    const response = await scope([
      group('staff@example.com'),
      group('leads@example.com'),
      group('everyone@example.com'),
    ]);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<TGroupScope>().wholeCustomerGroupIds).toEqual([
      group('leads@example.com').id,
      group('everyone@example.com').id,
    ]);
  });

  it('names none for ordinary groups, and counts the users they select', async () => {
    const response = await scope([group('staff@example.com')]);
    expect(response.statusCode, response.body).toBe(200);
    // staff: four users and the nested engineering group's four.
    expect(response.json<TGroupScope>()).toEqual({ wholeCustomerGroupIds: [], userCount: 8 });
  });

  it('refuses an empty list, a missing CSRF token, and says so when a group is unknown to Google', async () => {
    expect((await scope([])).statusCode).toBe(400);
    expect((await scope([group('staff@example.com')], null)).statusCode).toBe(403);
    const gone = await scope([{ id: 'gone-group-id', email: 'gone@example.com', name: 'Gone' }]);
    expect(gone.statusCode).toBe(502);
    expect(gone.json().error.code).toBe('GOOGLE_REQUEST_FAILED');
  });

  it('a sync on such a group indeed selects every user of the domain', async () => {
    await saveSettings(admin, { groups: [group('leads@example.com')] });
    const run = await runSync(admin, 'test');
    expect(run.status, run.error?.message).toBe('SUCCEEDED');
    expect(run.counts.creates).toBe(emulator.state.summary().users.active);
  });
});
