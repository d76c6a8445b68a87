import { AppError } from '../../errors/app-error';
import type { TPrisma } from '../../lib/db';
import type { TAuditActor, TAuditService, TRequestContext } from '../audit/audit.service';
import { assignFolder, listOrphanedFolders } from './archive-folder.repository';
import type { TAssignedFolder, TOrphanedFolder } from './archive-folders.schemas';

export type TArchiveFoldersServiceDeps = { prisma: TPrisma; audit: TAuditService };

const REFUSALS = {
  'folder-not-found': ['NOT_FOUND', 'There is no archive folder with this id.'],
  'folder-owned': ['CONFLICT', 'This archive folder already has an owner.'],
  'user-not-found': ['NOT_FOUND', 'There is no user with this id.'],
  'user-has-folder': ['CONFLICT', 'This user already has an archive folder.'],
} as const;

export function createArchiveFoldersService(deps: TArchiveFoldersServiceDeps) {
  return {
    async listOrphaned(): Promise<{ items: TOrphanedFolder[] }> {
      const rows = await listOrphanedFolders(deps.prisma);
      return {
        items: rows.map((row) => ({
          id: row.id,
          name: row.name,
          formerOwnerUserName: row.ownerUserName,
          formerOwnerGoogleUserId: row.ownerGoogleUserId,
          ownerRemovedAt: row.ownerRemovedAt?.toISOString() ?? null,
          createdAt: row.createdAt.toISOString(),
        })),
      };
    },

    async assign(
      folderId: string,
      userId: string,
      { actor, context }: { actor: TAuditActor; context: TRequestContext },
    ): Promise<TAssignedFolder> {
      const outcome = await assignFolder(deps.prisma, folderId, userId);
      if (outcome !== 'assigned') {
        const [code, message] = REFUSALS[outcome];
        throw new AppError(code, { message });
      }
      const folder = await deps.prisma.archiveFolder.findUniqueOrThrow({
        where: { id: folderId },
        select: { id: true, ownerUserId: true, ownerUserName: true },
      });
      await deps.audit.record({
        action: 'archive_folder.assigned',
        actor,
        target: `archive-folder:${folderId}`,
        details: { userId, userName: folder.ownerUserName },
        context,
      });
      return { id: folder.id, ownerUserId: userId, ownerUserName: folder.ownerUserName };
    },
  };
}

export type TArchiveFoldersService = ReturnType<typeof createArchiveFoldersService>;
