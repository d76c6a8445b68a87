import { removeStaleDirectoryUser } from '@wac/directory-sync';
import { DirectoryError, GoogleAuthError } from '@wac/google';
import { AppError } from '../../errors/app-error';
import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import type { TAuditService } from '../audit/audit.service';
import { DIRECTORY_SYNC_AUDIT_ACTIONS } from './directory-sync.audit';
import type { TStaleUserRemoved } from './directory-sync.schemas';
import type { TActorContext, TGetDirectoryClient } from './directory-sync.service';

export type TStaleUserServiceDeps = {
  prisma: TPrisma;
  clock: TClock;
  audit: TAuditService;
  getDirectoryClient: TGetDirectoryClient;
};

/** The conflict that offers the removal; the planner gives it only to holders gone from Google. */
const STALE_REASON = 'STALE_USER_HOLDS_NAME';

/**
 * Removes the one stale directory user a conflict names (a leaver whose address went to a new
 * hire, kept because auto-delete is off), so the next sync can create the new holder. Google is
 * asked again first: the plan may be old, and a user who exists there is never removed here.
 */
export function createStaleUserService(deps: TStaleUserServiceDeps) {
  async function assertGoneFromGoogle(googleUserId: string, userName: string): Promise<void> {
    const directory = await deps.getDirectoryClient();
    try {
      const user = await directory.getUser(googleUserId);
      throw new AppError('CONFLICT', {
        message: `${userName} still exists in Google Workspace (as ${user.primaryEmail}), so it is not removed.`,
      });
    } catch (error) {
      if (error instanceof DirectoryError && error.code === 'NOT_FOUND') return;
      if (error instanceof DirectoryError || error instanceof GoogleAuthError) {
        throw new AppError('GOOGLE_REQUEST_FAILED', {
          message: error.message,
          details: { googleCode: error.code },
        });
      }
      throw error;
    }
  }

  return {
    async removeStaleUser(
      runId: string,
      changeId: string,
      { actor, context }: TActorContext,
    ): Promise<TStaleUserRemoved> {
      const change = await deps.prisma.syncChange.findFirst({
        where: { id: BigInt(changeId), runId },
        select: { kind: true, reason: true, userId: true, userName: true },
      });
      if (change === null) throw new AppError('NOT_FOUND', { message: 'This run has no such change.' });
      if (change.kind !== 'CONFLICT' || change.reason !== STALE_REASON || change.userId === null) {
        throw new AppError('CONFLICT', {
          message: 'This change does not name a stale user that could be removed.',
        });
      }
      const holder = await deps.prisma.user.findUnique({
        where: { id: change.userId },
        select: { id: true, userName: true, googleUserId: true, authMethod: true },
      });
      if (holder === null || holder.authMethod !== 'DIRECTORY') {
        throw new AppError('NOT_FOUND', {
          message: `The user holding ${change.userName} was already removed; synchronize again.`,
        });
      }
      if (holder.googleUserId !== null) await assertGoneFromGoogle(holder.googleUserId, holder.userName);

      const removal = await removeStaleDirectoryUser(deps.prisma, holder.id, deps.clock.now());
      if (removal.outcome === 'sync-running') {
        throw new AppError('SYNC_ALREADY_RUNNING', {
          message: 'A synchronization is running. Remove the stale user once it has finished.',
        });
      }
      if (removal.outcome === 'not-found') {
        throw new AppError('NOT_FOUND', {
          message: `The user holding ${change.userName} was already removed; synchronize again.`,
        });
      }
      await deps.audit.record({
        action: DIRECTORY_SYNC_AUDIT_ACTIONS.staleUserRemoved,
        actor,
        target: `user:${holder.id}`,
        details: {
          userName: holder.userName,
          googleUserId: holder.googleUserId,
          archiveFolderId: removal.archiveFolderId,
          runId,
        },
        context,
      });
      return { userId: holder.id, userName: holder.userName, archiveFolderId: removal.archiveFolderId };
    },
  };
}

export type TStaleUserService = ReturnType<typeof createStaleUserService>;
