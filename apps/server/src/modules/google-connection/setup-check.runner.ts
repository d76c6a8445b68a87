import {
  createAssertionSigner,
  createDelegatedTokenProvider,
  createDirectoryClient,
  DirectoryError,
  GOOGLE_SCOPES,
  GoogleAuthError,
  REQUIRED_DELEGATION_SCOPES,
  type TDirectoryClient,
  type TFetch,
  type TRetryOptions,
  type TServiceAccountKey,
} from '@wac/google';
import { SecretBoxError } from '../secrets';
import type { TGoogleProblem, TSetupCheckId, TSetupCheckItem } from './google-connection.schemas';
import { delegationRemedy, describeGoogleFailure } from './google-problem.mapper';

export type TSetupCheckInput = {
  /** Rejects when the stored key cannot be opened; resolves null when none was uploaded. */
  loadKey: () => Promise<TServiceAccountKey | null>;
  adminUser: string | null;
  testUser?: string;
};

export type TSetupCheckDeps = {
  adminRootUrl: string;
  now: () => number;
  fetch?: TFetch;
  /** An admin is waiting for the answer, so a check retries less patiently than a synchronization. */
  retry?: Partial<TRetryOptions>;
  sleep?: (ms: number) => Promise<void>;
  onUnexpectedError?: (error: unknown, checkId: TSetupCheckId) => void;
};

const CHECK_RETRY: Partial<TRetryOptions> = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8_000 };

const LABELS: Record<TSetupCheckId, string> = {
  'key-signs': 'The private key signs a token request',
  'admin-token': 'Google issues a token for the admin user',
  'scope-directory-users': 'Delegated scope: read users',
  'scope-directory-groups': 'Delegated scope: read groups',
  'scope-mail': 'Delegated scope: mail (IMAP and SMTP)',
  'users-list': 'Read the user list (Directory API users.list)',
  'groups-list': 'Read the group list (Directory API groups.list)',
  'user-mail-token': 'Mail token for an ordinary user',
};

const SCOPE_CHECKS = [
  { id: 'scope-directory-users', scope: GOOGLE_SCOPES.directoryUsers },
  { id: 'scope-directory-groups', scope: GOOGLE_SCOPES.directoryGroups },
  { id: 'scope-mail', scope: GOOGLE_SCOPES.mail },
] as const;

type TOutcome = Omit<TSetupCheckItem, 'id' | 'label'>;

const passed = (message: string): TOutcome => ({ status: 'passed', message });
const skipped = (message: string): TOutcome => ({ status: 'skipped', message });
const failed = (problem: TGoogleProblem): TOutcome => ({
  status: 'failed',
  message: problem.message,
  ...(problem.remedy ? { remedy: problem.remedy } : {}),
});

/**
 * Tests each part of the Google setup on its own, with fresh tokens (a cached token would hide a
 * delegation revoked a minute ago), and stores nothing. A later item that cannot be meaningful
 * after an earlier failure is reported as skipped rather than failed, so the first red line is the cause.
 */
