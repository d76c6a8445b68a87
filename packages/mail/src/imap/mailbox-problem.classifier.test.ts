import { describe, expect, it } from 'vitest';
import { classifyMailboxError, isConnectionError } from './mailbox-problem.classifier';
import { toUidSet } from './uid-set';

describe('classifyMailboxError', () => {
  const now = new Date('2026-12-06T10:00:00Z');
  const no = (responseText: string) =>
    Object.assign(new Error('Command failed'), { responseStatus: 'NO', responseText });

  it.each([
    ['[ALERT] IMAP access is disabled for your domain.', 'IMAP_DISABLED'],
    ['[ALERT] Your account is not enabled for IMAP use.', 'IMAP_DISABLED'],
    ['[ALERT] Too many simultaneous connections. (Failure)', 'TOO_MANY_CONNECTIONS'],
    ['[OVERQUOTA] Account exceeded command or bandwidth limits.', 'OVER_QUOTA'],
    ['Success [THROTTLED]', 'THROTTLED'],
  ])('maps %s to %s', (text, code) => {
    expect(classifyMailboxError(no(text), 'a@example.com', now).code).toBe(code);
  });

  it('gives paused causes a resume time', () => {
    expect(classifyMailboxError(no('[THROTTLED]'), 'a@example.com', now).resumeAt?.getTime()).toBeGreaterThan(
      now.getTime(),
    );
  });

  it('maps token endpoint refusals', () => {
    const auth = (code: string) => Object.assign(new Error('x'), { name: 'GoogleAuthError', code });
    expect(classifyMailboxError(auth('DELEGATION_NOT_AUTHORIZED'), 'a@example.com').remedy).toContain(
      'https://mail.google.com/',
    );
    expect(classifyMailboxError(auth('INVALID_GRANT'), 'a@example.com').code).toBe(
      'USER_NOT_FOUND_OR_SUSPENDED',
    );
  });

  it('tells connection drops apart', () => {
    expect(isConnectionError(Object.assign(new Error('x'), { code: 'NoConnection' }))).toBe(true);
    expect(isConnectionError(no('[OVERQUOTA]'))).toBe(false);
  });
});

describe('toUidSet', () => {
  it('compresses runs', () => {
    expect(toUidSet([9, 1, 2, 3, 5, 10, 11, 12])).toBe('1:3,5,9:12');
  });
});
