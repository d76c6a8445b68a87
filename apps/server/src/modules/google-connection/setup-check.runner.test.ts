import { GoogleAuthError } from '@wac/google';
import { describe, expect, it, vi } from 'vitest';
import { createGoogleClientsProvider } from './google-clients.provider';
import { failed, passed, type TSetupCheckDeps, type TSetupCheckRow } from './setup-check.context';
import { runSetupCheck } from './setup-check.runner';
import { SETUP_CHECKS } from './setup-check.table';

// The runner knows nothing about keys or scopes: each row brings its test, its skip rule and
// whether its failure stops the rows after it. These rows are fakes; the real table is exercised
// against the emulator in test/google-connection/google-setup-check.int.test.ts.

const deps = (overrides: Partial<TSetupCheckDeps> = {}): TSetupCheckDeps => ({
  clients: createGoogleClientsProvider({ adminRootUrl: 'http://127.0.0.1:9' }),
  now: () => Date.parse('2026-12-06T09:00:00Z'),
  imap: { host: '127.0.0.1', port: 9, secure: false },
  ...overrides,
});
const input = { loadKey: async () => null, adminUser: 'admin@example.com' };

function row(id: string, rest: Partial<TSetupCheckRow> = {}): TSetupCheckRow {
  return { id, label: `Label of ${id}`, run: async () => passed(`${id} works`), ...rest };
}

describe('runSetupCheck', () => {
  it('runs every row in order and reports each with its label', async () => {
    const items = await runSetupCheck(input, deps(), [row('a'), row('b')]);
    expect(items).toEqual([
      { id: 'a', label: 'Label of a', status: 'passed', message: 'a works' },
      { id: 'b', label: 'Label of b', status: 'passed', message: 'b works' },
    ]);
  });

  it("skips a row by its own rule, which can read earlier rows' results", async () => {
    const later = vi.fn(async () => passed('ran'));
    const items = await runSetupCheck(input, deps(), [
      row('scope', { run: async () => failed({ message: 'not delegated' }) }),
      row('list', {
        skipReason: (context) => (context.statusOf('scope') === 'passed' ? undefined : 'Skipped: no scope.'),
        run: later,
      }),
      row('independent'),
    ]);
    expect(items.map((item) => [item.id, item.status, item.message])).toEqual([
      ['scope', 'failed', 'not delegated'],
      ['list', 'skipped', 'Skipped: no scope.'],
      ['independent', 'passed', 'independent works'],
    ]);
    expect(later).not.toHaveBeenCalled();
  });

  it('skips every later row with the message of a failure that blocks them, and only then', async () => {
    const items = await runSetupCheck(input, deps(), [
      row('gate', {
        run: async () => failed({ message: 'no key' }),
        blocksOnFailure: () => 'Skipped: there is no key.',
      }),
      row('b'),
      row('c', { skipReason: () => 'own reason' }),
    ]);
    expect(items.map((item) => [item.status, item.message])).toEqual([
      ['failed', 'no key'],
      ['skipped', 'Skipped: there is no key.'],
      ['skipped', 'Skipped: there is no key.'],
    ]);
    const notBlocked = await runSetupCheck(input, deps(), [
      row('gate', { run: async () => failed({ message: 'partial' }), blocksOnFailure: () => undefined }),
      row('b'),
    ]);
    expect(notBlocked.map((item) => item.status)).toEqual(['failed', 'passed']);
  });

  it('turns a thrown Google error into a failed row with its remedy, and reports unknown errors', async () => {
    const onUnexpectedError = vi.fn();
    const items = await runSetupCheck(input, deps({ onUnexpectedError }), [
      row('token', {
        run: async () => {
          throw new GoogleAuthError('DELEGATION_NOT_AUTHORIZED', 'unauthorized_client', {
            clientId: '1234',
            clientEmail: 'sa@project.iam.gserviceaccount.com',
            subject: 'admin@example.com',
            scopes: ['https://mail.google.com/'],
            tokenUri: 'https://oauth2.googleapis.com/token',
          });
        },
      }),
      row('bug', {
        run: async () => {
          throw new TypeError('undefined is not a function');
        },
      }),
    ]);
    expect(items[0]).toMatchObject({
      status: 'failed',
      remedy: expect.stringMatching(/Domain Wide Delegation/),
    });
    expect(items[1]?.status).toBe('failed');
    expect(items[1]?.message).not.toContain('undefined is not a function');
    expect(onUnexpectedError).toHaveBeenCalledTimes(1);
    expect(onUnexpectedError).toHaveBeenCalledWith(expect.any(TypeError), 'bug');
  });
});

describe('the Check setup table', () => {
  it('has one row per id, in the order the console shows them', () => {
    const ids = SETUP_CHECKS.map((check) => check.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([
      'key-signs',
      'admin-token',
      'scope-directory-users',
      'scope-directory-groups',
      'scope-mail',
      'users-list',
      'groups-list',
      'user-mail-token',
      'imap-all-mail',
    ]);
  });

  it('fails at the key and skips everything after it when no key was uploaded', async () => {
    const items = await runSetupCheck({ loadKey: async () => null, adminUser: null }, deps());
    expect(items[0]).toMatchObject({ id: 'key-signs', status: 'failed' });
    expect(new Set(items.slice(1).map((item) => item.message))).toEqual(
      new Set(['Skipped: there is no service-account key.']),
    );
  });
});