export async function runSetupCheck(
  input: TSetupCheckInput,
  deps: TSetupCheckDeps,
): Promise<TSetupCheckItem[]> {
  const items: TSetupCheckItem[] = [];
  const record = (id: TSetupCheckId, outcome: TOutcome) => {
    items.push({ id, label: LABELS[id], ...outcome });
    return outcome.status === 'passed';
  };
  const attempt = async (
    id: TSetupCheckId,
    context: { clientId: string; adminUser: string | null },
    run: () => Promise<TOutcome>,
  ) => {
    try {
      return record(id, await run());
    } catch (error) {
      if (!isKnownGoogleError(error)) deps.onUnexpectedError?.(error, id);
      return record(id, failed(describeGoogleFailure(error, context)));
    }
  };
  const skipRest = (from: number, message: string) => {
    for (const id of (Object.keys(LABELS) as TSetupCheckId[]).slice(from)) record(id, skipped(message));
    return items;
  };

  let key: TServiceAccountKey | null;
  try {
    key = await input.loadKey();
  } catch (error) {
    record('key-signs', failed(describeGoogleFailure(error, { clientId: '' })));
    return skipRest(1, 'Skipped: there is no usable service-account key.');
  }
  if (key === null) {
    record('key-signs', {
      status: 'failed',
      message: 'No service-account key has been uploaded yet.',
      remedy:
        'Upload the JSON key of the service account (Google Cloud > IAM & Admin > Service Accounts > Keys).',
    });
    return skipRest(1, 'Skipped: there is no service-account key.');
  }
  const { adminUser } = input;
  const context = { clientId: key.clientId, adminUser };
  const signingKey = key;
  const hasSigned = await attempt('key-signs', context, async () => {
    await createAssertionSigner(signingKey)({
      subject: adminUser ?? signingKey.clientEmail,
      scopes: REQUIRED_DELEGATION_SCOPES,
      issuedAt: Math.floor(deps.now() / 1000),
    });
    return passed(`Signed a token request as ${signingKey.clientEmail} with key ${signingKey.privateKeyId}.`);
  });
  if (!hasSigned) return skipRest(1, 'Skipped: the key cannot sign.');

  if (adminUser === null) {
    record('admin-token', {
      status: 'failed',
      message: 'No admin user is set, so there is nobody for the service account to act as.',
      remedy:
        'Enter the email address of a Google Workspace super admin (or an admin with Users and Groups read access) and save it.',
    });
    return skipRest(2, 'Skipped: no admin user is set.');
  }

  const retries = { count: 0 };
  const tokens = createDelegatedTokenProvider({
    key,
    now: deps.now,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  let adminTokenError: unknown;
  await attempt('admin-token', context, async () => {
    try {
      await tokens.getAccessToken(adminUser, REQUIRED_DELEGATION_SCOPES);
    } catch (error) {
      adminTokenError = error;
      throw error;
    }
    return passed(
      `Google issued a token for ${adminUser} with all ${REQUIRED_DELEGATION_SCOPES.length} scopes.`,
    );
  });
  const isDelegationGap =
    adminTokenError instanceof GoogleAuthError && adminTokenError.code === 'DELEGATION_NOT_AUTHORIZED';
  if (adminTokenError !== undefined && !isDelegationGap) {
    return skipRest(2, 'Skipped: Google issues no token for the admin user (see above).');
  }
  if (isDelegationGap) {
    // The scope checks below pinpoint the gap and carry the remedy; repeating it here is noise.
    items[items.length - 1] = {
      id: 'admin-token',
      label: LABELS['admin-token'],
      status: 'failed',
      message:
        `Google refused a token for ${adminUser} with all ${REQUIRED_DELEGATION_SCOPES.length} scopes together: ` +
        `domain-wide delegation for Client ID ${signingKey.clientId} is incomplete. The scope checks below name the missing scope.`,
    };
  }

  const scopeOk = new Map<string, boolean>();
  for (const { id, scope } of SCOPE_CHECKS) {
    const ok = await attempt(id, context, async () => {
      try {
        await tokens.getAccessToken(adminUser, [scope]);
      } catch (error) {
        if (error instanceof GoogleAuthError && error.code === 'DELEGATION_NOT_AUTHORIZED') {
          return failed({
            code: error.code,
            message: `Domain-wide delegation for Client ID ${signingKey.clientId} does not include ${scope}.`,
            remedy: delegationRemedy(signingKey.clientId, scope),
          });
        }
        throw error;
      }
      return passed(`Delegation includes ${scope}.`);
    });
    scopeOk.set(scope, ok);
  }

  const directory = createDirectoryClient({
    tokens,
    adminUser,
    rootUrl: deps.adminRootUrl,
    retry: { ...CHECK_RETRY, ...deps.retry },
    fetch: countingRetries(deps.fetch ?? globalThis.fetch, retries),
    timeoutMs: 20_000,
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });

  let ordinaryUser: string | undefined = input.testUser;
  let isUserListReadable = false;
  if (scopeOk.get(GOOGLE_SCOPES.directoryUsers)) {
    isUserListReadable = await attempt('users-list', context, async () => {
      retries.count = 0;
      const first = await firstOf(directory.users());
      ordinaryUser ??= await findOrdinaryUser(directory);
      return passed(
        (first
          ? `Read the user list as ${adminUser} (first user: ${first.primaryEmail}).`
          : 'The user list is readable but empty.') + retriedNote(retries.count),
      );
    });
  } else {
    record('users-list', skipped('Skipped: the scope to read users is not delegated.'));
  }

  if (scopeOk.get(GOOGLE_SCOPES.directoryGroups)) {
    await attempt('groups-list', context, async () => {
      retries.count = 0;
      const first = await firstOf(directory.groups());
      return passed(
        (first
          ? `Read the group list (first group: ${first.email}).`
          : 'The group list is readable; the domain has no groups.') + retriedNote(retries.count),
      );
    });
  } else {
    record('groups-list', skipped('Skipped: the scope to read groups is not delegated.'));
  }

  if (!scopeOk.get(GOOGLE_SCOPES.mail)) {
    record('user-mail-token', skipped('Skipped: the mail scope is not delegated.'));
  } else if (ordinaryUser === undefined) {
    record(
      'user-mail-token',
      skipped(
        isUserListReadable
          ? 'Skipped: the directory has no active user without admin rights to try.'
          : 'Skipped: no ordinary user is known, because the user list could not be read.',
      ),
    );
  } else {
    const user = ordinaryUser;
    await attempt('user-mail-token', { ...context, adminUser }, async () => {
      await tokens.getAccessToken(user, [GOOGLE_SCOPES.mail]);
      return passed(
        `Google issued a mail token for ${user}, as archiving over IMAP and sending over SMTP will need.`,
      );
    });
  }
  return items;
}

async function firstOf<T>(iterable: AsyncIterable<T>): Promise<T | undefined> {
  for await (const item of iterable) return item;
  return undefined;
}

async function findOrdinaryUser(directory: TDirectoryClient): Promise<string | undefined> {
  const user = await firstOf(directory.users({ query: 'isAdmin=false isSuspended=false' }));
  return user?.primaryEmail;
}

function isKnownGoogleError(error: unknown): boolean {
  return (
    error instanceof GoogleAuthError || error instanceof DirectoryError || error instanceof SecretBoxError
  );
}

// Counts the answers the Directory client will retry, so a pass can say Google pushed back first.
function countingRetries(fetchImpl: TFetch, retries: { count: number }): TFetch {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    if (response.status === 429 || response.status >= 500) retries.count += 1;
    return response;
  };
}

function retriedNote(count: number): string {
  if (count === 0) return '';
  return ` Google asked to slow down or failed ${count === 1 ? 'once' : `${count} times`} first; the request was retried.`;
}
