import type { TDb } from '../../lib/db';

export async function findOwnProfile(db: TDb, userId: string) {
  return db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      userName: true,
      fullName: true,
      emails: true,
      authMethod: true,
      privileges: true,
      archiveFolder: { select: { id: true, name: true } },
    },
  });
}
