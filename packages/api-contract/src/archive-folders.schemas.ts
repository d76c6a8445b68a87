import { z } from 'zod';

export const ZOrphanedFolder = z
  .object({
    id: z.uuid(),
    name: z.string(),
    formerOwnerUserName: z.string(),
    formerOwnerGoogleUserId: z.string().nullable(),
    ownerRemovedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'OrphanedFolder' });

export const ZOrphanedFolderList = z.object({ items: z.array(ZOrphanedFolder) });

export const ZFolderIdParams = z.object({ id: z.uuid() });

export const ZAssignFolderInput = z.object({ userId: z.uuid() });

export const ZAssignedFolder = z.object({ id: z.uuid(), ownerUserId: z.uuid(), ownerUserName: z.string() });

export type TOrphanedFolder = z.infer<typeof ZOrphanedFolder>;
export type TOrphanedFolderList = z.infer<typeof ZOrphanedFolderList>;
export type TAssignFolderInput = z.infer<typeof ZAssignFolderInput>;
export type TAssignedFolder = z.infer<typeof ZAssignedFolder>;
