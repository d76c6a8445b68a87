import { randomInt } from 'node:crypto';
import { toUserNameKey } from '@wac/db';
import type { TPrisma } from '../../lib/db';
import { AUDIT_ACTIONS } from '../audit/audit.actions';
import { SYSTEM_ACTOR, type TAuditService } from '../audit/audit.service';
import type { TPasswordHasher } from '../auth/password-hasher';
import { ADMIN_PRIVILEGE } from '../auth/session.service';
import { createLocalUserWithArchive, existsUserNameKey, existsUserWithPrivilege } from './user.repository';

export const BOOTSTRAP_ADMIN_NAME = 'admin';

// The first admin can do everything an archive admin can; `admin` alone implies the rest, the
// others make the user list read the way admins expect.
const BOOTSTRAP_PRIVILEGES = [ADMIN_PRIVILEGE, 'login', 'changePassword'];

// Serialises the check-then-create across instances that boot at the same moment.
const BOOTSTRAP_LOCK_KEY = 7_246_101;

// No 0/O/1/l/I: the password is read off a terminal and typed by hand.
const PASSWORD_ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 4 groups of 6 from a 57-symbol alphabet: about 140 bits. */
export function generateAdminPassword(): string {
  const groups = Array.from({ length: 4 }, () =>
    Array.from({ length: 6 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join(''),
  );
  return groups.join('-');
}

export type TBootstrapResult =
  | { outcome: 'admin-exists' }
  | { outcome: 'name-taken' }
  | { outcome: 'created'; userId: string; generatedPassword: string | undefined };

export async function ensureBootstrapAdmin(deps: {
  prisma: TPrisma;
  passwordHasher: TPasswordHasher;
  audit: TAuditService;
  adminPassword: string | undefined;
}): Promise<TBootstrapResult> {
  if (await existsUserWithPrivilege(deps.prisma, ADMIN_PRIVILEGE)) return { outcome: 'admin-exists' };

  const generatedPassword = deps.adminPassword === undefined ? generateAdminPassword() : undefined;
  const passwordHash = await deps.passwordHasher.hash(deps.adminPassword ?? generatedPassword ?? '');

  return deps.prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK_KEY})`;
    if (await existsUserWithPrivilege(tx, ADMIN_PRIVILEGE)) return { outcome: 'admin-exists' } as const;
    const userNameKey = toUserNameKey(BOOTSTRAP_ADMIN_NAME);
    if (await existsUserNameKey(tx, userNameKey)) return { outcome: 'name-taken' } as const;

    const user = await createLocalUserWithArchive(tx, {
      userName: BOOTSTRAP_ADMIN_NAME,
      userNameKey,
      fullName: 'Administrator',
      privileges: BOOTSTRAP_PRIVILEGES,
      passwordHash,
    });
    await deps.audit.record(
      {
        action: AUDIT_ACTIONS.userCreated,
        actor: SYSTEM_ACTOR,
        target: `user:${user.id}`,
        details: {
          userName: user.userName,
          privileges: user.privileges,
          archiveFolderId: user.archiveFolderId,
          passwordSource: generatedPassword === undefined ? 'ADMIN_PASSWORD' : 'generated',
        },
      },
      tx,
    );
    return { outcome: 'created', userId: user.id, generatedPassword } as const;
  });
}

/** The only place the generated password is shown: straight to stdout, never through the logger. */
export function formatGeneratedPasswordNotice(password: string): string {
  const lines = [
    'A local administrator was created for the first start.',
    '',
    `  User name: ${BOOTSTRAP_ADMIN_NAME}`,
    `  Password:  ${password}`,
    '',
    'This password is shown only this once. Sign in and store it safely,',
    'or set ADMIN_PASSWORD before the first start next time.',
  ];
  const width = Math.max(...lines.map((line) => line.length)) + 4;
  const border = `+${'-'.repeat(width - 2)}+`;
  const body = lines.map((line) => `| ${line.padEnd(width - 4)} |`);
  return ['', border, ...body, border, ''].join('\n');
}
