import {
  createAssertionSigner,
  GOOGLE_SCOPES,
  GoogleAuthError,
  REQUIRED_DELEGATION_SCOPES,
  type TDirectoryClient,
} from '@wac/google';
import { probeMailboxAccess } from '@wac/mail';
import { delegationRemedy } from './google-problem.mapper';
import {
  failed,
  passed,
  retriedNote,
  sessionOf,
  type TSetupCheckContext,
  type TSetupCheckRow,
} from './setup-check.context';

// The rows of Check setup, in the order the console shows them. A new part of the setup (archiving
// over IMAP, sending over SMTP) is one more row here: its test, and when it cannot run.

const keySigns: TSetupCheckRow = {
  id: 'key-signs',
  label: 'The private key signs a token request',
  async run(context) {
    context.notes.keyState = 'unusable';
    const key = await context.input.loadKey();
    if (key === null) {
      context.notes.keyState = 'missing';
      return failed({
        message: 'No service-account key has been uploaded yet.',
        remedy:
          'Upload the JSON key of the service account (Google Cloud > IAM & Admin > Service Accounts > Keys).',
      });
    }
    context.key = key;
    context.notes.keyState = 'loaded';
    await createAssertionSigner(key)({
      subject: context.input.adminUser ?? key.clientEmail,
      scopes: REQUIRED_DELEGATION_SCOPES,
      issuedAt: Math.floor(context.deps.now() / 1000),
    });
    return passed(`Signed a token request as ${key.clientEmail} with key ${key.privateKeyId}.`);
  },
  blocksOnFailure: (context) =>
    ({
      missing: 'Skipped: there is no service-account key.',
      unusable: 'Skipped: there is no usable service-account key.',
      loaded: 'Skipped: the key cannot sign.',
    })[context.notes.keyState as string],
};

const adminToken: TSetupCheckRow = {
  id: 'admin-token',
  label: 'Google issues a token for the admin user',
  async run(context) {
    const { adminUser } = context.input;
    if (adminUser === null || context.key === undefined) {
      return failed({
        message: 'No admin user is set, so there is nobody for the service account to act as.',
        remedy:
          'Enter the email address of a Google Workspace super admin (or an admin with Users and Groups read access) and save it.',
      });
    }
    const tokens = context.deps.clients.freshTokenProvider(context.key, context.deps.now);
    context.session = { adminUser, tokens };
    const scopeCount = REQUIRED_DELEGATION_SCOPES.length;
    try {
      await tokens.getAccessToken(adminUser, REQUIRED_DELEGATION_SCOPES);
    } catch (error) {
      if (!(error instanceof GoogleAuthError && error.code === 'DELEGATION_NOT_AUTHORIZED')) throw error;
      // The scope rows below pinpoint the gap and carry the remedy; repeating it here is noise.
      context.notes.hasDelegationGap = true;
      return failed({
        message:
          `Google refused a token for ${adminUser} with all ${scopeCount} scopes together: domain-wide ` +
          `delegation for Client ID ${context.key.clientId} is incomplete. The scope checks below name the missing scope.`,
      });
    }
    return passed(`Google issued a token for ${adminUser} with all ${scopeCount} scopes.`);
  },
  blocksOnFailure(context) {
    if (context.session === undefined) return 'Skipped: no admin user is set.';
    if (context.notes.hasDelegationGap) return undefined;
    return 'Skipped: Google issues no token for the admin user (see above).';
  },
};

function delegatedScope(id: string, label: string, scope: string): TSetupCheckRow {
  return {
    id,
    label,
    async run(context) {
      const { adminUser, tokens } = sessionOf(context);
      try {
        await tokens.getAccessToken(adminUser, [scope]);
      } catch (error) {
        if (!(error instanceof GoogleAuthError && error.code === 'DELEGATION_NOT_AUTHORIZED')) throw error;
        const clientId = context.key?.clientId ?? '';
        return failed({
          message: `Domain-wide delegation for Client ID ${clientId} does not include ${scope}.`,
          remedy: delegationRemedy(clientId, scope),
        });
      }
      return passed(`Delegation includes ${scope}.`);
    },
  };
}

const usersList: TSetupCheckRow = {
  id: 'users-list',
  label: 'Read the user list (Directory API users.list)',
  skipReason: (context) =>
    context.statusOf('scope-directory-users') === 'passed'
      ? undefined
      : 'Skipped: the scope to read users is not delegated.',
  async run(context) {
    const { adminUser } = sessionOf(context);
    const directory = context.directory();
    context.retries.count = 0;
    const first = await firstOf(directory.users());
    context.ordinaryUser ??= await findOrdinaryUser(directory);
    return passed(
      (first
        ? `Read the user list as ${adminUser} (first user: ${first.primaryEmail}).`
        : 'The user list is readable but empty.') + retriedNote(context.retries.count),
    );
  },
};

