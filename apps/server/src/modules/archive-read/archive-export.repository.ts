import type { Prisma } from '@wac/db';
import type { TDb } from '../../lib/db';

export async function insertExport(
  db: TDb,
  data: Omit<Prisma.ArchiveExportUncheckedCreateInput, 'id'> & { id: string },
) {
  return db.archiveExport.create({ data });
}

export async function updateExport(db: TDb, id: string, data: Prisma.ArchiveExportUpdateInput) {
  await db.archiveExport.update({ where: { id }, data });
}

export async function findExport(db: TDb, id: string) {
  return db.archiveExport.findUnique({ where: { id } });
}

export async function listExports(db: TDb, createdByUserId: string | null) {
  return db.archiveExport.findMany({
    where: createdByUserId === null ? {} : { createdByUserId },
    orderBy: { createdAt: 'desc' },
    take: 200,
  });
}

export async function countDownload(db: TDb, id: string) {
  await db.archiveExport.update({ where: { id }, data: { downloads: { increment: 1 } } });
}

export async function insertRestore(db: TDb, data: Prisma.ArchiveRestoreUncheckedCreateInput) {
  return db.archiveRestore.create({ data });
}

export async function updateRestore(db: TDb, id: string, data: Prisma.ArchiveRestoreUpdateInput) {
  return db.archiveRestore.update({ where: { id }, data });
}

export async function findRestore(db: TDb, id: string) {
  return db.archiveRestore.findUnique({ where: { id } });
}

export async function listRestores(db: TDb, createdByUserId: string | null) {
  return db.archiveRestore.findMany({
    where: createdByUserId === null ? {} : { createdByUserId },
    orderBy: { createdAt: 'desc' },
    take: 200,
  });
}
