import { DirectoryError, GoogleAuthError, type TGoogleAuthErrorDetails } from '@wac/google';
import { describe, expect, it } from 'vitest';
import { SecretBoxError } from '../secrets';
import { delegationRemedy, describeGoogleFailure } from './google-problem.mapper';

const CLIENT_ID = '113247142962896147806';
const context = { clientId: CLIENT_ID, adminUser: 'admin@example.com' };

function authError(
  code: GoogleAuthError['code'],
  details: Partial<TGoogleAuthErrorDetails> = {},
): GoogleAuthError {
  return new GoogleAuthError(code, 'package message', {
    clientId: CLIENT_ID,
    clientEmail: 'sync@project.iam.gserviceaccount.com',
    subject: 'admin@example.com',
    scopes: ['https://mail.google.com/'],
    tokenUri: 'https://oauth2.googleapis.com/token',
    ...details,
  });
}

describe('describeGoogleFailure', () => {
  it('names the Client ID and the refused scope for unauthorized_client', () => {
    const problem = describeGoogleFailure(authError('DELEGATION_NOT_AUTHORIZED'), context);
    expect(problem.code).toBe('DELEGATION_NOT_AUTHORIZED');
    expect(problem.message).toContain(CLIENT_ID);
    expect(problem.message).toContain('the scope https://mail.google.com/');
    expect(problem.remedy).toContain('Manage Domain Wide Delegation');
  });

  it.each([
    ['Invalid JWT Signature.', /deleted or disabled in Google Cloud/],
    ['Invalid grant: account not found', /deleted or disabled in Google Cloud/],
    ['Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.', /clock/],
    ['Invalid JWT: Failed audience check.', /exactly as Google Cloud downloaded it/],
    ['Invalid email or User ID', /suspended user cannot be impersonated/],
  ])('turns invalid_grant "%s" into the matching remedy', (description, remedy) => {
    const problem = describeGoogleFailure(
      authError('INVALID_GRANT', { googleError: 'invalid_grant', googleErrorDescription: description }),
      context,
    );
    expect(problem.code).toBe('INVALID_GRANT');
    expect(problem.remedy).toMatch(remedy);
    expect(problem.message).toContain(description);
  });

  it('tells a deleted service account from a temporary token endpoint failure', () => {
    const deleted = describeGoogleFailure(
      authError('TOKEN_ENDPOINT_ERROR', { httpStatus: 401, googleError: 'invalid_client' }),
      context,
    );
    expect(deleted.remedy).toMatch(/deleted or disabled/);
    const busy = describeGoogleFailure(authError('TOKEN_ENDPOINT_ERROR', { httpStatus: 503 }), context);
    expect(busy.remedy).toMatch(/usually temporary/);
    const unreachable = describeGoogleFailure(authError('TOKEN_ENDPOINT_UNREACHABLE'), context);
    expect(unreachable.remedy).toMatch(/firewall/);
  });

  it('explains an impersonated user who is not an admin', () => {
    const problem = describeGoogleFailure(
      new DirectoryError('NOT_AN_ADMIN', 'x', { httpStatus: 403 }),
      context,
    );
    expect(problem.message).toContain('admin@example.com');
    expect(problem.remedy).toMatch(/Admin roles/);
  });

  it('explains rate limits and outages', () => {
    expect(describeGoogleFailure(new DirectoryError('RATE_LIMITED', 'x'), context).remedy).toMatch(/Wait/);
    expect(describeGoogleFailure(new DirectoryError('GOOGLE_UNAVAILABLE', 'x'), context).remedy).toMatch(
      /temporary/,
    );
  });

  it('points an unreadable stored key at the master key', () => {
    const problem = describeGoogleFailure(
      new SecretBoxError('SECRET_UNREADABLE', 'another master key'),
      context,
    );
    expect(problem.remedy).toMatch(/SECRETS_KEY/);
  });

  it('keeps the text of an unexpected error out of the answer', () => {
    const problem = describeGoogleFailure(new Error('ECONNRESET at /internal/path.ts:12'), context);
    expect(problem.code).toBe('UNEXPECTED');
    expect(problem.message).not.toContain('/internal/path.ts');
  });
});

describe('delegationRemedy', () => {
  it('names the missing scope when it is known, and always lists every scope', () => {
    const missing = 'https://www.googleapis.com/auth/admin.directory.group.readonly';
    const remedy = delegationRemedy(CLIENT_ID, missing);
    expect(remedy).toContain(`add ${missing} to the OAuth scopes of Client ID ${CLIENT_ID}`);
    expect(remedy).toContain('https://www.googleapis.com/auth/admin.directory.user.readonly');
    expect(delegationRemedy(CLIENT_ID)).toContain(`add Client ID ${CLIENT_ID}`);
  });
});
