import type { PrismaClient } from '@wac/db';
import type { TDbUser } from '../plan/plan.types';

const PAGE_SIZE = 10_000;

/**
 * Every user as the planner needs it, read in keyset pages so that no single result set (and
 * its driver-side buffers) holds the whole table at once.
 */
export async function loadDbUsers(prisma: PrismaClient): Promise<TDbUser[]> {
  const users: TDbUser[] = [];
  let afterId: string | undefined;
  for (;;) {
    const page = await prisma.user.findMany({
      select: {
        id: true,
        userName: true,
        fullName: true,
        emails: true,
        authMethod: true,
        googleUserId: true,
        isSuspended: true,
        orgUnitPath: true,
        privileges: true,
      },
      ...(afterId === undefined ? {} : { where: { id: { gt: afterId } } }),
      orderBy: { id: 'asc' },
      take: PAGE_SIZE,
    });
    for (const row of page) users.push(row);
    if (page.length < PAGE_SIZE) return users;
    afterId = page[page.length - 1]!.id;
  }
}
