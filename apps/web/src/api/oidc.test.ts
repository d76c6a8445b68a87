import { describe, expect, it } from 'vitest';
import { isTestAbandoned, TEST_TIMEOUT_MS, type TOidcTestRun } from './oidc';

const CREATED = Date.parse('2026-11-22T10:00:00.000Z');

function run(status: TOidcTestRun['status']): TOidcTestRun {
  return {
    id: 't1',
    status,
    targetUser: { id: 'u1', userName: 'alice@example.com' },
    loginHint: 'alice@example.com',
    reasonCode: null,
    message: null,
    matchedUser: null,
    googleEmail: null,
    hostedDomain: null,
    createdAt: new Date(CREATED).toISOString(),
    completedAt: null,
  };
}

describe('isTestAbandoned', () => {
  it('gives a pending test the ten minutes the server keeps its sign-in', () => {
    expect(isTestAbandoned(run('PENDING'), CREATED + TEST_TIMEOUT_MS - 1)).toBe(false);
    expect(isTestAbandoned(run('PENDING'), CREATED + TEST_TIMEOUT_MS + 1)).toBe(true);
  });

  it('never calls a finished test abandoned', () => {
    expect(isTestAbandoned(run('SUCCEEDED'), CREATED + 10 * TEST_TIMEOUT_MS)).toBe(false);
    expect(isTestAbandoned(run('DENIED'), CREATED + 10 * TEST_TIMEOUT_MS)).toBe(false);
  });
});