const groupsList: TSetupCheckRow = {
  id: 'groups-list',
  label: 'Read the group list (Directory API groups.list)',
  skipReason: (context) =>
    context.statusOf('scope-directory-groups') === 'passed'
      ? undefined
      : 'Skipped: the scope to read groups is not delegated.',
  async run(context) {
    context.retries.count = 0;
    const first = await firstOf(context.directory().groups());
    return passed(
      (first
        ? `Read the group list (first group: ${first.email}).`
        : 'The group list is readable; the domain has no groups.') + retriedNote(context.retries.count),
    );
  },
};

const userMailToken: TSetupCheckRow = {
  id: 'user-mail-token',
  label: 'Mail token for an ordinary user',
  skipReason(context) {
    if (context.statusOf('scope-mail') !== 'passed') return 'Skipped: the mail scope is not delegated.';
    if (context.ordinaryUser !== undefined) return undefined;
    return context.statusOf('users-list') === 'passed'
      ? 'Skipped: the directory has no active user without admin rights to try.'
      : 'Skipped: no ordinary user is known, because the user list could not be read.';
  },
  async run(context) {
    const user = context.ordinaryUser ?? '';
    await sessionOf(context).tokens.getAccessToken(user, [GOOGLE_SCOPES.mail]);
    return passed(
      `Google issued a mail token for ${user}, as archiving over IMAP and sending over SMTP will need.`,
    );
  },
};

const imapAllMail: TSetupCheckRow = {
  id: 'imap-all-mail',
  label: 'Log in over IMAP and open All Mail',
  // Runs even when the mail scope is not delegated: the admin then reads, on the row about
  // archiving itself, which scope to add.
  skipReason(context) {
    if (context.ordinaryUser === undefined) {
      return context.statusOf('users-list') === 'passed'
        ? 'Skipped: the directory has no active user without admin rights to try.'
        : 'Skipped: no ordinary user is known, because the user list could not be read.';
    }
    if (context.statusOf('scope-mail') === 'passed' && context.statusOf('user-mail-token') === 'failed') {
      return `Skipped: Google issues no mail token for ${context.ordinaryUser} (see above).`;
    }
    return undefined;
  },
  async run(context) {
    const user = context.ordinaryUser ?? '';
    const { tokens } = sessionOf(context);
    const { imap } = context.deps;
    const where = `${imap.host}:${imap.port}`;
    const result = await probeMailboxAccess(
      {
        imap,
        getAccessToken: async (email) =>
          (await tokens.getAccessToken(email, [GOOGLE_SCOPES.mail])).accessToken,
      },
      user,
    );
    if (result.isOk) {
      const count = `${result.messages.toLocaleString('en-US')} message${result.messages === 1 ? '' : 's'}`;
      return passed(
        result.isGmail
          ? `Logged in to ${where} as ${user} with a delegated token and opened ${result.folder} (${count}).`
          : `Logged in to ${where} as ${user} and opened ${result.folder} (${count}); the server is not Gmail (no X-GM-EXT-1), so every folder is archived on its own.`,
      );
    }
    const { problem } = result;
    if (problem.code === 'CONNECTION_LOST') {
      return failed({
        message: problem.message,
        remedy: `Check that this server can reach ${where} (firewall, proxy, DNS) and that IMAP_HOST, IMAP_PORT and IMAP_TLS name Gmail's IMAP server (imap.gmail.com, 993, true) or the one you archive from.`,
      });
    }
    return failed({ message: problem.message, remedy: problem.remedy });
  },
};

export const SETUP_CHECKS: readonly TSetupCheckRow[] = [
  keySigns,
  adminToken,
  delegatedScope('scope-directory-users', 'Delegated scope: read users', GOOGLE_SCOPES.directoryUsers),
  delegatedScope('scope-directory-groups', 'Delegated scope: read groups', GOOGLE_SCOPES.directoryGroups),
  delegatedScope('scope-mail', 'Delegated scope: mail (IMAP and SMTP)', GOOGLE_SCOPES.mail),
  usersList,
  groupsList,
  userMailToken,
  imapAllMail,
];

async function firstOf<T>(iterable: AsyncIterable<T>): Promise<T | undefined> {
  for await (const item of iterable) return item;
  return undefined;
}

async function findOrdinaryUser(directory: TDirectoryClient): Promise<string | undefined> {
  const user = await firstOf(directory.users({ query: 'isAdmin=false isSuspended=false' }));
  return user?.primaryEmail;
}

export type { TSetupCheckContext };
