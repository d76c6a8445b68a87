import { toUserNameKey } from '@wac/db';
import type { TPrisma } from '../../src/lib/db';
import { fastPasswordHasher } from './test-app';

export async function createUser(
  prisma: TPrisma,
  input: {
    userName: string;
    fullName?: string;
    emails?: string[];
    privileges?: string[];
    authMethod?: 'LOCAL' | 'DIRECTORY';
    password?: string;
    isSuspended?: boolean;
    googleUserId?: string;
    orgUnitPath?: string;
  },
) {
  return prisma.user.create({
    data: {
      userName: input.userName,
      userNameKey: toUserNameKey(input.userName),
      fullName: input.fullName ?? input.userName,
      emails: input.emails ?? [],
      privileges: input.privileges ?? ['login'],
      authMethod: input.authMethod ?? 'LOCAL',
      isSuspended: input.isSuspended ?? false,
      googleUserId: input.googleUserId,
      orgUnitPath: input.orgUnitPath,
      passwordHash: input.password === undefined ? null : await fastPasswordHasher.hash(input.password),
      archiveFolder: { create: { name: `Archive of ${input.userName}`, ownerUserName: input.userName } },
    },
  });
}
