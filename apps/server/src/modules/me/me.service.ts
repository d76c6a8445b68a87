import { AppError } from '../../errors/app-error';
import type { TPrisma } from '../../lib/db';
import type { TActiveSession } from '../auth/session.service';
import { findOwnProfile } from './me.repository';
import type { TMyProfile } from './me.schemas';

export function createMeService(deps: { prisma: TPrisma }) {
  return {
    /** Only ever the session's own user: there is no parameter that could name someone else. */
    async get(session: TActiveSession): Promise<TMyProfile> {
      const row = await findOwnProfile(deps.prisma, session.user.id);
      if (row === null) throw new AppError('UNAUTHENTICATED', { message: 'Sign in to continue.' });
      return {
        id: row.id,
        userName: row.userName,
        fullName: row.fullName,
        emails: row.emails,
        authMethod: row.authMethod,
        privileges: row.privileges,
        sessionKind: session.kind,
        archiveFolder: row.archiveFolder,
      };
    },
  };
}

export type TMeService = ReturnType<typeof createMeService>;
